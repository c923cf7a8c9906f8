package org.staffroom.testing.slack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** An append-only, thread-safe log that tests can wait on without sleeping. */
final class Recorder<T> {

    private final List<T> items = new ArrayList<>();

    synchronized void add(T item) {
        items.add(item);
        notifyAll();
    }

    synchronized List<T> all() {
        return List.copyOf(items);
    }

    synchronized List<T> matching(Predicate<? super T> p) {
        return items.stream().filter(p).collect(Collectors.toList());
    }

    synchronized void clear() {
        items.clear();
    }

    /** Waits until an item matches; empty when the timeout passes first. */
    synchronized Optional<T> await(Predicate<? super T> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (T item : items) {
                if (p.test(item)) {
                    return Optional.of(item);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                wait(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** Waits until at least {@code n} items match; returns whether they did in time. */
    synchronized boolean awaitCount(Predicate<? super T> p, int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (items.stream().filter(p).count() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
