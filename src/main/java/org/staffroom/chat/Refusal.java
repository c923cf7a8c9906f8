package org.staffroom.chat;

/**
 * A request refused for a reason the person can act on: a bundle key and its arguments. The
 * {@link Dispatcher} turns it into a private answer in the caller's language; thrown from a
 * transactional service it also rolls back anything begun, on chat and on the web alike.
 */
public class Refusal extends RuntimeException {

    private final String key;
    private final transient Object[] args;

    public Refusal(String key, Object... args) {
        super(key, null, false, false);
        this.key = key;
        this.args = args;
    }

    public String key() {
        return key;
    }

    public Object[] args() {
        return args;
    }
}
