package io.intercomsync.sync;

import io.intercomsync.ledger.Fingerprint;
import io.intercomsync.mapping.MappedRow;

import java.util.List;

/**
 * One CSV row on its way to Intercom. It travels as the message body through the split, so a
 * redelivery sees what earlier attempts did (attempts, whether a create may already have landed).
 */
public final class RowTask {
    private final long rowNumber;
    private final List<String> values;
    private final MappedRow mapped;
    private final String mappingError;
    private final KeySequencer.Turn turn;
    private final String rejectedKey;

    private volatile String fingerprint; // of the mapped contact: computed once, by whichever thread asks first
    private int attempts;
    private boolean createSent;
    private boolean created;
    private Outcome outcome;

    RowTask(long rowNumber, List<String> values, MappedRow mapped, String mappingError, KeySequencer.Turn turn) {
        this(rowNumber, values, mapped, mappingError, turn, null);
    }

    private RowTask(long rowNumber, List<String> values, MappedRow mapped, String mappingError, KeySequencer.Turn turn,
                    String rejectedKey) {
        this.rejectedKey = rejectedKey;
        this.rowNumber = rowNumber;
        this.values = values;
        this.mapped = mapped;
        this.mappingError = mappingError;
        this.turn = turn;
    }

    /** A mapped row; {@code turn} from the {@link KeySequencer} of its run, entered in input order. */
    public static RowTask mapped(long rowNumber, List<String> values, MappedRow mapped, KeySequencer.Turn turn) {
        return new RowTask(rowNumber, values, mapped, null, turn);
    }

    /** A row that failed before it could be sent: {@code reason} goes to the errors file. */
    public static RowTask rejected(long rowNumber, List<String> values, String reason) {
        return new RowTask(rowNumber, values, null, reason, null, null);
    }

    /** A row that failed before it could be sent, whose contact key is still known ({@code dedupeKey}, or null). */
    public static RowTask rejected(long rowNumber, List<String> values, String reason, String dedupeKey) {
        return new RowTask(rowNumber, values, null, reason, null, dedupeKey);
    }

    /** The row's contact key, mapped or not; null when the row does not say whose it is. */
    String contactKey() {
        return mapped != null ? mapped.key().dedupeKey() : rejectedKey;
    }

    /** 1 is the first row after the header. */
    public long rowNumber() {
        return rowNumber;
    }

    public List<String> values() {
        return values;
    }

    public MappedRow mapped() {
        return mapped;
    }

    /**
     * The mapped contact's {@link Fingerprint}, computed on first use. The reader of a file may compute it
     * ahead, while it waits for the writers; two threads computing it at once get the same value.
     */
    public String contactFingerprint() {
        String f = fingerprint;
        if (f == null) {
            f = Fingerprint.of(mapped.contact());
            fingerprint = f;
        }
        return f;
    }

    /** Whether {@link #contactFingerprint} was computed already. */
    public boolean hasFingerprint() {
        return fingerprint != null;
    }

    /** Why the row could not be mapped, or null when it was. */
    public String mappingError() {
        return mappingError;
    }

    KeySequencer.Turn turn() {
        return turn;
    }

    int nextAttempt() {
        return ++attempts;
    }

    boolean createSent() {
        return createSent;
    }

    void markCreateSent() {
        createSent = true;
    }

    /** An attempt of this row created its contact: a redelivery that only attaches its company or tags is still a create. */
    boolean created() {
        return created;
    }

    void markCreated() {
        created = true;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Records the final outcome once; a second call is ignored so a row is never counted twice. */
    boolean finish(Outcome o) {
        if (outcome != null) {
            return false;
        }
        outcome = o;
        if (turn != null) {
            turn.leave();
        }
        return true;
    }

    @Override
    public String toString() {
        return "row " + rowNumber;
    }
}
