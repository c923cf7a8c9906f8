package org.staffroom.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.staffroom.chat.Actor;
import org.staffroom.chat.Attachment;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.ChatJson;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.CommandLine;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Form;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.InteractionRef;
import org.staffroom.chat.Message;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.PhotoCleaner;
import org.staffroom.chat.Texts;
import org.staffroom.chat.UserRef;
import org.staffroom.directory.Directory;
import tools.jackson.core.type.TypeReference;

/**
 * The sandbox page's JSON API: what a person does on the page becomes the same chat events the
 * Slack and Discord adapters produce, handed to {@link InboundEvents}.
 */
@RestController
@RequestMapping("/sandbox/api")
class SandboxController {

    private static final long MAX_FILE_BYTES = 5L * 1024 * 1024;
    private static final Duration WAIT_FOR_HANDLING = Duration.ofSeconds(3);
    /** Where the page fetches an uploaded file: {@link #file} serves it. */
    static final String FILES = "/sandbox/api/files/";

    private final SandboxWorkspace workspace;
    private final SandboxStore store;
    private final SandboxFeed feed;
    private final InboundEvents inbound;
    private final CommandCatalog catalog;
    private final Texts texts;
    private final Directory directory;
    private final Clock clock;
    private final PhotoCleaner photos;

    SandboxController(
            SandboxWorkspace workspace,
            SandboxStore store,
            SandboxFeed feed,
            InboundEvents inbound,
            CommandCatalog catalog,
            Texts texts,
            Directory directory,
            Clock clock,
            PhotoCleaner photos) {
        this.photos = photos;
        this.workspace = workspace;
        this.store = store;
        this.feed = feed;
        this.inbound = inbound;
        this.catalog = catalog;
        this.texts = texts;
        this.directory = directory;
        this.clock = clock;
    }

    record FileUpload(String name, String mimeType, String base64) {}

    record PostRequest(String as, String channel, String threadId, String text, List<FileUpload> files) {}

    record EditRequest(String as, long messageId, String text) {}

    record MessageRequest(String as, long messageId) {}

    record ReactRequest(String as, long messageId, String emoji, boolean add) {}

    record ButtonRequest(String as, long messageId, String actionId, String value) {}

    record ActionRequest(String as, long messageId, String actionId) {}

    record FormRequest(String as, String token, Map<String, List<String>> values) {}

    record Reply(boolean ok, String message) {
        static Reply done() {
            return new Reply(true, null);
        }
    }

    @GetMapping("/workspace")
    Map<String, Object> workspace() {
        active();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workspace", workspace.view());
        List<Map<String, Object>> commands = new ArrayList<>();
        for (CommandSpec c : catalog.commands()) {
            for (CommandSpec.Subcommand s : c.subcommands()) {
                commands.add(Map.of(
                        "usage",
                        "/" + c.name() + (s.name().isEmpty() ? "" : " " + s.name()),
                        "description",
                        texts.get(directory.config().trust().locale(), s.descriptionKey())));
            }
        }
        out.put("commands", commands);
        out.put(
                "messageActions",
                catalog.messageActions().stream()
                        .map(a -> Map.of(
                                "id",
                                a.id(),
                                "label",
                                texts.get(directory.config().trust().locale(), a.labelKey())))
                        .toList());
        return out;
    }

