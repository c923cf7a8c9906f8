package org.staffroom.qotd;

/** A question in the bank. {@code source}: CONFIG (questions.yml), CHAT (/qotd add) or SUGGESTION. */
record Question(String id, String text, String category, String source, boolean inConfig, boolean retired) {

    /** May be asked: not retired, and a questions.yml question only while the file still lists it. */
    boolean askable() {
        return !retired && (!source.equals("CONFIG") || inConfig);
    }
}
