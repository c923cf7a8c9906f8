package org.staffroom.approvals;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;

/**
 * Implemented by a module whose subjects go through review (drafts), so that approvals can show
 * them without knowing what they are. Called while rendering a card, inside the caller's
 * transaction; it must not change anything.
 */
public interface ReviewContent {

    /** The subject kind this renders, as given in {@link ReviewRequest#subjectKind()}. */
    String kind();

    /** A short name for the subject in notices and card titles, e.g. "Draft #12 (Oakfield)". */
    String title(String subjectId, Locale locale);

    /** The card body: what is being reviewed (text, fields, images), in {@code locale}. */
    Message card(String subjectId, Locale locale);

    /** Buttons shown on the card once the last stage has approved (e.g. "Mark as published"). */
    default List<Message.Button> afterApproval(String subjectId, Locale locale) {
        return List.of();
    }

    /**
     * Set when the subject was taken back for good after approval (a post pulled when media consent
     * was withdrawn): the line replaces the card's status, and the card loses every button.
     */
    default java.util.Optional<String> halted(String subjectId, Locale locale) {
        return java.util.Optional.empty();
    }

    /**
     * What became of the subject after the last stage approved (e.g. "Published by …" with its
     * link; a pull is {@link #halted}), shown on the card instead of "Ready to publish."; empty while nothing has.
     */
    default Optional<Rich> afterApprovalState(String subjectId, Locale locale) {
        return Optional.empty();
    }
}
