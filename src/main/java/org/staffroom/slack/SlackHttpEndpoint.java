package org.staffroom.slack;

import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP mode: Slack posts events, slash commands and interactions to {@code POST /slack/events}.
 * The raw body is read straight from the servlet (Spring may otherwise re-encode a form body and
 * break the signature), the signature and timestamp are checked and a replay refused, all
 * before Bolt or any listener sees the request; then Bolt's answer is written back as is.
 */
@RestController
@Conditional(SlackConditions.HttpMode.class)
class SlackHttpEndpoint {

    private static final Logger log = LoggerFactory.getLogger(SlackHttpEndpoint.class);
    private static final int MAX_BODY = 1024 * 1024;

    private final SlackBolt bolt;
    private final SlackSignature signature;
    private final SlackReplayStore replays;
    private final Clock clock;
    private final SlackRequestParser parser;

    SlackHttpEndpoint(SlackBolt bolt, SlackProperties properties, SlackReplayStore replays, Clock clock) {
        this.bolt = bolt;
        this.signature = new SlackSignature(properties.signingSecret());
        this.replays = replays;
        this.clock = clock;
        this.parser = new SlackRequestParser(bolt.app().config());
    }

    @PostMapping("/slack/events")
    void events(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            write(response, 413, "application/json", "{\"error\":\"request too large\"}");
            return;
        }
        String sig = request.getHeader("X-Slack-Signature");
        String refusal = signature.refusal(request.getHeader("X-Slack-Request-Timestamp"), sig, body, clock.instant());
        if (refusal == null && !replays.firstSeen(sig.trim())) refusal = "a request already received (replay)";
        if (refusal != null) {
            log.warn("Refused a request to /slack/events from {}: {}", request.getRemoteAddr(), refusal);
            write(response, 401, "application/json", "{\"error\":\"invalid request\"}");
            return;
        }
        Request<?> slackRequest = parser.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri(request.getRequestURI())
                .queryString(query(request))
                .headers(new RequestHeaders(headers(request)))
                .requestBody(new String(body, StandardCharsets.UTF_8))
                .remoteAddress(request.getRemoteAddr())
                .build());
        Response answer;
        try {
            answer = bolt.app().run(slackRequest);
        } catch (Exception e) {
            // Not acknowledged: Slack retries, and the retry is recognised if this one was recorded.
            log.error("A Slack request could not be handled: {}", e.toString());
            write(response, 500, "application/json", "{\"error\":\"internal error\"}");
            return;
        }
        if (answer.getHeaders() != null) {
            answer.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        }
        write(
                response,
                answer.getStatusCode() == null ? 200 : answer.getStatusCode(),
                answer.getContentType(),
                answer.getBody());
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            out.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
        }
        return out;
    }

    /** Only the query string (never getParameter, which would consume a form body). */
    private static Map<String, List<String>> query(HttpServletRequest request) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String q = request.getQueryString();
        if (q == null || q.isEmpty()) return out;
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static void write(HttpServletResponse response, int status, String contentType, String body)
            throws IOException {
        response.setStatus(status);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null && bytes.length > 0) {
            response.setContentType(contentType.contains("charset") ? contentType : contentType + "; charset=utf-8");
        }
        response.setContentLength(bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(bytes);
            }
        }
    }
}
