package org.staffroom.testing.slack;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A workspace member as {@code users.info} describes it.
 *
 * @param id          user id, {@code U…}
 * @param name        the legacy handle ({@code name})
 * @param realName    {@code real_name} (also in the profile)
 * @param displayName {@code profile.display_name}; may be empty, as it often is in real workspaces
 * @param tz          IANA time zone, e.g. {@code Europe/London}
 * @param teamId      the member's team; null means the fake's own team
 * @param bot         {@code is_bot}
 */
public record FakeUser(
        String id, String name, String realName, String displayName, String tz, String teamId, boolean bot) {

    public FakeUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        realName = realName == null ? name : realName;
        displayName = displayName == null ? "" : displayName;
        tz = tz == null ? "Europe/London" : tz;
    }

    /** A human member in Europe/London with the given handle and real name. */
    public static FakeUser of(String id, String name, String realName) {
        return new FakeUser(id, name, realName, realName, "Europe/London", null, false);
    }

    FakeUser withTeam(String team) {
        return teamId != null ? this : new FakeUser(id, name, realName, displayName, tz, team, bot);
    }

    JsonObject toJson() {
        ZoneId zone = ZoneId.of(tz);
        int offset = zone.getRules().getOffset(Instant.now()).getTotalSeconds();
        JsonObject profile = Json.obj(
                "real_name", realName,
                "real_name_normalized", realName,
                "display_name", displayName,
                "display_name_normalized", displayName,
                "team", teamId);
        return Json.obj(
                "id", id,
                "team_id", teamId,
                "name", name,
                "deleted", false,
                "real_name", realName,
                "tz", tz,
                "tz_label", zone.getId(),
                "tz_offset", offset,
                "is_bot", bot,
                "is_app_user", false,
                "profile", profile);
    }
}
