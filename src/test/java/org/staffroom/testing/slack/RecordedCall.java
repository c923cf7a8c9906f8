package org.staffroom.testing.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Web API request as it reached the fake, and what the fake answered.
 *
 * @param seq          arrival order, from 1
 * @param method       e.g. {@code chat.postMessage}
 * @param params       form (or JSON / query) parameters, first value of each
 * @param rawBody      the body exactly as sent
 * @param headers      request headers (keys lower-cased)
 * @param tokenKind    {@code bot}, {@code app}, or {@code none}/{@code unknown}
 * @param receivedAt   when the request arrived (fake's clock)
 * @param status       HTTP status the fake answered
 * @param responseBody JSON the fake answered
 * @param teamId       the workspace whose token made the call (null without a known token)
 */
public record RecordedCall(
        long seq,
        String method,
        Map<String, String> params,
        String rawBody,
        Map<String, List<String>> headers,
        String tokenKind,
        Instant receivedAt,
        int status,
        String responseBody,
        String teamId) {

    public String param(String name) {
        return params.get(name);
    }

    /** A parameter that carries JSON ({@code blocks}, {@code metadata}, {@code view}); null when absent. */
    public JsonElement jsonParam(String name) {
        return Json.parseOrNull(params.get(name));
    }

    public JsonObject response() {
        return Json.parseObject(responseBody);
    }

    /** True when the fake answered 200 with {@code "ok":true}. */
    public boolean ok() {
        return status == 200 && response().has("ok") && response().get("ok").getAsBoolean();
    }

    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
