package org.staffroom.pdchat.tags;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.config.School;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/** Keeps the index in step with messages, and answers /tag, /follow and /unfollow privately. */
@Component
class TagHandlers {

    static final int LISTED = 10;

    private final TagIndex index;
    private final Directory directory;
    private final Chat chat;
    private final Texts texts;
    private final Clock clock;
    private final TransactionTemplate tx;

    TagHandlers(
            TagIndex index, Directory directory, Chat chat, Texts texts, Clock clock, PlatformTransactionManager tm) {
        this.index = index;
        this.directory = directory;
        this.chat = chat;
        this.texts = texts;
        this.clock = clock;
        this.tx = new TransactionTemplate(tm);
    }

    @EventListener
    void on(ChatEvent.MessagePosted e) {
        tx.executeWithoutResult(s -> index.posted(e));
    }

    @EventListener
    void on(ChatEvent.MessageEdited e) {
        tx.executeWithoutResult(s -> index.edited(e));
    }

    @EventListener
    void on(ChatEvent.MessageDeleted e) {
        tx.executeWithoutResult(s -> index.deleted(e));
    }

    Message run(ChatEvent.CommandInvoked e, Caller caller) {
        String command = e.command();
        Locale l = caller.locale();
        String typed = e.option("tag") != null ? e.option("tag") : e.text();
        if (command.equals(TagCommands.FOLLOW) && typed.isBlank()) {
            List<String> tags = index.following(caller);
            answer(
                    e,
                    Rich.of(
                            tags.isEmpty()
                                    ? texts.get(l, "tags.following.none")
                                    : texts.get(l, "tags.following", String.join(" ", tags))));
            return null;
        }
        Optional<String> tag = Hashtags.parse(typed);
        if (tag.isEmpty()) {
            answer(
                    e,
                    Rich.of(
                            typed.isBlank()
                                    ? texts.get(l, "tags.error.no-tag", "/" + command)
                                    : texts.get(l, "tags.error.tag", typed.trim(), "/" + command)));
            return null;
        }
        String key = Hashtags.key(tag.get());
        switch (command) {
            case TagCommands.FOLLOW -> {
                boolean started = Boolean.TRUE.equals(tx.execute(s -> index.follow(key, caller, clock.instant())));
                answer(e, Rich.of(texts.get(l, started ? "tags.follow.done" : "tags.follow.already", tag.get())));
            }
            case TagCommands.UNFOLLOW -> {
                boolean stopped = Boolean.TRUE.equals(tx.execute(s -> index.unfollow(key, caller)));
                answer(
                        e,
                        Rich.of(texts.get(
                                l, stopped ? "tags.unfollow.done" : "tags.unfollow.not-following", tag.get())));
            }
            default -> answer(e, list(tag.get(), key, caller));
        }
        return null;
    }

    private Rich list(String tag, String key, Caller caller) {
        Locale l = caller.locale();
        List<TagIndex.TagPost> posts = index.recent(key, LISTED);
        if (posts.isEmpty()) return Rich.of(texts.get(l, "tags.tag.none", tag));
        ZoneId zone = caller.schoolIfKnown().map(School::zone).orElse(zoneOfTrust());
        DateTimeFormatter when = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", l);
        Rich text = Rich.empty().bold(texts.get(l, "tags.tag.title", tag));
        for (TagIndex.TagPost p : posts) {
            String school =
                    directory.school(p.schoolId()).map(School::shortName).orElse(p.schoolId());
            text = text.newline()
                    .text("• "
                            + texts.get(
                                    l,
                                    "tags.tag.line",
                                    p.authorName(),
                                    school,
                                    when.format(p.postedAt().atZone(zone)),
                                    p.excerpt()));
            Optional<String> link = chat.permalink(p.message());
            if (link.isPresent()) text = text.text(" ").link(link.get(), texts.get(l, "tags.open"));
        }
        return text;
    }

    private ZoneId zoneOfTrust() {
        ZoneId z = directory.config().trust().zone();
        return z != null ? z : ZoneId.of("UTC");
    }

    private void answer(ChatEvent.CommandInvoked e, Rich text) {
        chat.respond(e.interaction(), Message.of(text));
    }
}
