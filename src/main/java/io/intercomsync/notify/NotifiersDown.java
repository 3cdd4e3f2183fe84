package io.intercomsync.notify;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The notifiers that already failed during one run (after their retries). They are not tried again
 * until the run is over, so a notifier that hangs costs the run one notification's retries, not one
 * per notification. Thread-safe: the notifiers are called in parallel.
 */
public final class NotifiersDown {
    private final Set<String> down = ConcurrentHashMap.newKeySet();

    void add(String notifier) {
        down.add(notifier);
    }

    public boolean contains(String notifier) {
        return down.contains(notifier);
    }

    @Override
    public String toString() {
        return "NotifiersDown" + down;
    }
}