    @GetMapping("/messages")
    List<Map<String, Object>> messages(@RequestParam String as, @RequestParam String channel) {
        Actor actor = actor(as);
        ChannelRef ref = channel(actor, channel);
        List<SandboxStore.Row> rows = store.channel(ref, actor.user().key(), 500);
        List<SandboxStore.Reaction> reactions =
                store.reactions(rows.stream().map(SandboxStore.Row::id).toList());
        List<Map<String, Object>> out = new ArrayList<>();
        for (SandboxStore.Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("threadId", r.threadId());
            m.put("author", r.authorName());
            m.put("mine", r.authorKey().equals(actor.user().key()));
            m.put("bot", r.bot());
            m.put("ephemeral", r.visibleTo() != null);
            m.put("deleted", r.deleted());
            m.put("edited", r.editedAt() != null);
            m.put("at", r.createdAt().toInstant().toString());
            m.put("text", r.deleted() ? null : r.text());
            m.put("message", r.deleted() || r.payload() == null ? null : ChatJson.tree(r.payload()));
            m.put("files", r.files() == null ? List.of() : ChatJson.tree(r.files()));
            Map<String, Map<String, Object>> byEmoji = new LinkedHashMap<>();
            for (SandboxStore.Reaction x : reactions) {
                if (x.messageId() != r.id()) continue;
                Map<String, Object> e = byEmoji.computeIfAbsent(
                        x.emoji(),
                        k -> new LinkedHashMap<>(Map.of("emoji", k, "users", new ArrayList<String>(), "mine", false)));
                @SuppressWarnings("unchecked")
                List<String> users = (List<String>) e.get("users");
                users.add(x.userName());
                if (x.userKey().equals(actor.user().key())) e.put("mine", true);
            }
            m.put("reactions", new ArrayList<>(byEmoji.values()));
            out.add(m);
        }
        return out;
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam String as) {
        Actor actor = actor(as);
        return feed.subscribe(actor.user().key());
    }

    @GetMapping("/pending")
    Map<String, Object> pending(@RequestParam String as) {
        Actor actor = actor(as);
        Map<String, Object> out = new LinkedHashMap<>();
        SandboxFeed.PendingForm form = feed.pendingForm(actor.user().key());
        out.put("form", form == null ? null : form.form());
        out.put("home", feed.home(actor.user().key()));
        return out;
    }

    @PostMapping("/post")
    Reply post(@RequestBody PostRequest request) {
        Actor actor = actor(request.as());
        ChannelRef channel = channel(actor, request.channel());
        String text = request.text() == null ? "" : request.text().trim();
        if (text.startsWith("/") && request.threadId() == null) {
            return command(actor, channel, text);
        }
        List<Attachment> attachments = new ArrayList<>();
        for (FileUpload f : request.files() == null ? List.<FileUpload>of() : request.files()) {
            attachments.add(upload(f));
        }
        if (text.isEmpty() && attachments.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Type a message or attach a file.");
        }
        long id = store.insert(
                channel,
                request.threadId(),
                actor.user().key(),
                actor.displayName(),
                false,
                text,
                null,
                null,
                null,
                attachments.isEmpty() ? null : ChatJson.write(attachments));
        feed.channelChanged(channel.key());
        MessageRef ref = new MessageRef(channel, Long.toString(id), request.threadId());
        return handled(new ChatEvent.MessagePosted(
                "sbx-msg-" + id,
                clock.instant(),
                actor,
                ref,
                text,
                attachments,
                channel.id().startsWith("D-")));
    }

    private Reply command(Actor actor, ChannelRef channel, String typed) {
        String[] parts = typed.substring(1).split("\\s+", 2);
        String name = parts[0];
        String rest = parts.length > 1 ? parts[1] : "";
        // Show what was typed to the person who typed it, as Slack does for a command's answer.
        store.insert(
                channel,
                null,
                actor.user().key(),
                actor.displayName(),
                false,
                typed,
                null,
                null,
                actor.user().key(),
                null);
        Optional<CommandSpec> spec = catalog.command(name);
        if (spec.isEmpty()) {
            String answer = texts.get(directory.caller(actor, channel).locale(), "sandbox.unknown-command", "/" + name);
            store.insert(
                    channel,
                    null,
                    SandboxStore.BOT,
                    "Staffroom",
                    true,
                    null,
                    ChatJson.write(Message.of(answer)),
                    null,
                    actor.user().key(),
                    null);
            feed.channelChanged(channel.key());
            return new Reply(false, answer);
        }
        feed.channelChanged(channel.key());
        CommandLine.Parsed parsed = CommandLine.parse(spec.get(), rest);
        String id = UUID.randomUUID().toString();
        return handled(new ChatEvent.CommandInvoked(
                "sbx-cmd-" + id,
                clock.instant(),
                actor,
                interaction(id, actor, channel),
                channel,
                spec.get().name(),
                parsed.subcommand(),
                parsed.options(),
                rest));
    }

