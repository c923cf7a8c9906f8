package org.staffroom.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.staffroom.testing.SandboxClient.Seen;

/**
 * Drafts handed in and found through the sandbox, as several test classes do it: the /draft form's values, the
 * draft's id read from the answer (in English or Spanish), and the newest review card for a draft. Static, so
 * tests that start Staffroom by hand use it too; callers wait for delivery themselves.
 */
public final class SandboxDrafts {

    private static final Pattern DRAFT_ID = Pattern.compile("(?:Draft #|borrador n\\.º )(\\d+)");

    private SandboxDrafts() {}

    /** The /draft form's values; {@code networks} is comma-separated, and empty networks or date send none. */
    public static Map<String, List<String>> form(
            String text, String target, String networks, String category, String date) {
        Map<String, List<String>> v = new LinkedHashMap<>();
        v.put("text", List.of(text));
        v.put("target", List.of(target));
        v.put("networks", networks.isEmpty() ? List.of() : List.of(networks.split(",")));
        v.put("category", List.of(category));
        v.put("date", date.isEmpty() ? List.of() : List.of(date));
        return v;
    }

    /** Runs /draft in {@code channel} as {@code as}, submits the form, and returns the id the answer names. */
    public static long submit(SandboxClient sandbox, String as, String channel, Map<String, List<String>> values) {
        sandbox.command(as, channel, "/draft");
        sandbox.submitForm(as, values);
        String answer = sandbox.lastPrivateAnswer(as, channel)
                .orElseThrow(() -> new AssertionError("no private answer for " + as))
                .text();
        Matcher m = DRAFT_ID.matcher(answer);
        assertThat(m.find()).as("an answer naming the draft: " + answer).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The newest review card (not a thread reply, not private) for a draft in a channel, as {@code as} sees it. */
    public static Seen card(SandboxClient sandbox, String as, String channel, long draftId) {
        return sandbox.botMessages(as, channel).stream()
                .filter(m -> m.threadId() == null && !m.ephemeral())
                .filter(m -> m.contains("Draft #" + draftId + " ") || m.contains("Borrador n.º " + draftId + " "))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no card for draft " + draftId + " in " + channel));
    }
}
