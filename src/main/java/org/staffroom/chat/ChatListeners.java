package org.staffroom.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.stereotype.Component;

/**
 * Hands an inbound event (or a tick) to each feature's listener on its own. The context keeps
 * Spring's default multicaster, where a listener's failure reaches whoever published the event and
 * stops the listeners after it: right for a decision and its consequences, which must succeed or
 * fail together. An inbound event is different: features are independent, so one failing must not
 * keep the event from the others, and its failure must not vanish either. Here every listener runs,
 * and each failure is returned, named by the listener, for the inbox to record and retry.
 * Spring offers no public way to ask the multicaster for its listeners, so they come from the
 * context, where {@code @EventListener} methods are registered too (features listen that way;
 * an {@code ApplicationListener} bean registered only by name would not be seen here).
 */
@Component
class ChatListeners {

    private final ApplicationContext context;

    ChatListeners(ApplicationContext context) {
        this.context = context;
    }

    /** A listener that failed, by its id, with what it threw. */
    record Failure(String listener, RuntimeException error) {}

    /**
     * Delivers {@code event} to every listener for it, or only to those named in {@code only} (a
     * retry), and returns the failures, in listener order.
     */
    List<Failure> deliver(Object event, Set<String> only) {
        PayloadApplicationEvent<Object> wrapped =
                new PayloadApplicationEvent<>(context, event, ResolvableType.forInstance(event));
        ResolvableType type = wrapped.getResolvableType();
        List<Failure> failures = new ArrayList<>();
        for (ApplicationListener<?> listener : listenersFor(wrapped, type)) {
            String id = id(listener);
            if (only != null && !only.contains(id)) continue;
            try {
                @SuppressWarnings("unchecked")
                ApplicationListener<ApplicationEvent> l = (ApplicationListener<ApplicationEvent>) listener;
                l.onApplicationEvent(wrapped);
            } catch (RuntimeException e) {
                failures.add(new Failure(id, e));
            }
        }
        return failures;
    }

    private List<ApplicationListener<?>> listenersFor(ApplicationEvent event, ResolvableType type) {
        List<ApplicationListener<?>> out = new ArrayList<>();
        for (ApplicationListener<?> l : ((AbstractApplicationContext) context).getApplicationListeners()) {
            boolean supports = l instanceof GenericApplicationListener g
                    ? g.supportsEventType(type)
                            && g.supportsSourceType(event.getSource().getClass())
                    : l instanceof SmartApplicationListener s
                            ? s.supportsEventType(event.getClass())
                                    && s.supportsSourceType(event.getSource().getClass())
                            : ResolvableType.forClass(l.getClass())
                                    .as(ApplicationListener.class)
                                    .getGeneric()
                                    .isAssignableFrom(type);
            if (supports) out.add(l);
        }
        AnnotationAwareOrderComparator.sort(out);
        return out;
    }

    static String id(ApplicationListener<?> listener) {
        String id = listener instanceof SmartApplicationListener s ? s.getListenerId() : "";
        return id.isEmpty() ? listener.getClass().getName() : id;
    }
}