    @PostMapping("/edit")
    Reply edit(@RequestBody EditRequest request) {
        Actor actor = actor(request.as());
        SandboxStore.Row row = ownMessage(actor, request.messageId());
        store.updateText(row.id(), request.text());
        feed.channelChanged(row.channel().key());
        return handled(new ChatEvent.MessageEdited(
                "sbx-edit-" + row.id() + "-" + UUID.randomUUID(),
                clock.instant(),
                actor,
                new MessageRef(row.channel(), Long.toString(row.id()), row.threadId()),
                request.text()));
    }

    @PostMapping("/delete")
    Reply delete(@RequestBody MessageRequest request) {
        Actor actor = actor(request.as());
        SandboxStore.Row row = ownMessage(actor, request.messageId());
        store.markDeleted(row.id());
        feed.channelChanged(row.channel().key());
        return handled(new ChatEvent.MessageDeleted(
                "sbx-delete-" + row.id(),
                clock.instant(),
                actor,
                new MessageRef(row.channel(), Long.toString(row.id()), row.threadId())));
    }

    @PostMapping("/react")
    Reply react(@RequestBody ReactRequest request) {
        Actor actor = actor(request.as());
        SandboxStore.Row row = visibleMessage(actor, request.messageId());
        MessageRef ref = new MessageRef(row.channel(), Long.toString(row.id()), row.threadId());
        String eventId = "sbx-react-" + UUID.randomUUID();
        if (request.add()) {
            if (!store.addReaction(row.id(), actor.user().key(), actor.displayName(), request.emoji()))
                return Reply.done();
            feed.channelChanged(row.channel().key());
            return handled(new ChatEvent.ReactionAdded(eventId, clock.instant(), actor, ref, request.emoji()));
        }
        if (!store.removeReaction(row.id(), actor.user().key(), request.emoji())) return Reply.done();
        feed.channelChanged(row.channel().key());
        return handled(new ChatEvent.ReactionRemoved(eventId, clock.instant(), actor, ref, request.emoji()));
    }

    @PostMapping("/button")
    Reply button(@RequestBody ButtonRequest request) {
        Actor actor = actor(request.as());
        SandboxStore.Row row = visibleMessage(actor, request.messageId());
        String id = UUID.randomUUID().toString();
        return handled(new ChatEvent.ButtonPressed(
                "sbx-button-" + id,
                clock.instant(),
                actor,
                interaction(id, actor, row.channel()),
                new MessageRef(row.channel(), Long.toString(row.id()), row.threadId()),
                request.actionId(),
                request.value()));
    }

    @PostMapping("/action")
    Reply action(@RequestBody ActionRequest request) {
        Actor actor = actor(request.as());
        SandboxStore.Row row = visibleMessage(actor, request.messageId());
        List<Attachment> files =
                row.files() == null ? List.of() : ChatJson.read(row.files(), new TypeReference<List<Attachment>>() {});
        Actor author = row.bot()
                ? Actor.of(actor.user(), row.authorName())
                : workspace.actor(row.authorKey()).orElse(Actor.of(UserRef.parse(row.authorKey()), row.authorName()));
        String id = UUID.randomUUID().toString();
        return handled(new ChatEvent.MessageActionInvoked(
                "sbx-action-" + id,
                clock.instant(),
                actor,
                interaction(id, actor, row.channel()),
                request.actionId(),
                new MessageRef(row.channel(), Long.toString(row.id()), row.threadId()),
                author,
                row.text() == null ? "" : row.text(),
                files));
    }

