package org.staffroom.approvals;

import org.staffroom.config.Approvals;

/** approvals.yml has no route (or no stages) for a school and target. */
public class NoRouteException extends RuntimeException {

    private final String schoolId;
    private final Approvals.Target target;

    public NoRouteException(String schoolId, Approvals.Target target) {
        super("no approval route for " + schoolId + " / " + target);
        this.schoolId = schoolId;
        this.target = target;
    }

    public String schoolId() {
        return schoolId;
    }

    public Approvals.Target target() {
        return target;
    }
}
