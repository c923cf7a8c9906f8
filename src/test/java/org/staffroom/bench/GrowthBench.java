package org.staffroom.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.staffroom.pdchat.PdChatArchives;
import org.staffroom.testing.Sample;
import org.staffroom.testing.SandboxClient;

/**
 * Figure 6: how the cost of reading the archive grows with what is stored. Rows are bulk-inserted
 * with JDBC batches into an H2 file database under the running application (sample trust, sandbox):
 * PD-chat messages in runs of 200 across many chats, each indexed under its chat's hashtag and one in
 * ten also under {@code #phonics}, plus one archived run of #NWTchat with 300 messages. At 10k, 100k
 * and 1M stored messages it times, through the sandbox as a teacher would, {@code /tag #phonics} (one
 * tag among a tenth of everything) and {@code /pdchat archive #NWTchat <date>}, and the archive page's
 * Markdown ({@link PdChatArchives#markdown}), each the median of seven after two to warm up.
 */
final class GrowthBench {

    static final String SCENARIO = "growth";
    static final int PER_RUN = 200;
    static final LocalDate ARCHIVED = LocalDate.of(2026, 11, 17);
    static final String[] PD = {Sample.OAKFIELD_PD, Sample.RIVERSIDE_PD, Sample.HILLCREST_PD, Sample.SEVILLA_PD};
    static final String[] SCHOOLS = {"oakfield", "riverside", "hillcrest", "sevilla"};

    private final Report report;
    private long stored;
    private int runs;
    private long nextMessage;

    GrowthBench(Report report) {
        this.report = report;
    }

