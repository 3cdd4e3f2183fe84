package io.intercomsync.sync;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps rows that name the same contact in file order while rows are written in parallel, so the
 * last row of a file wins. {@link #enter} must be called in file order (the CSV reader does, from
 * one thread); only keys with a row in flight are held, so memory does not grow with the file.
 */
public final class KeySequencer {
    /**
     * Turns whose completion is due on this thread while an earlier one's completion is still running here.
     * Completing a future runs the next turn's {@code leave} callback on the same stack, so a long run of rows
     * that ended before their turn (a run stopped, a key whose rows all fail to map) would otherwise nest one
     * frame per row and overflow the stack; queued, they complete one after another in a loop instead.
     */
    private static final ThreadLocal<Drain> DRAINING = ThreadLocal.withInitial(Drain::new);

    /** One thread's turns waiting to be completed, and whether it is completing one now. */
    private static final class Drain {
        final ArrayDeque<Turn> due = new ArrayDeque<>();
        boolean running;
    }

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    public Turn enter(String key) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(key, mine);
        return new Turn(key, previous, mine);
    }

    /** Keys with a row still in flight. */
    public int size() {
        return tails.size();
    }

    public final class Turn {
        private final String key;
        private final CompletableFuture<Void> previous;
        private final CompletableFuture<Void> mine;

        private Turn(String key, CompletableFuture<Void> previous, CompletableFuture<Void> mine) {
            this.key = key;
            this.previous = previous;
            this.mine = mine;
        }

        /** Whether every earlier row with this key has left, so that this one may be decided now. */
        public boolean free() {
            return previous == null || previous.isDone();
        }

        /** Blocks until every earlier row with this key has left. */
        public void await() {
            if (previous != null) {
                previous.join();
            }
        }

        /**
         * Lets the next row with this key go once every earlier one has left too; safe to call more than once.
         * A row may end before its turn came (it does not map, the run stopped): the rows after it still wait
         * for the rows before it.
         */
        public void leave() {
            if (previous == null || previous.isDone()) {
                done();
            } else {
                previous.whenComplete((ignored, failure) -> done());
            }
        }

        private void done() {
            Drain drain = DRAINING.get();
            drain.due.add(this);
            if (drain.running) {
                return; // the loop below, further up this stack, completes it next
            }
            drain.running = true;
            RuntimeException failedRuntime = null;
            Error failedError = null;
            // every turn due is released, even after one failed to be: one left incomplete would hang its key's later rows
            for (Turn turn = drain.due.poll(); turn != null; turn = drain.due.poll()) {
                try {
                    turn.release();
                } catch (RuntimeException e) {
                    failedRuntime = failedRuntime == null ? e : failedRuntime;
                } catch (Error e) {
                    failedError = failedError == null ? e : failedError;
                }
            }
            drain.running = false;
            if (failedError != null) {
                throw failedError;
            }
            if (failedRuntime != null) {
                throw failedRuntime;
            }
        }

        private void release() {
            mine.complete(null);
            tails.remove(key, mine);
        }
    }
}
