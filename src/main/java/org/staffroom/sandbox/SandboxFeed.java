package org.staffroom.sandbox;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live updates for open sandbox pages (server-sent events): "changed" when a channel has new
 * content, "form" when the bot opens a form for a person, "home" when their home tab changes.
 * Forms and home content are also kept so a reloaded page shows them.
 */
@Component
class SandboxFeed {

    /** A form waiting for a person, with the token its submission must carry. */
    record PendingForm(String token, Object form) {}

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Map<String, PendingForm> forms = new ConcurrentHashMap<>();
    private final Map<String, Object> homes = new ConcurrentHashMap<>();

    private record Subscriber(String userKey, SseEmitter emitter) {}

    SseEmitter subscribe(String userKey) {
        SseEmitter emitter = new SseEmitter(0L);
        Subscriber s = new Subscriber(userKey, emitter);
        subscribers.add(s);
        emitter.onCompletion(() -> subscribers.remove(s));
        emitter.onTimeout(() -> subscribers.remove(s));
        emitter.onError(e -> subscribers.remove(s));
        send(s, "hello", Map.of("user", userKey));
        return emitter;
    }

    void channelChanged(String channelKey) {
        for (Subscriber s : subscribers) send(s, "changed", Map.of("channel", channelKey));
    }

    void openForm(String userKey, PendingForm form) {
        forms.put(userKey, form);
        // The page gets what /pending returns as "form": {token, channel, form}, one shape for both.
        for (Subscriber s : subscribers) {
            if (s.userKey().equals(userKey)) send(s, "form", form.form());
        }
    }

    PendingForm pendingForm(String userKey) {
        return forms.get(userKey);
    }

    /** Removes and returns the pending form if {@code token} matches it. */
    PendingForm takeForm(String userKey, String token) {
        PendingForm f = forms.get(userKey);
        if (f == null || !f.token().equals(token)) return null;
        forms.remove(userKey, f);
        return f;
    }

    void home(String userKey, Object content) {
        homes.put(userKey, content);
        for (Subscriber s : subscribers) {
            if (s.userKey().equals(userKey)) send(s, "home", content);
        }
    }

    Object home(String userKey) {
        return homes.get(userKey);
    }

    /**
     * Ends every open page's stream as Staffroom stops. A stream never ends by itself, and the web server's
     * graceful shutdown waits for open requests: one open sandbox page held every stop for the whole grace
     * period (30 s). The page's EventSource reconnects to whatever runs next.
     */
    @EventListener(ContextClosedEvent.class)
    void endStreams() {
        for (Subscriber s : subscribers) {
            subscribers.remove(s);
            try {
                s.emitter().complete();
            } catch (IllegalStateException alreadyEnded) {
                // the page went away first
            }
        }
    }

    private void send(Subscriber s, String name, Object data) {
        try {
            s.emitter().send(SseEmitter.event().name(name).data(data));
        } catch (IOException | IllegalStateException e) {
            subscribers.remove(s);
        }
    }
}
