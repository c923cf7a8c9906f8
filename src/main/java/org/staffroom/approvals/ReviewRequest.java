package org.staffroom.approvals;

import org.staffroom.config.Approvals;

/**
 * What a subject asks for when it opens a review: which subject ({@code kind} such as "draft",
 * and its id), whose school and which target pick the route, and who wrote it (the author's
 * person key, who may never decide on it).
 */
public record ReviewRequest(
        String subjectKind,
        String subjectId,
        String schoolId,
        Approvals.Target target,
        String authorKey,
        String authorName) {}
