package io.intercomsync.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * SHA-256 of a request body's canonical JSON (object keys sorted at every level, no whitespace), in
 * hex. Two bodies that Intercom would read the same way get the same fingerprint, whatever the order
 * of the mapping's columns.
 *
 * <p>The canonical JSON is what Jackson writes with {@code ORDER_MAP_ENTRIES_BY_KEYS}: every ledger's
 * fingerprints were taken from those bytes, and a fingerprint that changed would make every contact look
 * changed (one call per row) after an upgrade. {@link CanonicalJson} writes the same bytes for the values
 * a body holds, several times faster (an unchanged re-run takes one fingerprint per row); Jackson writes
 * anything else.
 */
public final class Fingerprint {
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final HexFormat HEX = HexFormat.of();
    /** Per thread: the writer's buffer and the digest are reused, row after row (the row pool's threads are long-lived). */
    private static final ThreadLocal<PerThread> PER_THREAD = ThreadLocal.withInitial(PerThread::new);

    private Fingerprint() {
    }

    public static String of(Map<String, Object> body) {
        PerThread mine = PER_THREAD.get();
        MessageDigest sha256 = mine.sha256;
        CanonicalJson json = mine.json;
        try {
            if (json.write(body)) {
                sha256.update(json.bytes(), 0, json.length());
            } else {
                sha256.update(jacksonJson(body));
            }
            return HEX.formatHex(sha256.digest());
        } finally {
            sha256.reset(); // digest() resets it, but not when writing threw halfway
            json.release();
        }
    }

    /** The canonical JSON as Jackson writes it: the definition {@link CanonicalJson} keeps to. */
    static byte[] jacksonJson(Map<String, Object> body) {
        try {
            return CANONICAL.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static final class PerThread {
        final CanonicalJson json = new CanonicalJson();
        final MessageDigest sha256;

        PerThread() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }
    }
}
