package org.staffroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link ChatEvent} is sealed, but {@code Inbox.channelOf} and {@code InboundEvents.contentKey} dispatch
 * with {@code instanceof} chains that end in {@code return null} (Java 17 has no pattern switch), so a new
 * event type would compile and silently get no lane or no content key. This table makes that a decision:
 * every permitted subtype must be listed with what the two methods give it, and each is checked on a sample.
 */
class ChatEventDispatchTest {

    /** Whether the event has its own channel lane, and whether it has a content key (else: null, on purpose). */
    record Handling(boolean channelLane, boolean contentKey) {}

    static final Map<Class<?>, Handling> HANDLING = Map.of(
            ChatEvent.MessagePosted.class, new Handling(true, true),
            ChatEvent.MessageEdited.class, new Handling(true, true),
            ChatEvent.MessageDeleted.class, new Handling(true, true),
            // Reactions are deduplicated by reaction_state (is it there now?), not by a content key.
            ChatEvent.ReactionAdded.class, new Handling(true, false),
            ChatEvent.ReactionRemoved.class, new Handling(true, false),
            // Interactions run on the interactions lane and are deduplicated by their event id.
            ChatEvent.CommandInvoked.class, new Handling(false, false),
            ChatEvent.ButtonPressed.class, new Handling(false, false),
            ChatEvent.FormSubmitted.class, new Handling(false, false),
            ChatEvent.MessageActionInvoked.class, new Handling(false, false),
            ChatEvent.HomeOpened.class, new Handling(false, false));

    @Test
    void everyEventTypeHasADecidedLaneAndContentKey() {
        Set<Class<?>> permitted = Set.of(ChatEvent.class.getPermittedSubclasses());
        assertThat(permitted)
                .as("a new ChatEvent type must be handled in Inbox.channelOf and InboundEvents.contentKey"
                        + " (or deliberately not), then listed in ChatEventDispatchTest.HANDLING")
                .containsExactlyInAnyOrderElementsOf(HANDLING.keySet());
    }

    @Test
    void eachEventTypeGetsTheLaneAndContentKeyItIsListedWith() throws Exception {
        Method channelOf = method(Inbox.class, "channelOf");
        Method contentKey = method(InboundEvents.class, "contentKey");
        for (Class<?> type : ChatEvent.class.getPermittedSubclasses()) {
            Handling expected = HANDLING.get(type);
            if (expected == null) continue; // reported by the test above
            ChatEvent sample = (ChatEvent) sample(type);
            assertThat(channelOf.invoke(null, sample) != null)
                    .as("Inbox.channelOf(%s) gives a lane", type.getSimpleName())
                    .isEqualTo(expected.channelLane());
            assertThat(contentKey.invoke(null, sample) != null)
                    .as("InboundEvents.contentKey(%s)", type.getSimpleName())
                    .isEqualTo(expected.contentKey());
        }
    }

    private static Method method(Class<?> owner, String name) throws NoSuchMethodException {
        Method m = owner.getDeclaredMethod(name, ChatEvent.class);
        m.setAccessible(true);
        return m;
    }

    /** A value of any record made of strings, times, collections, enums and other such records. */
    private static Object sample(Class<?> type) throws Exception {
        if (type == String.class) return "x";
        if (type == Instant.class) return Instant.EPOCH;
        if (type == boolean.class) return false;
        if (type == int.class) return 0;
        if (type == long.class) return 0L;
        if (type == List.class) return List.of();
        if (type == Set.class) return Set.of();
        if (type == Map.class) return Map.of();
        if (type.isEnum()) return type.getEnumConstants()[0];
        if (type == org.staffroom.config.Platform.class) return org.staffroom.config.Platform.SLACK;
        if (type.isRecord()) {
            RecordComponent[] parts = type.getRecordComponents();
            Class<?>[] types =
                    Arrays.stream(parts).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Object[] values = new Object[parts.length];
            for (int i = 0; i < parts.length; i++) values[i] = sample(types[i]);
            var constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        }
        throw new IllegalArgumentException("No sample for " + type + "; teach ChatEventDispatchTest.sample: "
                + Arrays.stream(type.getInterfaces()).map(Class::getName).collect(Collectors.joining()));
    }
}
