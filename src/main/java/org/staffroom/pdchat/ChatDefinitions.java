package org.staffroom.pdchat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.config.PdChatDef;
import org.staffroom.config.Sql;
import org.staffroom.config.TrustConfig;
import org.staffroom.directory.Directory;

/**
 * Every chat there is: those in chats.yml (the config in force) and those coordinators scheduled
 * with /pdchat schedule (stored here). A stored chat never shadows one from the config.
 */
@Repository
class ChatDefinitions {

    private final JdbcClient jdbc;
    private final Sql.Rows<PdChatDef> chats;
    private final TrustConfig config;
    private final Directory directory;

    ChatDefinitions(JdbcClient jdbc, TrustConfig config, Directory directory) {
        this.jdbc = jdbc;
        this.chats = new Sql.Rows<>(jdbc, ChatDefinitions::row);
        this.config = config;
        this.directory = directory;
    }

    List<PdChatDef> all() {
        List<PdChatDef> out = new ArrayList<>(config.get().chats());
        Set<String> ids = out.stream().map(PdChatDef::id).collect(Collectors.toSet());
        for (PdChatDef stored : stored()) {
            if (!ids.contains(stored.id())) out.add(stored);
        }
        return out;
    }

    Optional<PdChatDef> byId(String id) {
        return all().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** The host's name: from people.yml, else as recorded when the chat was scheduled. */
    String hostName(PdChatDef def) {
        return directory
                .person(def.hostId())
                .map(p -> p.name())
                .or(() -> jdbc.sql("select host_name from pdchat_chat where chat_id = ?")
                        .param(def.id())
                        .query(String.class)
                        .optional())
                .orElse(def.hostId());
    }

    boolean exists(String chatId) {
        return byId(chatId).isPresent();
    }

    void add(PdChatDef def, String hostName, String createdBy, Instant at) {
        jdbc.sql("""
                insert into pdchat_chat (chat_id, hashtag, title, host_key, host_name, start_local, zone, repeat_mode, mode,
                    interval_minutes, after_minutes, schools, questions, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        def.id(),
                        def.hashtag(),
                        def.title(),
                        def.hostId(),
                        hostName,
                        def.start().toString(),
                        def.zone().getId(),
                        def.repeat().name(),
                        def.mode().name(),
                        def.intervalMinutes(),
                        def.minutesOpenAfterLast(),
                        String.join(",", def.schoolIds()),
                        String.join("\n", def.questions()),
                        createdBy,
                        at.atOffset(ZoneOffset.UTC))
                .update();
    }

    private List<PdChatDef> stored() {
        return chats.list("select * from pdchat_chat order by id");
    }

    private static PdChatDef row(ResultSet rs, int n) throws SQLException {
        String schools = rs.getString("schools");
        return new PdChatDef(
                rs.getString("chat_id"),
                rs.getString("hashtag"),
                rs.getString("title"),
                rs.getString("host_key"),
                LocalDateTime.parse(rs.getString("start_local")),
                ZoneId.of(rs.getString("zone")),
                PdChatDef.Repeat.valueOf(rs.getString("repeat_mode")),
                PdChatDef.Mode.valueOf(rs.getString("mode")),
                rs.getInt("interval_minutes"),
                rs.getInt("after_minutes"),
                schools.isEmpty() ? List.of() : Arrays.asList(schools.split(",")),
                List.of(rs.getString("questions").split("\n")));
    }
}
