package org.staffroom.slack;

import com.slack.api.Slack;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import org.staffroom.chat.Texts;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.config.Platform;
import org.staffroom.config.TrustConfig;

/**
 * Installing Staffroom in the trust's workspaces (OAuth v2): {@code /slack/install} sends the
 * admin to Slack with a one-time state and sets a cookie holding a random nonce, whose hash the
 * state row keeps; Slack sends them back to {@code /slack/oauth_redirect} with a code that is
 * exchanged (oauth.v2.access) for the workspace's bot token. The state must come back once,
 * within ten minutes, to the browser that started the install, so a forged, replayed or
 * planted callback installs nothing. The workspace Slack returns must be a Slack space in
 * {@code schools.yml} as configured at that moment: any other is refused, audited, and the app
 * uninstalled from it again; nothing of it is stored.
 */
@RestController
@Conditional(SlackConditions.OAuth.class)
class SlackOAuth {

    private static final Logger log = LoggerFactory.getLogger(SlackOAuth.class);
    static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    static final String COOKIE = "staffroom_slack_install";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SlackProperties properties;
    private final Slack slack;
    private final SlackInstallationStore installations;
    private final SlackWorkspaces workspaces;
    private final SlackOAuthStore store;
    private final TrustConfig config;
    private final Texts texts;
    private final Clock clock;

    SlackOAuth(
            SlackProperties properties,
            Slack slack,
            SlackInstallationStore installations,
            SlackWorkspaces workspaces,
            SlackOAuthStore store,
            TrustConfig config,
            Texts texts,
            Clock clock) {
        this.properties = properties;
        this.slack = slack;
        this.installations = installations;
        this.workspaces = workspaces;
        this.store = store;
        this.config = config;
        this.texts = texts;
        this.clock = clock;
    }

