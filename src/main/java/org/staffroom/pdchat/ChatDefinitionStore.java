package org.staffroom.pdchat;

import static org.staffroom.config.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.config.PdChatDef;
import org.staffroom.config.Sql;

/** SQL for chats coordinators scheduled with /pdchat schedule ({@code pdchat_chat}). */
@Repository
class ChatDefinitionStore {

    private final JdbcClient jdbc;
    private final Sql.Rows<PdChatDef> chats;

    ChatDefinitionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.chats = new Sql.Rows<>(jdbc, ChatDefinitionStore::row);
    }

    List<PdChatDef> all() {
        return chats.list("select * from pdchat_chat order by id");
    }

    /** The host's name as recorded when the chat was scheduled. */
    Optional<String> hostName(String chatId) {
        return jdbc.sql("select host_name from pdchat_chat where chat_id = ?")
                .param(chatId)
                .query(String.class)
                .optional();
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
                        utc(at))
                .update();
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
