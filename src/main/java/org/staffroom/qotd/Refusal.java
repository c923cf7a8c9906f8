package org.staffroom.qotd;

/** A {@code qotd} refusal (see {@link org.staffroom.chat.Refusal}): its keys are in the qotd bundle. */
class Refusal extends org.staffroom.chat.Refusal {

    Refusal(String key, Object... args) {
        super(key, args);
    }
}
