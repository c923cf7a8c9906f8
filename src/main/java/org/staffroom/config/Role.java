package org.staffroom.config;

/** What a person may do. Everyone in a school's space is at least a teacher. */
public enum Role {
    TEACHER,
    COORDINATOR,
    APPROVER,
    ADMIN
}
