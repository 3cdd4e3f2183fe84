package io.intercomsync.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class KeySequencerTest {
    @Test
    void rowsWithTheSameKeyRunInFileOrderWhateverThreadGetsThereFirst() throws Exception {
        KeySequencer sequencer = new KeySequencer();
        List<String> order = new CopyOnWriteArrayList<>();
        KeySequencer.Turn first = sequencer.enter("external_id:42");
        KeySequencer.Turn second = sequencer.enter("external_id:42");
        KeySequencer.Turn other = sequencer.enter("external_id:7");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        pool.submit(() -> { second.await(); order.add("second"); second.leave(); });
        pool.submit(() -> { other.await(); order.add("other"); other.leave(); });
        Thread.sleep(50); // give "second" every chance to jump the queue
        pool.submit(() -> { first.await(); order.add("first"); first.leave(); });
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsSubsequence("first", "second");
        assertThat(order.indexOf("other")).isLessThan(order.indexOf("first"));
    }

    /** 200,000: a file whose rows of one key all failed (a run stopped, say), more than a stack's depth. */
    @ParameterizedTest
    @ValueSource(ints = {1, 200_000})
    void rowsThatEndBeforeTheirTurnCameDoNotLetTheRowsAfterThemPassTheOnesBefore(int endedEarly) {
        KeySequencer sequencer = new KeySequencer();
        KeySequencer.Turn first = sequencer.enter("k");
        List<KeySequencer.Turn> failed = new ArrayList<>(); // do not map: fail without waiting for their turn
        for (int i = 0; i < endedEarly; i++) {
            failed.add(sequencer.enter("k"));
        }
        KeySequencer.Turn last = sequencer.enter("k");
        failed.forEach(KeySequencer.Turn::leave);
        assertThat(last.free()).isFalse();
        first.leave();
        // completed one inside another, a long chain would overflow the stack, the error be swallowed, and this never free
        assertThat(last.free()).isTrue();
        last.leave();
        assertThat(sequencer.size()).isZero();
    }

    @Test
    void forgetsKeysOnceTheirLastRowHasLeft() {
        KeySequencer sequencer = new KeySequencer();
        KeySequencer.Turn a = sequencer.enter("k");
        KeySequencer.Turn b = sequencer.enter("k");
        a.leave();
        assertThat(sequencer.size()).isEqualTo(1);
        b.leave();
        b.leave();
        assertThat(sequencer.size()).isZero();
    }
}