    @GetMapping("/slack/install")
    ResponseEntity<Void> install(HttpServletRequest request) {
        String state = random();
        String nonce = random();
        store.issue(state, clock.instant(), sha256(nonce));
        String url = properties.authorizeUrl() + "?client_id=" + enc(properties.clientId())
                + "&scope=" + enc(String.join(",", SlackManifest.BOT_SCOPES))
                + "&user_scope="
                + "&state=" + enc(state)
                + "&redirect_uri=" + enc(redirectUri());
        return ResponseEntity.status(HttpStatus.FOUND)
                .location(URI.create(url))
                .header(
                        HttpHeaders.SET_COOKIE,
                        cookie(nonce, STATE_LIFETIME, request.isSecure()).toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    @GetMapping("/slack/oauth_redirect")
    ResponseEntity<String> redirect(
            @RequestParam(name = "code", required = false) String code,
            @RequestParam(name = "state", required = false) String state,
            @RequestParam(name = "error", required = false) String error,
            @CookieValue(name = COOKIE, required = false) String nonce,
            HttpServletRequest request) {
        Locale locale = config.get().trust().locale();
        if (error != null) {
            return page(HttpStatus.BAD_REQUEST, texts.get(locale, "slack.oauth.refused", error, installUrl()), null);
        }
        if (state == null || code == null) {
            return page(HttpStatus.BAD_REQUEST, texts.get(locale, "slack.oauth.expired", installUrl()), null);
        }
        if (nonce == null || nonce.isBlank()) {
            // Not consumed: the browser that started this install can still finish it.
            log.warn("Refused a Slack OAuth callback without the install cookie (another browser, or cookies blocked)");
            return page(HttpStatus.BAD_REQUEST, texts.get(locale, "slack.oauth.other-browser", installUrl()), null);
        }
        switch (consume(state, sha256(nonce))) {
            case UNKNOWN -> {
                log.warn("Refused a Slack OAuth callback with an unknown, used or expired state");
                return page(HttpStatus.BAD_REQUEST, texts.get(locale, "slack.oauth.expired", installUrl()), null);
            }
            case OTHER_BROWSER -> {
                log.warn("Refused a Slack OAuth callback in a browser other than the one that started the install");
                return page(HttpStatus.BAD_REQUEST, texts.get(locale, "slack.oauth.other-browser", installUrl()), null);
            }
            case USED -> {
                // This browser's own install: go on.
            }
        }
        OAuthV2AccessResponse r;
        try {
            r = SlackApi.call(
                    slack.methods(),
                    "oauth.v2.access",
                    c -> c.oauthV2Access(q -> q.clientId(properties.clientId())
                            .clientSecret(properties.clientSecret())
                            .code(code)
                            .redirectUri(redirectUri())));
        } catch (DeliveryException e) {
            log.warn("Slack refused the OAuth code: {}", e.getMessage());
            return page(
                    HttpStatus.BAD_REQUEST,
                    texts.get(locale, "slack.oauth.refused", e.getMessage(), installUrl()),
                    request);
        }
        if (r.getTeam() == null
                || r.getTeam().getId() == null
                || r.getAccessToken() == null
                || r.getBotUserId() == null) {
            // An org-wide (Enterprise Grid) install has no team: it is not one of the trust's workspaces either.
            if (r.getAccessToken() != null) uninstall(null, r.getAccessToken());
            return page(
                    HttpStatus.BAD_REQUEST,
                    texts.get(locale, "slack.oauth.refused", "no bot token", installUrl()),
                    request);
        }
        String team = r.getTeam().getId();
        String teamName = r.getTeam().getName() == null ? team : r.getTeam().getName();
        String installer = r.getAuthedUser() == null ? null : r.getAuthedUser().getId();
        if (config.get().space(Platform.SLACK, team).isEmpty()) {
            refuse(
                    team,
                    teamName,
                    r.getEnterprise() == null ? null : r.getEnterprise().getId(),
                    installer);
            uninstall(team, r.getAccessToken());
            return page(
                    HttpStatus.FORBIDDEN,
                    texts.get(
                            locale,
                            "slack.oauth.not-trust",
                            teamName,
                            config.get().trust().name()),
                    request);
        }
        installations.save(new SlackInstallationStore.Installation(
                team,
                teamName,
                r.getEnterprise() == null ? null : r.getEnterprise().getId(),
                r.getAppId(),
                r.getBotUserId(),
                null,
                r.getAccessToken(),
                r.getScope(),
                installer,
                clock.instant()));
        workspaces.forget(team);
        log.info("Staffroom installed in Slack workspace {} ({})", team, loggable(teamName));
        return page(HttpStatus.OK, texts.get(locale, "slack.oauth.installed", teamName), request);
    }

    private enum StateCheck {
        USED,
        UNKNOWN,
        OTHER_BROWSER
    }

    /**
     * Uses up {@code state} if it was issued less than ten minutes ago to the browser whose nonce
     * hashes to {@code browserHash}. A state presented by another browser is left for its own.
     */
    private StateCheck consume(String state, String browserHash) {
        Optional<SlackOAuthStore.IssuedState> row = store.issued(state);
        if (row.isEmpty() || !row.get().createdAt().isAfter(clock.instant().minus(STATE_LIFETIME))) {
            return StateCheck.UNKNOWN;
        }
        if (row.get().browserHash() == null
                || !MessageDigest.isEqual(
                        row.get().browserHash().getBytes(StandardCharsets.US_ASCII),
                        browserHash.getBytes(StandardCharsets.US_ASCII))) {
            return StateCheck.OTHER_BROWSER;
        }
        // Good once: of two callbacks at the same moment, one deletes the row.
        return store.use(state, browserHash) ? StateCheck.USED : StateCheck.UNKNOWN;
    }

    /** Audited (a row and a log line, never the token): Slack returned a workspace the trust does not list. */
    private void refuse(String team, String teamName, String enterprise, String installer) {
        store.refused(clock.instant(), team, teamName, enterprise, installer);
        log.warn(
                "Refused to install Staffroom in Slack workspace {} ({}) for {}: it is not a Slack space in schools.yml",
                loggable(team),
                loggable(teamName),
                loggable(installer));
    }

    /** Leaves no app behind in a workspace Staffroom will not serve; best effort, the refusal stands either way. */
    private void uninstall(String team, String token) {
        try {
            SlackApi.call(
                    slack.methods(),
                    "apps.uninstall",
                    c -> c.appsUninstall(q ->
                            q.token(token).clientId(properties.clientId()).clientSecret(properties.clientSecret())));
        } catch (DeliveryException e) {
            log.info(
                    "Could not uninstall Staffroom from refused Slack workspace {}: {}",
                    loggable(team),
                    e.getMessage());
        }
    }

    private String redirectUri() {
        return config.baseUrl() + "/slack/oauth_redirect";
    }

    private String installUrl() {
        return config.baseUrl() + "/slack/install";
    }

    /**
     * The answer page. With {@code spent} (the request of the browser whose install this was), the
     * install cookie is cleared; before that it is left alone, so a stray or planted callback does
     * not break the install under way in this browser.
     */
    private ResponseEntity<String> page(HttpStatus status, String message, HttpServletRequest spent) {
        Locale locale = config.get().trust().locale();
        String title = HtmlUtils.htmlEscape(texts.get(locale, "slack.oauth.title"));
        String html = "<!doctype html><html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"utf-8\"><title>"
                + title + "</title></head><body><h1>" + title + "</h1><p>" + HtmlUtils.htmlEscape(message)
                + "</p></body></html>";
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status)
                .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (spent != null)
            answer.header(
                    HttpHeaders.SET_COOKIE,
                    cookie("", Duration.ZERO, spent.isSecure()).toString());
        return answer.body(html);
    }

    private static ResponseCookie cookie(String value, Duration maxAge, boolean secure) {
        return ResponseCookie.from(COOKIE, value)
                .httpOnly(true)
                .sameSite("Lax")
                .secure(secure)
                .path("/slack")
                .maxAge(maxAge)
                .build();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text from Slack (a workspace name) in a log line: one line, short. */
    private static String loggable(String s) {
        return s == null ? "?" : cut(s.replaceAll("\\p{Cntrl}", "?"), 100);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