    void run() throws Exception {
        Path work = Bench.work(SCENARIO);
        Map<String, Object> p = InProcessStaffroom.baseProperties(work, Path.of("bot-config"));
        try (InProcessStaffroom app = InProcessStaffroom.start(p)) {
            DataSource ds = app.bean(DataSource.class);
            this.ds = ds;
            this.touchOccurrence = occurrence(
                    ds, "touch", LocalDate.of(2014, 12, 30), "#touch", Instant.parse("2014-12-30T19:00:00Z"));
            SandboxClient sandbox = new SandboxClient(app.port());
            PdChatArchives archives = app.bean(PdChatArchives.class);
            archivedRun(ds);
            String section = "6. Growth: archive and /tag with N stored messages (H2 file database)";
            for (int size : new int[] {10_000, 100_000, 1_000_000}) {
                int target = Bench.scaled(size);
                long t0 = System.nanoTime();
                fill(ds, target);
                Bench.raw(
                        SCENARIO,
                        "stored " + stored + " messages (" + runs + " runs) in " + Bench.ms(Bench.millisSince(t0)));
                execute(app, WITHOUT_INDEX);
                explain(app, "without V12");
                double tagBefore = median(() -> tag(sandbox));
                double queryBefore = median(() -> tagQuery(app));
                execute(app, migration());
                explain(app, "with V12");
                double tagAfter = median(() -> tag(sandbox));
                double queryAfter = median(() -> tagQuery(app));
                String answer = sandbox.lastPrivateAnswer(Sample.BEN, Sample.OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text();
                if (!answer.contains("#phonics") || !answer.contains("growth message")) {
                    throw new AssertionError("/tag #phonics did not list the stored posts: " + answer);
                }
                double command = median(() ->
                        sandbox.command(Sample.BEN, Sample.OAKFIELD_STAFFROOM, "/pdchat archive #NWTchat " + ARCHIVED));
                double page = median(() -> {
                    String md = archives.markdown("nwtchat-weekly", ARCHIVED).orElseThrow();
                    if (!md.contains("300 messages"))
                        throw new AssertionError("the archived run's transcript is not whole");
                });
                Bench.raw(
                        SCENARIO,
                        "N=" + stored + ": /tag " + Bench.ms(tagBefore) + " without the index, " + Bench.ms(tagAfter)
                                + " with it (query alone " + Bench.ms(queryBefore) + " / " + Bench.ms(queryAfter)
                                + "); /pdchat archive " + Bench.ms(command) + "; archive page " + Bench.ms(page));
                report.row(
                        section,
                        "N = " + Bench.num(stored, 0) + ": /tag #phonics (matches " + Bench.num(stored / 10.0, 0)
                                + ", lists 10)",
                        Bench.ms(tagAfter) + " (V12 index)",
                        Bench.ms(tagBefore) + " (before: V9's index)",
                        Bench.ratio(tagAfter / tagBefore),
                        "median of 7, through the sandbox; its query alone " + Bench.ms(queryAfter) + " vs "
                                + Bench.ms(queryBefore));
                report.row(
                        section,
                        "N = " + Bench.num(stored, 0)
                                + ": /pdchat archive #NWTchat · archive page (Markdown, 300 messages)",
                        Bench.ms(command) + " · " + Bench.ms(page),
                        "–",
                        "–",
                        "median of 7");
            }
        }
    }

    /** The index V9 created for /tag, in place of V12's (the "before" of the figure). */
    static final List<String> WITHOUT_INDEX = List.of(
            "drop index if exists pdchat_tag_post_latest",
            "create index if not exists pdchat_tag_post_recent on pdchat_tag_post (tag, posted_at)");

    /** The statements of the shipped migration, exactly. */
    static List<String> migration() {
        try (var in = GrowthBench.class.getResourceAsStream("/db/migration/V12__pdchat_tag_latest.sql")) {
            String sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) out.add(statement.trim());
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void execute(InProcessStaffroom app, List<String> statements) {
        long t0 = System.nanoTime();
        for (String sql : statements) app.jdbc().sql(sql).update();
        Bench.raw(SCENARIO, String.join("; ", statements) + " (" + Bench.ms(Bench.millisSince(t0)) + ")");
    }

    /** TagStore.recent's query on its own, as /tag runs it. */
    private static void tagQuery(InProcessStaffroom app) {
        int rows = app.jdbc()
                .sql("select * from pdchat_tag_post where tag = ? order by tag, posted_at desc, id desc limit ?")
                .params("#phonics", 10)
                .query((rs, n) -> rs.getLong("id"))
                .list()
                .size();
        if (rows != 10) throw new AssertionError("the /tag query found " + rows + " rows");
    }

    private static void tag(SandboxClient sandbox) {
        sandbox.command(Sample.BEN, Sample.OAKFIELD_STAFFROOM, "/tag #phonics");
    }

    /** The plans H2 chooses for the queries behind the figures, with the rows each read (raw output only). */
    private static void explain(InProcessStaffroom app, String label) {
        for (String sql : new String[] {
            "select * from pdchat_tag_post where tag = '#phonics' order by tag, posted_at desc, id desc limit 10",
            "select * from pdchat_occurrence where lower(hashtag) = '#nwtchat' order by occurrence_date desc, id desc",
            "select * from pdchat_message where occurrence_id = 1 and deleted = false and hidden = false order by posted_at, id"
        }) {
            String plan = app.jdbc()
                    .sql("explain analyze " + sql)
                    .query(String.class)
                    .single()
                    .replaceAll("\\s+", " ");
            Bench.raw(SCENARIO, label + " plan: " + plan.replaceAll("SELECT .* FROM", "SELECT … FROM"));
        }
    }

    /**
     * Median of seven timed calls after two to warm up. Before each, a new post arrives (a row in the
     * tables read), as in a live chat: otherwise H2 hands back the previous result of an identical query
     * and the figure would say nothing about the data.
     */
    private double median(Runnable call) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            touch();
            long t0 = System.nanoTime();
            call.run();
            if (i >= 2) times.add(Bench.millisSince(t0));
        }
        return Bench.median(times);
    }

    // ------------------------------------------------------------------ data

    private DataSource ds;
    private long touchOccurrence;

    /** One more captured and indexed message in a bulk run (not the archived one, not #phonics). */
    private void touch() {
        try {
            messages(ds, touchOccurrence, "#touch", Instant.parse("2014-12-30T19:00:00Z"), 1, false);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The run the archive figures read: #NWTchat on 17 November, five questions, 300 messages from four schools. */
    private void archivedRun(DataSource ds) throws SQLException {
        Instant start = Instant.parse("2026-11-17T19:00:00Z");
        long id = occurrence(ds, "nwtchat-weekly", ARCHIVED, "#NWTchat", start);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement(
                    "insert into pdchat_question (occurrence_id, question_no, text, due_at) values (?, ?, ?, ?)")) {
                for (int n = 1; n <= 5; n++) {
                    q.setLong(1, id);
                    q.setInt(2, n);
                    q.setString(3, "Q" + n + ": question " + n + " of the archived run?");
                    q.setObject(4, utc(start.plusSeconds(600L * (n - 1))));
                    q.addBatch();
                }
                q.executeBatch();
            }
            c.commit();
        }
        messages(ds, id, "#NWTchat", start, 300, false);
    }

