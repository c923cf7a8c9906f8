package org.staffroom.testing;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the sandbox over HTTP as its page does: post, run commands, react, press buttons, fill
 * forms, and read what each person sees. This exercises the sandbox adapter end to end.
 */
public class SandboxClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient http;
    private final Runnable afterAction;

    public SandboxClient(int port) {
        this(port, () -> {});
    }

    /**
     * {@code afterAction} runs after every action: the sandbox answers an action once handled or after a few
     * seconds, whichever is first, so on a busy machine a test waits there for the handling to finish before it
     * reads what the action caused (a private answer, a form).
     */
    public SandboxClient(int port, Runnable afterAction) {
        this.http = RestClient.builder()
                .baseUrl("http://localhost:" + port + "/sandbox/api")
                .build();
        this.afterAction = afterAction;
    }

    /** A message as one person sees it; {@code text} is the plain text (bot messages flattened). */
    public record Seen(
            long id,
            String threadId,
            String author,
            boolean bot,
            boolean ephemeral,
            boolean deleted,
            String text,
            List<Button> buttons,
            Map<String, List<String>> reactions,
            JsonNode raw) {
        public boolean contains(String s) {
            return text != null && text.contains(s);
        }
    }

    public record Button(String actionId, String label, String value) {}

    public void post(String as, String channel, String text) {
        send("/post", Map.of("as", as, "channel", channel, "text", text));
    }

    /** Posts with an image attached. */
    public void postWithImage(String as, String channel, String text, String fileName, byte[] image) {
        send(
                "/post",
                Map.of(
                        "as",
                        as,
                        "channel",
                        channel,
                        "text",
                        text,
                        "files",
                        List.of(Map.of(
                                "name",
                                fileName,
                                "mimeType",
                                "image/jpeg",
                                "base64",
                                Base64.getEncoder().encodeToString(image)))));
    }

    public void reply(String as, String channel, String threadId, String text) {
        send("/post", Map.of("as", as, "channel", channel, "threadId", threadId, "text", text));
    }

    /** Types a slash command, e.g. {@code "/qotd now"}, in {@code channel}. */
    public void command(String as, String channel, String command) {
        post(as, channel, command);
    }

    public void edit(String as, long messageId, String text) {
        send("/edit", Map.of("as", as, "messageId", messageId, "text", text));
    }

    public void delete(String as, long messageId) {
        send("/delete", Map.of("as", as, "messageId", messageId));
    }

    public void react(String as, long messageId, String emoji) {
        send("/react", Map.of("as", as, "messageId", messageId, "emoji", emoji, "add", true));
    }

    public void unreact(String as, long messageId, String emoji) {
        send("/react", Map.of("as", as, "messageId", messageId, "emoji", emoji, "add", false));
    }

    public void press(String as, long messageId, String actionId, String value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("as", as);
        body.put("messageId", messageId);
        body.put("actionId", actionId);
        body.put("value", value);
        send("/button", body);
    }

    /** Presses the first button with {@code actionId} on the message. */
    public void press(String as, Seen message, String actionId) {
        Button b = message.buttons().stream()
                .filter(x -> x.actionId().equals(actionId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no button " + actionId + " on: " + message.text()));
        press(as, message.id(), b.actionId(), b.value());
    }

    public void messageAction(String as, long messageId, String actionId) {
        send("/action", Map.of("as", as, "messageId", messageId, "actionId", actionId));
    }

    /** The form the bot has opened for {@code as}, if any (its JSON as the page gets it). */
    public Optional<JsonNode> pendingForm(String as) {
        JsonNode n = get("/pending?as={as}", as).get("form");
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    /** Fills in and sends the open form; values by field id. */
    public void submitForm(String as, Map<String, List<String>> values) {
        JsonNode form = pendingForm(as).orElseThrow(() -> new AssertionError("no form is open for " + as));
        send("/form", Map.of("as", as, "token", form.get("token").asString(), "values", values));
    }

    public JsonNode home(String as) {
        return get("/pending?as={as}", as).get("home");
    }

    public List<Seen> messages(String as, String channel) {
        List<Seen> out = new ArrayList<>();
        for (JsonNode m : get("/messages?as={as}&channel={channel}", as, channel)) {
            out.add(seen(m));
        }
        return out;
    }

    /** Top-level messages (not thread replies). */
    public List<Seen> topLevel(String as, String channel) {
        return messages(as, channel).stream().filter(m -> m.threadId() == null).toList();
    }

    public List<Seen> thread(String as, String channel, long rootId) {
        return messages(as, channel).stream()
                .filter(m -> String.valueOf(rootId).equals(m.threadId()))
                .toList();
    }

    public List<Seen> botMessages(String as, String channel) {
        return messages(as, channel).stream().filter(Seen::bot).toList();
    }

    /** The message with this id in a channel, as {@code as} sees it. */
    public Seen message(String as, String channel, long id) {
        return messages(as, channel).stream()
                .filter(m -> m.id() == id)
                .findFirst()
                .orElseThrow();
    }

    /** The newest message id in these channels, each read as its viewer sees it: what is posted later is above it. */
    public long newestId(Map<String, String> viewerByChannel) {
        return viewerByChannel.entrySet().stream()
                .flatMap(e -> messages(e.getValue(), e.getKey()).stream())
                .mapToLong(Seen::id)
                .max()
                .orElse(0);
    }

    /** The bot's direct messages to {@code as}. */
    public List<Seen> botDms(String as) {
        return botMessages(as, Sample.dm(as));
    }

    /** The bot's last answer visible only to {@code as} in {@code channel}. */
    public Optional<Seen> lastPrivateAnswer(String as, String channel) {
        List<Seen> all = messages(as, channel).stream()
                .filter(m -> m.bot() && m.ephemeral())
                .toList();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private Seen seen(JsonNode m) {
        boolean bot = m.get("bot").asBoolean();
        String text = bot
                ? flatten(m.get("message"))
                : (m.get("text").isNull() ? null : m.get("text").asString());
        List<Button> buttons = new ArrayList<>();
        JsonNode message = m.get("message");
        if (message != null && !message.isNull()) {
            for (JsonNode b : message.get("buttons")) {
                buttons.add(new Button(
                        b.get("actionId").asString(),
                        b.get("label").asString(),
                        b.get("value").isNull() ? null : b.get("value").asString()));
            }
        }
        Map<String, List<String>> reactions = new LinkedHashMap<>();
        for (JsonNode r : m.get("reactions")) {
            List<String> users = new ArrayList<>();
            r.get("users").forEach(u -> users.add(u.asString()));
            reactions.put(r.get("emoji").asString(), users);
        }
        return new Seen(
                m.get("id").asLong(),
                m.get("threadId").isNull() ? null : m.get("threadId").asString(),
                m.get("author").asString(),
                bot,
                m.get("ephemeral").asBoolean(),
                m.get("deleted").asBoolean(),
                text,
                buttons,
                reactions,
                m);
    }

    /** The plain text of a bot message: its text, fields as "label: value", footer. */
    public static String flatten(JsonNode message) {
        if (message == null || message.isNull()) return null;
        StringBuilder sb = new StringBuilder(spans(message.get("text")));
        for (JsonNode f : message.get("fields")) {
            sb.append('\n').append(f.get("label").asString()).append(": ").append(spans(f.get("value")));
        }
        String footer = spans(message.get("footer"));
        if (!footer.isEmpty()) sb.append('\n').append(footer);
        return sb.toString();
    }

    private static String spans(JsonNode spans) {
        StringBuilder sb = new StringBuilder();
        if (spans == null) return "";
        for (JsonNode s : spans) {
            String t = s.get("t").asString();
            if (t.equals("mention")) sb.append('@').append(s.get("name").asString());
            else if (t.equals("link"))
                sb.append(
                        s.get("label").isNull()
                                ? s.get("url").asString()
                                : s.get("label").asString());
            else sb.append(s.get("text").asString());
        }
        return sb.toString();
    }

    private JsonNode get(String path, Object... variables) {
        String body = http.get().uri(path, variables).retrieve().body(String.class);
        return JSON.readTree(body);
    }

    private void send(String path, Object body) {
        http.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(body))
                .retrieve()
                .toBodilessEntity();
        afterAction.run();
    }
}
