package org.staffroom.architecture.leakyadapter;

import org.staffroom.chat.spi.Pace;
import org.staffroom.drafts.DraftState;

/** An adapter that reaches past the chat port into a workflow: what the port check must refuse. */
public class LeakyAdapter {

    Pace pace() {
        return Pace.UNLIMITED;
    }

    boolean inReview(DraftState state) {
        return state == DraftState.IN_REVIEW;
    }
}