    /** Adds runs of 200 messages until {@code target} are stored. */
    private void fill(DataSource ds, int target) throws SQLException {
        while (stored < target) {
            int k = runs++;
            String hashtag = "#bulk" + (k % 50);
            LocalDate date = LocalDate.of(2015, 1, 6).plusWeeks(k / 50);
            Instant start = date.atTime(19, 0).toInstant(ZoneOffset.UTC);
            long id = occurrence(ds, "bulk-" + (k % 50), date, hashtag, start);
            int n = (int) Math.min(PER_RUN, target - stored);
            messages(ds, id, hashtag, start, n, true);
            stored += n;
        }
    }

    private long occurrence(DataSource ds, String chatId, LocalDate date, String hashtag, Instant start)
            throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement st = c.prepareStatement("""
                insert into pdchat_occurrence (chat_id, occurrence_date, hashtag, title, host_key, host_name, zone, mode,
                    interval_minutes, schools, starts_at, ends_at, state, manual, created_at)
                values (?, ?, ?, 'Growth', 'farid-rahman', 'Farid Rahman', 'Europe/London', 'LIVE', 10,
                    'oakfield,riverside,hillcrest,sevilla', ?, ?, 'ARCHIVED', false, ?)""", new String[] {"id"})) {
            st.setString(1, chatId);
            st.setObject(2, date);
            st.setString(3, hashtag);
            st.setObject(4, utc(start));
            st.setObject(5, utc(start.plus(Duration.ofMinutes(60))));
            st.setObject(6, utc(start));
            st.executeUpdate();
            try (var keys = st.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** {@code n} captured messages of a run, each in the hashtag index, one in ten also under #phonics. */
    private void messages(DataSource ds, long occurrenceId, String hashtag, Instant start, int n, boolean phonics)
            throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement m = c.prepareStatement("""
                    insert into pdchat_message (occurrence_id, question_no, attributed_by, channel_key, message_id, thread_id,
                        school_id, author_key, author_name, text, posted_at, deleted, hidden)
                    values (?, ?, 'CURRENT', ?, ?, null, ?, ?, ?, ?, ?, false, false)""");
                    PreparedStatement t = c.prepareStatement("""
                    insert into pdchat_tag_post (tag, label, channel_key, message_id, thread_id, school_id, author_key,
                        author_name, excerpt, posted_at) values (?, ?, ?, ?, null, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < n; i++) {
                    long seq = nextMessage++;
                    int school = (int) (seq % 4);
                    String messageId = "g" + seq;
                    boolean withPhonics = phonics && seq % 10 == 0;
                    String text = "A" + (1 + i % 5) + " growth message " + seq + " about feedback and marking "
                            + hashtag + (withPhonics ? " #phonics" : "");
                    OffsetDateTime at = utc(start.plusSeconds(5L * i));
                    m.setLong(1, occurrenceId);
                    m.setInt(2, 1 + i % 5);
                    m.setString(3, PD[school]);
                    m.setString(4, messageId);
                    m.setString(5, SCHOOLS[school]);
                    m.setString(6, "person-" + (seq % 500));
                    m.setString(7, "Teacher " + (seq % 500));
                    m.setString(8, text);
                    m.setObject(9, at);
                    m.addBatch();
                    tag(t, hashtag, PD[school], messageId, SCHOOLS[school], seq, text, at);
                    if (withPhonics) tag(t, "#phonics", PD[school], messageId, SCHOOLS[school], seq, text, at);
                    if (i % 1000 == 999) {
                        m.executeBatch();
                        t.executeBatch();
                    }
                }
                m.executeBatch();
                t.executeBatch();
            }
            c.commit();
        }
    }

    private static void tag(
            PreparedStatement t,
            String tag,
            String channel,
            String messageId,
            String school,
            long seq,
            String text,
            OffsetDateTime at)
            throws SQLException {
        t.setString(1, tag.toLowerCase());
        t.setString(2, tag);
        t.setString(3, channel);
        t.setString(4, messageId);
        t.setString(5, school);
        t.setString(6, "person-" + (seq % 500));
        t.setString(7, "Teacher " + (seq % 500));
        t.setString(8, text);
        t.setObject(9, at);
        t.addBatch();
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
