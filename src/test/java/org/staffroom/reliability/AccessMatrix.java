package org.staffroom.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.staffroom.config.TrustConfig;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.web.LoginLinks;

/**
 * S10, the access matrix of one mode: every endpoint against every kind of caller, each cell a
 * check. The callers come from elsewhere on the network (a non-loopback remote address) except
 * {@link Who#LOCAL}, a browser on this machine: an anonymous caller, someone holding a sign-in
 * link made for an account outside the trust, a person removed from people.yml after signing in,
 * a teacher, an approver and an admin. Each mode is a subclass with its platforms set up; what
 * differs between modes (the sandbox, Slack's endpoints) is decided by {@link Mode}.
 */
@StaffroomTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class AccessMatrix {

    /** Somewhere else on the school network (TEST-NET-3, never routed). */
    static final String REMOTE = "203.0.113.7";
    /** The sample trust's Slack workspace and Oakfield's staffroom, as the sandbox names them. */
    static final String KATE_ON_SLACK = "slack:T0NWTRUST1:U0KATEBR01";

    static final String OAKFIELD_STAFFROOM = "slack:T0NWTRUST1:C0OAKSTAFF1";

    /** What the mode has on. */
    record Mode(String name, boolean sandboxOn, boolean slackHttp, boolean slackOAuth) {}

    /** Who asks. */
    enum Who {
        ANONYMOUS,
        FOREIGN_LINK,
        REMOVED,
        TEACHER,
        APPROVER,
        ADMIN,
        LOCAL
    }

    /** What must happen. */
    enum Outcome {
        /** Sent to sign in: a page redirects to /login, the JSON API answers 401. */
        SIGN_IN,
        /** 403, or 400/401 for a request that fails a signature or token check. */
        REFUSED,
        /** As if the address did not exist. */
        NOT_FOUND,
        ALLOWED
    }

    /** One request and what each caller must get. */
    record Row(
            String what,
            BiFunction<Who, MockHttpSession, MockHttpServletRequestBuilder> request,
            Map<Who, Outcome> expected) {}

    /** Each mode's context edits a copy of its own. */
    @DynamicPropertySource
    static void config(DynamicPropertyRegistry r) {
        Path copy = org.staffroom.testing.SampleConfig.copy("access");
        r.add("staffroom.config-dir", copy::toString);
    }

    @org.springframework.beans.factory.annotation.Value("${staffroom.config-dir}")
    Path configDir;

    @Autowired
    MockMvc mvc;

    @Autowired
    LoginLinks links;

    @Autowired
    TrustConfig trustConfig;

    // What the modes' own checks use, declared once here.
    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    abstract Mode mode();

    /** Extra rows of the mode (its platform's endpoints). */
    List<Row> modeRows() {
        return List.of();
    }

    /** The mode's own checks before the matrix (a stranger's command, say). */
    void beforeMatrix() {}

    /** Who the local caller acts as in the sandbox, and where: someone on a simulated platform. */
    String sandboxActor() {
        return KATE_ON_SLACK;
    }

    String sandboxChannel() {
        return OAKFIELD_STAFFROOM;
    }

    @Test
    void everyEndpointAgainstEveryCaller() throws Exception {
        beforeMatrix();
        Map<Who, MockHttpSession> sessions = new EnumMap<>(Who.class);
        sessions.put(Who.ANONYMOUS, new MockHttpSession());
        sessions.put(Who.LOCAL, new MockHttpSession());
        sessions.put(Who.TEACHER, signIn("ben-hughes", "Ben Hughes", true));
        sessions.put(Who.APPROVER, signIn("amara-okafor", "Amara Okafor", true));
        sessions.put(Who.ADMIN, signIn("kate-brennan", "Kate Brennan", true));
        // A link made for an account in a workspace the trust does not have: it signs nobody in.
        sessions.put(Who.FOREIGN_LINK, signIn("slack:T0ELSEWHERE:U0STRANGER", "Stranger", false));
        // Signed in while listed, then taken out of people.yml: the session stops counting.
        sessions.put(Who.REMOVED, signIn("dan-whitfield", "Dan Whitfield", true));
        removeFromPeople("dan-whitfield");

        List<Row> matrix = new ArrayList<>(rows());
        matrix.addAll(modeRows());
        List<String> wrong = new ArrayList<>();
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        int cells = 0;
        for (Row row : matrix) {
            for (Who who : Who.values()) {
                cells++;
                MockHttpServletRequestBuilder b =
                        row.request().apply(who, sessions.get(who)).session(sessions.get(who));
                if (who != Who.LOCAL) b.with(from(REMOTE));
                MockHttpServletResponse r = mvc.perform(b).andReturn().getResponse();
                Outcome got = outcome(r, row.what());
                counts.merge(got, 1, Integer::sum);
                if (got != row.expected().get(who)) {
                    wrong.add(row.what() + " as " + who + ": expected "
                            + row.expected().get(who) + ", got " + got + " (HTTP " + r.getStatus()
                            + (r.getRedirectedUrl() == null ? "" : " → " + r.getRedirectedUrl()) + ")");
                }
            }
        }
        Figures.report(
                "S10",
                "mode",
                mode().name(),
                "endpoints",
                matrix.size(),
                "callers",
                Who.values().length,
                "cells",
                cells,
                "as_expected",
                (cells - wrong.size()) + "/" + cells,
                "allowed",
                counts.getOrDefault(Outcome.ALLOWED, 0),
                "sign_in",
                counts.getOrDefault(Outcome.SIGN_IN, 0),
                "refused",
                counts.getOrDefault(Outcome.REFUSED, 0),
                "not_found",
                counts.getOrDefault(Outcome.NOT_FOUND, 0));
        assertThat(wrong).isEmpty();
    }

    // ------------------------------------------------------------------ the rows every mode has

    /** Who may: the tiers of the dashboard. */
    enum Tier {
        PUBLIC,
        TEACHER,
        APPROVER,
        APPROVER_OR_ADMIN,
        ADMIN
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // Public: the wall, its feeds and embed, the calendar, the sign-in page, the health summary.
        for (String path : List.of(
                "/wall",
                "/wall/embed",
                "/feed.json",
                "/feed.rss",
                "/chats.ics",
                "/login",
                "/login/not-a-real-token",
                "/actuator/health")) {
            rows.add(tier("GET " + path, (w, s) -> get(path), Tier.PUBLIC));
        }
        rows.add(all("GET /files/{unknown}", (w, s) -> get("/files/no-such-photo.jpg"), Outcome.NOT_FOUND));
        rows.add(all("GET /display/{unknown token}", (w, s) -> get("/display/not-a-display-token"), Outcome.NOT_FOUND));
        // Staff pages.
        for (String path : List.of("/", "/today", "/chats", "/drafts")) {
            rows.add(tier("GET " + path, (w, s) -> get(path), Tier.TEACHER));
        }
        // The content calendar: every member of staff sees it; reschedule and cancel are decided by publishing's
        // service.
        for (String path : List.of("/calendar", "/api/calendar")) {
            rows.add(tier("GET " + path, (w, s) -> get(path), Tier.TEACHER));
        }
        for (String path : List.of("/api/today", "/api/chats", "/api/drafts")) {
            rows.add(tier("GET " + path, (w, s) -> get(path), Tier.TEACHER));
        }
        rows.add(tier(
                "POST /today/suggest",
                (w, s) -> post("/today/suggest")
                        .param("text", "What made you smile this week?")
                        .with(csrf()),
                Tier.TEACHER));
        // Approvers (the review queue), approvers and admins (the audit log).
        rows.add(tier("GET /reviews", (w, s) -> get("/reviews"), Tier.APPROVER));
        rows.add(tier("GET /api/reviews", (w, s) -> get("/api/reviews"), Tier.APPROVER));
        rows.add(tier("GET /drafts/audit.csv", (w, s) -> get("/drafts/audit.csv"), Tier.APPROVER_OR_ADMIN));
        // Coordinators: the admin of the sample trust is also a coordinator; the approver is not.
        Row questions = tier("GET /questions", (w, s) -> get("/questions"), Tier.ADMIN);
        rows.add(questions);
        rows.add(tier(
                "POST /questions/add",
                (w, s) -> post("/questions/add")
                        .param("text", "Which book changed your teaching?")
                        .with(csrf()),
                Tier.ADMIN));
        // Admins only.
        for (String path : List.of(
                "/config",
                "/api/config",
                "/admin/displays",
                "/api/admin/displays",
                "/admin/people",
                "/admin/outbox",
                "/admin/inbox",
                "/admin/takedowns")) {
            rows.add(tier("GET " + path, (w, s) -> get(path), Tier.ADMIN));
        }
        rows.add(tier("GET /actuator/metrics", (w, s) -> get("/actuator/metrics"), Tier.ADMIN));
        rows.add(tier("GET /actuator/info", (w, s) -> get("/actuator/info"), Tier.ADMIN));
        Map<Who, Outcome> details = new EnumMap<>(Who.class);
        for (Who who : Who.values()) details.put(who, who == Who.ADMIN ? Outcome.ALLOWED : Outcome.REFUSED);
        rows.add(new Row("GET /actuator/health with details", (w, s) -> get("/actuator/health"), details));
        rows.add(tier(
                "POST /admin/outbox/retry",
                (w, s) -> post("/admin/outbox/retry")
                        .param("table", "delivery")
                        .param("id", "0")
                        .with(csrf()),
                Tier.ADMIN));
        rows.add(tier(
                "POST /admin/people/sign-out",
                (w, s) -> post("/admin/people/sign-out")
                        .param("person", "liam-oneill")
                        .with(csrf()),
                Tier.ADMIN));
        rows.add(tier(
                "POST /admin/displays",
                (w, s) ->
                        post("/admin/displays").param("label", "Matrix screen").with(csrf()),
                Tier.ADMIN));
        // Forms without their CSRF token are refused for everyone.
        rows.add(all("POST /logout without the CSRF token", (w, s) -> post("/logout"), Outcome.REFUSED));
        rows.add(all(
                "POST /admin/displays without the CSRF token",
                (w, s) -> post("/admin/displays").param("label", "x"),
                Outcome.REFUSED));
        // The sandbox: this machine only, and only in the modes that have it.
        Outcome local = mode().sandboxOn() ? Outcome.ALLOWED : Outcome.NOT_FOUND;
        for (String path : List.of(
                "/sandbox",
                "/sandbox/index.html",
                "/sandbox/sandbox.js",
                "/sandbox/api/workspace",
                "/sandbox/api/files/AAAAAAAAAAAAAAAAAAAAAAAA")) {
            Outcome localOutcome = path.contains("/files/") ? Outcome.NOT_FOUND : local;
            rows.add(sandbox("GET " + path, (w, s) -> get(path), localOutcome));
        }
        rows.add(sandbox(
                "POST /sandbox/api/post as the admin",
                (w, s) -> post("/sandbox/api/post")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"as\":\"" + sandboxActor() + "\",\"channel\":\"" + sandboxChannel()
                                + "\",\"text\":\"hello\"}"),
                local));
        // Slack's endpoints exist only in HTTP mode, and then need Slack's signature.
        Outcome events = mode().slackHttp() ? Outcome.REFUSED : Outcome.NOT_FOUND;
        rows.add(all(
                "POST /slack/events without Slack's signature",
                (w, s) -> post("/slack/events")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"event_callback\"}"),
                events));
        return rows;
    }

    // ------------------------------------------------------------------ building rows

    Row tier(String what, BiFunction<Who, MockHttpSession, MockHttpServletRequestBuilder> request, Tier tier) {
        Map<Who, Outcome> e = new EnumMap<>(Who.class);
        for (Who who : Who.values()) {
            boolean signedIn = who == Who.TEACHER || who == Who.APPROVER || who == Who.ADMIN;
            Outcome o;
            if (tier == Tier.PUBLIC) {
                o = Outcome.ALLOWED;
            } else if (!signedIn) {
                o = Outcome.SIGN_IN;
            } else {
                boolean may = switch (tier) {
                    case TEACHER -> true;
                    case APPROVER -> who == Who.APPROVER;
                    case APPROVER_OR_ADMIN -> who == Who.APPROVER || who == Who.ADMIN;
                    case ADMIN -> who == Who.ADMIN;
                    case PUBLIC -> true;
                };
                o = may ? Outcome.ALLOWED : Outcome.REFUSED;
            }
            e.put(who, o);
        }
        return new Row(what, request, e);
    }

    static Row all(
            String what, BiFunction<Who, MockHttpSession, MockHttpServletRequestBuilder> request, Outcome outcome) {
        Map<Who, Outcome> e = new EnumMap<>(Who.class);
        for (Who who : Who.values()) e.put(who, outcome);
        return new Row(what, request, e);
    }

    /** The sandbox: {@code local} for a browser on this machine, and not there at all for anyone else. */
    static Row sandbox(
            String what, BiFunction<Who, MockHttpSession, MockHttpServletRequestBuilder> request, Outcome local) {
        Map<Who, Outcome> e = new EnumMap<>(Who.class);
        for (Who who : Who.values()) e.put(who, who == Who.LOCAL ? local : Outcome.NOT_FOUND);
        return new Row(what, request, e);
    }

    private static Outcome outcome(MockHttpServletResponse r, String what) throws IOException {
        int status = r.getStatus();
        String location = r.getRedirectedUrl() == null ? "" : r.getRedirectedUrl();
        if (status == 302 && location.contains("/login")) return Outcome.SIGN_IN;
        if (status == 401 && (what.contains("/api/") || what.contains("/actuator/"))) return Outcome.SIGN_IN;
        if (status == 404) return Outcome.NOT_FOUND;
        if (what.endsWith("with details")) {
            // The public health answer is a bare status; an admin sees the platforms' components.
            return status == 200 && r.getContentAsString().contains("components")
                    ? Outcome.ALLOWED
                    : status == 200 ? Outcome.REFUSED : Outcome.SIGN_IN;
        }
        if (status >= 200 && status < 400) return Outcome.ALLOWED;
        return Outcome.REFUSED;
    }

    static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            request.setRemoteHost(address);
            return request;
        };
    }

    // ------------------------------------------------------------------ callers

    /** Signs in through a link as the chat command makes it, pressing the button on its page, from elsewhere. */
    MockHttpSession signIn(String personKey, String name, boolean mustSucceed) throws Exception {
        MockHttpSession session = new MockHttpSession();
        String token = links.create(personKey, name, "SLACK");
        String page = mvc.perform(get("/login/" + token).session(session).with(from(REMOTE)))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        Matcher csrfToken = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        if (!csrfToken.find()) {
            assertThat(mustSucceed)
                    .as("the sign-in page for " + personKey + " offers a form")
                    .isFalse();
            return session;
        }
        MockHttpServletResponse r = mvc.perform(post("/login/" + token)
                        .session(session)
                        .param("_csrf", csrfToken.group(1))
                        .with(from(REMOTE)))
                .andReturn()
                .getResponse();
        if (mustSucceed) {
            assertThat(r.getStatus()).as("signed in as " + personKey).isEqualTo(302);
            assertThat(mvc.perform(get("/").session(session).with(from(REMOTE)))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .isEqualTo(200);
        } else {
            assertThat(r.getRedirectedUrl()).as("no session for " + personKey).isNull();
        }
        return session;
    }

    /** Edits people.yml as an office would, taking one person out, and reloads. */
    void removeFromPeople(String personId) {
        try {
            Path people = configDir.resolve("people.yml");
            List<String> lines = Files.readAllLines(people);
            List<String> kept = new ArrayList<>();
            boolean skipping = false;
            for (String line : lines) {
                if (line.startsWith("  - id: ")) skipping = line.equals("  - id: " + personId);
                if (!skipping) kept.add(line);
            }
            assertThat(kept).hasSizeLessThan(lines.size());
            Files.write(people, kept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(trustConfig.reload()).as("people.yml reloaded").isTrue();
        assertThat(trustConfig.get().person(personId)).isEmpty();
    }
}
