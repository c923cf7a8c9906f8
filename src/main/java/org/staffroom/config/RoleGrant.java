package org.staffroom.config;

/** A role, trust-wide when {@code schoolId} is null, or for one school. Written "role" or "role@school". */
public record RoleGrant(Role role, String schoolId) {

    public boolean trustWide() {
        return schoolId == null;
    }

    /** True if this grant gives {@code wanted} for {@code school} (a trust-wide grant covers every school). */
    public boolean covers(Role wanted, String school) {
        return role == wanted && (schoolId == null || schoolId.equals(school));
    }

    @Override
    public String toString() {
        String r = role.name().toLowerCase(java.util.Locale.ROOT);
        return schoolId == null ? r : r + "@" + schoolId;
    }
}
