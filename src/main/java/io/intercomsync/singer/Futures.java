package io.intercomsync.singer;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting on the worker pool's results so that a worker's failure surfaces as it would have on the sync's own thread. */
final class Futures {
    private Futures() {
    }

    /** The result of {@code f}; a worker's RuntimeException (an IntercomException, say) is rethrown as it was. */
    static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TapException("the tap was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new TapException("fetching a conversation failed: " + e.getCause(), e.getCause());
        }
    }
}
