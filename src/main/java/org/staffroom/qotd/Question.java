package org.staffroom.qotd;

/** A question in the bank. */
record Question(String id, String text, String category, Source source, boolean inConfig, boolean retired) {

    /** Where a question came from: questions.yml, {@code /qotd add}, or a teacher's approved suggestion. */
    enum Source {
        CONFIG,
        CHAT,
        SUGGESTION
    }

    /** May be asked: not retired, and a questions.yml question only while the file still lists it. */
    boolean askable() {
        return !retired && (source != Source.CONFIG || inConfig);
    }
}
