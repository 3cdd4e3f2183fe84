package io.intercomsync.sync;

import io.intercomsync.ledger.Fingerprint;
import io.intercomsync.mapping.MappedRow;
import io.intercomsync.mapping.RowMappingException;

import java.util.List;
import java.util.function.Function;

/**
 * One CSV row on its way to Intercom. It travels as the message body through the split, so a
 * redelivery sees what earlier attempts did (attempts, whether a create may already have landed).
 *
 * <p>A file's row may be mapped late ({@link #toMap}): a row the ledger has seen, byte for byte, under the
 * same mapping ({@link #rowDigest}) needs no mapping at all, and on a daily re-export that is most rows.
 */
public final class RowTask {
    /** What a row maps to, or why it does not. */
    private record Mapping(MappedRow row, String error) {
    }

    private final long rowNumber;
    private final List<String> values;
    private final KeySequencer.Turn turn;
    private final String contactKey;
    private final String rowDigest;
    private Function<List<String>, MappedRow> mapper; // null once mapped; guarded by this
    private volatile Mapping mapping; // null until mapped: by whichever thread asks first

    private volatile String fingerprint; // of the mapped contact: computed once, by whichever thread asks first
    private int attempts;
    private boolean createSent;
    private boolean created;
    private Outcome outcome;

    private RowTask(long rowNumber, List<String> values, Mapping mapping, Function<List<String>, MappedRow> mapper,
                    String contactKey, String rowDigest, KeySequencer.Turn turn) {
        this.rowNumber = rowNumber;
        this.values = values;
        this.mapping = mapping;
        this.mapper = mapper;
        this.contactKey = contactKey;
        this.rowDigest = rowDigest;
        this.turn = turn;
    }

    /** A mapped row; {@code turn} from the {@link KeySequencer} of its run, entered in input order. */
    public static RowTask mapped(long rowNumber, List<String> values, MappedRow mapped, KeySequencer.Turn turn) {
        return new RowTask(rowNumber, values, new Mapping(mapped, null), null, mapped.key().dedupeKey(), null, turn);
    }

    /**
     * A row mapped when first asked ({@link #mapped}, {@link #mappingError}), from any thread.
     *
     * @param mapper     maps the values; a {@link RowMappingException} is the row's mapping error
     * @param contactKey the key its mapping gives ({@code RowMapper.dedupeKeyOf}), known before it is mapped
     * @param rowDigest  {@code RowDigest} of its values under its mapping, or null when it must always be mapped
     * @param turn       from the {@link KeySequencer} of its run, entered with {@code contactKey} in input order
     */
    public static RowTask toMap(long rowNumber, List<String> values, Function<List<String>, MappedRow> mapper,
                                String contactKey, String rowDigest, KeySequencer.Turn turn) {
        return new RowTask(rowNumber, values, null, mapper, contactKey, rowDigest, turn);
    }

    /** A row that failed before it could be sent: {@code reason} goes to the errors file. */
    public static RowTask rejected(long rowNumber, List<String> values, String reason) {
        return rejected(rowNumber, values, reason, null);
    }

    /** A row that failed before it could be sent, whose contact key is still known ({@code dedupeKey}, or null). */
    public static RowTask rejected(long rowNumber, List<String> values, String reason, String dedupeKey) {
        return new RowTask(rowNumber, values, new Mapping(null, reason), null, dedupeKey, null, null);
    }

    /** The row's contact key, mapped or not; null when the row does not say whose it is. */
    String contactKey() {
        return contactKey;
    }

    /**
     * A digest of the row's values and of what maps them (the mapping, the header, this code's version), or
     * null: the ledger keeps it beside the fingerprint of the body the row was written with, so the same row
     * again is known unchanged without being mapped.
     */
    public String rowDigest() {
        return rowDigest;
    }

    /** 1 is the first row after the header. */
    public long rowNumber() {
        return rowNumber;
    }

    public List<String> values() {
        return values;
    }

    /** What the row maps to, mapping it now if nothing has yet; null when it does not map ({@link #mappingError}). */
    public MappedRow mapped() {
        return mapping().row();
    }

    /** Whether the row was mapped already, by whichever thread. */
    public boolean isMapped() {
        return mapping != null;
    }

    private Mapping mapping() {
        Mapping m = mapping;
        if (m == null) {
            synchronized (this) {
                m = mapping;
                if (m == null) {
                    try {
                        m = new Mapping(mapper.apply(values), null);
                    } catch (RowMappingException e) {
                        m = new Mapping(null, e.getMessage());
                    } catch (RuntimeException e) {
                        m = new Mapping(null, "unexpected error while mapping the row: " + e);
                    }
                    mapping = m;
                    mapper = null;
                }
            }
        }
        return m;
    }

    /**
     * The mapped contact's {@link Fingerprint}, computed on first use. The reader of a file may compute it
     * ahead, while it waits for the writers; two threads computing it at once get the same value.
     */
    public String contactFingerprint() {
        String f = fingerprint;
        if (f == null) {
            f = Fingerprint.of(mapped().contact());
            fingerprint = f;
        }
        return f;
    }

    /** Whether {@link #contactFingerprint} was computed already. */
    public boolean hasFingerprint() {
        return fingerprint != null;
    }

    /** Why the row could not be mapped, or null when it was (mapping it now if nothing has yet). */
    public String mappingError() {
        return mapping().error();
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
