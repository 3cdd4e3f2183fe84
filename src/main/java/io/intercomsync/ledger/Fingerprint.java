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
 */
public final class Fingerprint {
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Fingerprint() {
    }

    public static String of(Map<String, Object> body) {
        byte[] json;
        try {
            json = CANONICAL.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