    @PostMapping("/form")
    Reply form(@RequestBody FormRequest request) {
        Actor actor = actor(request.as());
        SandboxFeed.PendingForm pending = feed.takeForm(actor.user().key(), request.token());
        if (pending == null)
            throw new ResponseStatusException(HttpStatus.CONFLICT, "This form was already sent or has expired.");
        @SuppressWarnings("unchecked")
        Map<String, Object> shown = (Map<String, Object>) pending.form();
        Form form = (Form) shown.get("form");
        ChannelRef channel = ChannelRef.parse((String) shown.get("channel"));
        String id = UUID.randomUUID().toString();
        return handled(new ChatEvent.FormSubmitted(
                "sbx-form-" + id,
                clock.instant(),
                actor,
                interaction(id, actor, channel),
                channel,
                form.formId(),
                form.context(),
                request.values()));
    }

    /**
     * An uploaded picture, as the sanitizer re-encoded it: only images are taken, and what is
     * served is always the clean JPEG or PNG, never the bytes as sent, so an upload cannot become
     * a page on this origin.
     */
    private Attachment upload(FileUpload f) {
        String name = f.name() == null || f.name().isBlank() ? "photo" : f.name();
        if (f.mimeType() == null
                || !f.mimeType().toLowerCase(java.util.Locale.ROOT).startsWith("image/")) {
            throw new ResponseStatusException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    name + " is not a picture: the sandbox takes photos only (JPEG, PNG or GIF).");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(f.base64() == null ? "" : f.base64());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, name + " did not arrive whole; attach it again.");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, name + " is over 5 MB");
        }
        PhotoCleaner.Result clean = photos.clean(bytes);
        if (!clean.ok()) {
            throw new ResponseStatusException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    name + " could not be read as a photo (" + clean.refusal() + "). Attach a JPEG or PNG.");
        }
        String id = store.saveFile(name, clean.mimeType(), clean.bytes());
        return new Attachment(id, name, clean.mimeType(), clean.bytes().length, FILES + id);
    }

    @GetMapping("/files/{id}")
    ResponseEntity<byte[]> file(@PathVariable String id) {
        SandboxStore.StoredFile f = store.file(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(f.mimeType()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "inline")
                .header("Cache-Control", "private, max-age=3600")
                .body(f.content());
    }

    /** Hands the event in and waits briefly, so the page (and tests) see the answer on return. */
    private Reply handled(ChatEvent event) {
        InboundEvents.Acceptance a = inbound.accept(event);
        try {
            a.processed().get(WAIT_FOR_HANDLING.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Still being handled; the page will hear about the result on its event stream.
        }
        return Reply.done();
    }

    private InteractionRef interaction(String id, Actor actor, ChannelRef channel) {
        return new InteractionRef(
                actor.user().platform(),
                id,
                new SandboxConnector.Token(actor.user().key(), channel).encode(),
                Instant.now().plus(Duration.ofMinutes(15)));
    }

    private void active() {
        if (!workspace.active()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "The sandbox is off.");
        }
    }

    private Actor actor(String userKey) {
        active();
        return workspace
                .actor(userKey == null ? "" : userKey)
                .orElseThrow(() ->
                        new ResponseStatusException(HttpStatus.FORBIDDEN, "Pick a person from the list to act as."));
    }

    private ChannelRef channel(Actor actor, String channelKey) {
        ChannelRef ref;
        try {
            ref = ChannelRef.parse(channelKey);
        } catch (RuntimeException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown channel.");
        }
        if (!workspace.mayUse(actor.user(), ref)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, actor.displayName() + " cannot use that channel.");
        }
        return ref;
    }

    private SandboxStore.Row visibleMessage(Actor actor, long id) {
        SandboxStore.Row row =
                store.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such message."));
        channel(actor, row.channel().key());
        if (row.visibleTo() != null && !row.visibleTo().equals(actor.user().key())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such message.");
        }
        return row;
    }

    private SandboxStore.Row ownMessage(Actor actor, long id) {
        SandboxStore.Row row = visibleMessage(actor, id);
        if (!row.authorKey().equals(actor.user().key()) || row.deleted()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "You can only change your own messages.");
        }
        return row;
    }
}
