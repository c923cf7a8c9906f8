package org.staffroom.slack;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;

import com.slack.api.Slack;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import org.staffroom.chat.Texts;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.config.TrustConfig;

/**
 * Installing Staffroom in more workspaces (OAuth v2): {@code /slack/install} sends the admin to
 * Slack with a one-time state; Slack sends them back to {@code /slack/oauth_redirect} with a code
 * that is exchanged (oauth.v2.access) for the workspace's bot token, stored in the database. The
 * state must come back unused within ten minutes, so a forged or replayed callback installs
 * nothing.
 */
@RestController
@Conditional(SlackConditions.OAuth.class)
class SlackOAuth {

    private static final Logger log = LoggerFactory.getLogger(SlackOAuth.class);
    private static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SlackProperties properties;
    private final Slack slack;
    private final SlackInstallations installations;
    private final SlackWorkspaces workspaces;
    private final JdbcClient jdbc;
    private final TrustConfig config;
    private final Texts texts;
    private final Clock clock;

    SlackOAuth(SlackProperties properties, Slack slack, SlackInstallations installations, SlackWorkspaces workspaces,
               JdbcClient jdbc, TrustConfig config, Texts texts, Clock clock) {
        this.properties = properties;
        this.slack = slack;
        this.installations = installations;
        this.workspaces = workspaces;
        this.jdbc = jdbc;
        this.config = config;
        this.texts = texts;
        this.clock = clock;
    }

    @GetMapping("/slack/install")
    ResponseEntity<Void> install() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("insert into slack_oauth_state (state, created_at) values (?, ?)")
                .params(state, clock.instant().atOffset(ZoneOffset.UTC)).update();
        String url = properties.authorizeUrl() + "?client_id=" + enc(properties.clientId())
                + "&scope=" + enc(String.join(",", SlackManifest.BOT_SCOPES))
                + "&user_scope="
                + "&state=" + enc(state)
                + "&redirect_uri=" + enc(redirectUri());
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(url)).build();
    }

    @GetMapping("/slack/oauth_redirect")
    ResponseEntity<String> redirect(@RequestParam(name = "code", required = false) String code,
                                    @RequestParam(name = "state", required = false) String state,
                                    @RequestParam(name = "error", required = false) String error) {
        Locale locale = config.get().trust().locale();
        if (error != null) {
            return page(HttpStatus.BAD_REQUEST, texts.get(locale, "slack.oauth.refused", error, installUrl()));
        }
        if (state == null || code == null || !consume(state)) {
            log.warn("Refused a Slack OAuth callback with an unknown or expired state");
            return page(HttpStatus.BAD_REQUEST, texts.get(locale, "slack.oauth.expired", installUrl()));
        }
        OAuthV2AccessResponse r;
        try {
            r = SlackApi.call(slack.methods(), "oauth.v2.access", c -> c.oauthV2Access(q -> q
                    .clientId(properties.clientId()).clientSecret(properties.clientSecret()).code(code)
                    .redirectUri(redirectUri())));
        } catch (DeliveryException e) {
            log.warn("Slack refused the OAuth code: {}", e.getMessage());
            return page(HttpStatus.BAD_REQUEST, texts.get(locale, "slack.oauth.refused", e.getMessage(), installUrl()));
        }
        if (r.getTeam() == null || r.getAccessToken() == null || r.getBotUserId() == null) {
            return page(HttpStatus.BAD_REQUEST, texts.get(locale, "slack.oauth.refused", "no bot token", installUrl()));
        }
        String team = r.getTeam().getId();
        installations.save(new SlackInstallations.Installation(team, r.getTeam().getName(),
                r.getEnterprise() == null ? null : r.getEnterprise().getId(), r.getAppId(), r.getBotUserId(), null,
                r.getAccessToken(), r.getScope(), r.getAuthedUser() == null ? null : r.getAuthedUser().getId(),
                clock.instant()));
        workspaces.forget(team);
        log.info("Staffroom installed in Slack workspace {} ({})", team, r.getTeam().getName());
        return page(HttpStatus.OK, texts.get(locale, "slack.oauth.installed", r.getTeam().getName()));
    }

    /** A state is good once, and only while fresh. */
    private boolean consume(String state) {
        return jdbc.sql("delete from slack_oauth_state where state = ? and created_at > ?")
                .params(state, clock.instant().minus(STATE_LIFETIME).atOffset(ZoneOffset.UTC)).update() == 1;
    }

    private String redirectUri() {
        return config.baseUrl() + "/slack/oauth_redirect";
    }

    private String installUrl() {
        return config.baseUrl() + "/slack/install";
    }

    private ResponseEntity<String> page(HttpStatus status, String message) {
        Locale locale = config.get().trust().locale();
        String title = HtmlUtils.htmlEscape(texts.get(locale, "slack.oauth.title"));
        String html = "<!doctype html><html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"utf-8\"><title>"
                + title + "</title></head><body><h1>" + title + "</h1><p>" + HtmlUtils.htmlEscape(message)
                + "</p></body></html>";
        return ResponseEntity.status(status).contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(html);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
