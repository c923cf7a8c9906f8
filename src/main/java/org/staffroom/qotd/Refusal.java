package org.staffroom.qotd;

/**
 * A request refused for a reason the person can act on: a bundle key and its arguments for the
 * private answer. Thrown from a transactional service it also rolls back anything begun.
 */
class Refusal extends RuntimeException {

    private final String key;
    private final transient Object[] args;

    Refusal(String key, Object... args) {
        super(key, null, false, false);
        this.key = key;
        this.args = args;
    }

    String key() {
        return key;
    }

    Object[] args() {
        return args;
    }
}
