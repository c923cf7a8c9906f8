package org.staffroom.config;

import java.util.List;

/** Roles given to every member of a Slack user group or a Discord role. */
public record GroupRoles(String spaceId, String groupId, List<RoleGrant> roles) {}
