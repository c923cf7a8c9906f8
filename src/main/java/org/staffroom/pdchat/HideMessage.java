package org.staffroom.pdchat;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.chat.Texts;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * "Hide from chat archive" on a message: the host (or a coordinator of every school in the chat)
 * takes a captured message out of the archive and out of the other schools' channels.
 */
@Component
class HideMessage {

    private final Directory directory;
    private final Capture capture;
    private final OccurrenceStore occurrences;
    private final Relay relay;
    private final Chat chat;
    private final Texts texts;
    private final Clock clock;
    private final TransactionTemplate tx;

    HideMessage(
            Directory directory,
            Capture capture,
            OccurrenceStore occurrences,
            Relay relay,
            Chat chat,
            Texts texts,
            Clock clock,
            PlatformTransactionManager tm) {
        this.directory = directory;
        this.capture = capture;
        this.occurrences = occurrences;
        this.relay = relay;
        this.chat = chat;
        this.texts = texts;
        this.clock = clock;
        this.tx = new TransactionTemplate(tm);
    }

    @EventListener
    void on(ChatEvent.MessageActionInvoked e) {
        if (!e.actionId().equals(PdChatCommands.HIDE_ACTION)) return;
        Caller caller = directory.caller(e.actor(), e.target().channel());
        Locale l = caller.locale();
        List<CapturedMessageStore.Captured> found = capture.resolve(e.target());
        if (found.isEmpty()) {
            chat.respond(e.interaction(), Message.of(texts.get(l, "pdchat.hide.not-captured")));
            return;
        }
        for (CapturedMessageStore.Captured c : found) {
            Occurrence occ = occurrences.find(c.occurrenceId()).orElseThrow();
            if (!ChatPermissions.mayRun(caller, occ.hostKey(), occ.schoolIds())) {
                chat.respond(
                        e.interaction(),
                        Message.of(texts.get(l, "pdchat.hide.not-allowed", occ.hashtag(), occ.hostName())));
                return;
            }
        }
        Set<String> lanes = tx.execute(s -> capture.hide(found, caller.personKey()));
        relay.flush(lanes, clock.instant());
        chat.respond(e.interaction(), Message.of(texts.get(l, "pdchat.hide.done")));
    }
}
