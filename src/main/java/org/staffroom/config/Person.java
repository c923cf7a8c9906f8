package org.staffroom.config;

import java.util.List;

/** Someone on the staff whose accounts are linked across spaces and who has roles. */
public record Person(String id, String name, String schoolId, List<Account> accounts, List<RoleGrant> roles) {

    /** A member id in one space (Slack U…, Discord user id). */
    public record Account(String spaceId, String userId) {}
}
