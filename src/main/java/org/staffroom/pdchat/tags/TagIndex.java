package org.staffroom.pdchat.tags;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.chat.UserRef;
import org.staffroom.config.ChannelPurpose;
import org.staffroom.config.School;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * The trust-wide hashtag index: every tag posted in the staffroom, question-of-the-day and pd
 * channels of schools with {@code index-hashtags: true} (not review channels, where drafts about
 * pupils are discussed), kept in step with edits and deletions; and the people following a tag,
 * told by direct message when a new post carries it (never about their own posts).
 */
@Service
class TagIndex {

    static final int EXCERPT = 300;
    static final int LONGEST = 40_000;

    /** A post carrying a tag. */
    record TagPost(
            long id,
            String tag,
            String label,
            MessageRef message,
            String schoolId,
            String authorKey,
            String authorName,
            String excerpt,
            Instant postedAt) {}

    private final TagStore store;
    private final Directory directory;
    private final Chat chat;
    private final Texts texts;
    private final ObjectProvider<TagQuiet> quiet;

    TagIndex(TagStore store, Directory directory, Chat chat, Texts texts, ObjectProvider<TagQuiet> quiet) {
        this.store = store;
        this.directory = directory;
        this.chat = chat;
        this.texts = texts;
        this.quiet = quiet;
    }

    void posted(ChatEvent.MessagePosted e) {
        Optional<School> school = indexed(e.message().channel(), e.direct());
        if (school.isEmpty() || chat.keyOf(e.message()).isPresent()) return;
        List<String> tags = Hashtags.find(cut(e.text()));
        if (tags.isEmpty()) return;
        Caller author = directory.caller(e.actor(), e.message().channel());
        List<String> added = new ArrayList<>();
        for (String tag : tags) {
            if (insert(tag, e.message(), school.get(), author, e.text(), e.at())) added.add(tag);
        }
        if (!added.isEmpty()) tellFollowers(added, e.message(), school.get(), author, e.text(), e.at());
    }

    /** An edit re-indexes the message: tags taken out are dropped, tags put in are added (nobody is told). */
    void edited(ChatEvent.MessageEdited e) {
        Optional<School> school = indexed(e.message().channel(), false);
        if (school.isEmpty() || chat.keyOf(e.message()).isPresent()) return;
        List<String> tags = Hashtags.find(cut(e.text()));
        Set<String> keys = tags.stream().map(Hashtags::key).collect(Collectors.toSet());
        List<TagPost> existing = store.ofMessage(e.message());
        for (TagPost p : existing) {
            if (!keys.contains(p.tag())) store.delete(p.id());
        }
        store.updateExcerpt(e.message(), excerpt(e.text()));
        Caller author = directory.caller(e.actor(), e.message().channel());
        Instant postedAt = existing.isEmpty() ? e.at() : existing.get(0).postedAt();
        for (String tag : tags) insert(tag, e.message(), school.get(), author, e.text(), postedAt);
    }

    void deleted(ChatEvent.MessageDeleted e) {
        store.deleteMessage(e.message());
    }

    List<TagPost> recent(String tagKey, int limit) {
        return store.recent(tagKey, limit);
    }

    /** True if this call started the following (false: already following). */
    boolean follow(String tagKey, Caller caller, Instant now) {
        return store.follow(tagKey, caller.personKey(), caller.user().key(), now);
    }

    boolean unfollow(String tagKey, Caller caller) {
        return store.unfollow(tagKey, caller.personKey());
    }

    List<String> following(Caller caller) {
        return store.following(caller.personKey());
    }

    private Optional<School> indexed(ChannelRef channel, boolean direct) {
        if (direct) return Optional.empty();
        Optional<School> school = directory.schoolOf(channel);
        if (school.isEmpty() || !school.get().indexHashtags()) return Optional.empty();
        if (directory.purposeOf(channel).orElse(null) == ChannelPurpose.REVIEW) return Optional.empty();
        return school;
    }

    private boolean insert(String tag, MessageRef message, School school, Caller author, String text, Instant at) {
        return store.insert(
                Hashtags.key(tag), tag, message, school.id(), author.personKey(), author.name(), excerpt(text), at);
    }

    /** One direct message per follower per post, naming every followed tag it carries. */
    private void tellFollowers(
            List<String> tags, MessageRef message, School school, Caller author, String text, Instant at) {
        TagQuiet q = quiet.getIfAvailable();
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String t : tags) {
            String k = Hashtags.key(t);
            if (q == null || !q.quiet(k, message.channel(), at)) byKey.put(k, t);
        }
        if (byKey.isEmpty()) return;
        Map<String, List<String>> tagsByFollower = new LinkedHashMap<>();
        Map<String, String> accountByFollower = new LinkedHashMap<>();
        for (TagStore.Follower f : store.followers(byKey.keySet(), author.personKey())) {
            tagsByFollower
                    .computeIfAbsent(f.personKey(), k -> new ArrayList<>())
                    .add(byKey.get(f.tag()));
            accountByFollower.put(f.personKey(), f.userKey());
        }
        if (tagsByFollower.isEmpty()) return;
        Optional<String> link = chat.permalink(message);
        tagsByFollower.forEach((person, followed) -> {
            UserRef to = UserRef.parse(accountByFollower.get(person));
            Locale l = directory
                    .person(to)
                    .map(directory::localeOf)
                    .orElse(directory.config().trust().locale());
            Rich body = Rich.of(String.join(" ", followed) + " "
                            + texts.get(l, "tags.follow.new", author.name(), school.shortName()))
                    .newline()
                    .quote(excerpt(text));
            if (link.isPresent()) body = body.newline().link(link.get(), texts.get(l, "tags.open"));
            chat.sendDirect(
                    to, Message.of(body), "tags:follow:" + message.channel().key() + ":" + message.id() + ":" + person);
        });
    }

    /** The longest message a platform delivers (Slack's 40,000 characters): anything longer is cut before it is read. */
    private static String cut(String text) {
        return text == null || text.length() <= LONGEST ? text : text.substring(0, LONGEST);
    }

    static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT - 1) + "…";
    }
}
