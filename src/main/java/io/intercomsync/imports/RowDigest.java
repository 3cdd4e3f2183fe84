package io.intercomsync.imports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A row's digest under one mapping: SHA-256 of what maps it (the mapping, the header, the code that maps)
 * and of the row's values, cut to 128 bits, in base64. The ledger keeps it beside the fingerprint of the
 * body the row was written with: the same digest again means the same body, so the row is known unchanged
 * without being mapped or its body fingerprinted, which are most of an unchanged re-run's work. Another
 * mapping, a reordered header or another build gives every row another digest: the rows are mapped again,
 * and the ledger learns their new digests (one write per row, once).
 *
 * <p>One per file, used by the file's reader thread only (its digest and buffer are reused row after row).
 */
final class RowDigest {
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    /** 128 bits: the digest is only compared with the one kept for the same contact key. */
    private static final int BYTES = 16;

    private final byte[] mapperDigest;
    private final MessageDigest sha256;
    private byte[] buffer = new byte[1024];

    /** @param mapper what maps the rows, as text: any change to it must change the text */
    RowDigest(String mapper) {
        this.sha256 = newSha256();
        sha256.update(CODE);
        this.mapperDigest = sha256.digest(mapper.getBytes(StandardCharsets.UTF_8));
    }

    String of(List<String> values) {
        int at = 0;
        for (String v : values) {
            byte[] bytes = v == null ? null : v.getBytes(StandardCharsets.UTF_8); // a copy for ASCII text
            int length = bytes == null ? -1 : bytes.length;
            at = room(at, 4 + Math.max(0, length));
            // each value's length first: no two rows write the same bytes
            buffer[at++] = (byte) (length >>> 24);
            buffer[at++] = (byte) (length >>> 16);
            buffer[at++] = (byte) (length >>> 8);
            buffer[at++] = (byte) length;
            if (bytes != null) {
                System.arraycopy(bytes, 0, buffer, at, length);
                at += length;
            }
        }
        sha256.update(mapperDigest);
        sha256.update(buffer, 0, at);
        return BASE64.encodeToString(Arrays.copyOf(sha256.digest(), BYTES));
    }

    private int room(int at, int more) {
        if (at + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, at + more));
        }
        return at;
    }

    /**
     * The code that maps: the bytes of the jar it is in, or of the mapping package's classes when they are not
     * in a jar (a build's target/classes). A snapshot keeps its version number while its code changes, so the
     * version alone would let a row settle by how an older build read it.
     */
    private static final byte[] CODE = codeDigest();

    private static byte[] codeDigest() {
        MessageDigest code = newSha256();
        try {
            java.security.CodeSource source = io.intercomsync.mapping.RowMapper.class.getProtectionDomain().getCodeSource();
            java.nio.file.Path where = java.nio.file.Path.of(source.getLocation().toURI());
            if (java.nio.file.Files.isRegularFile(where)) {
                code.update(java.nio.file.Files.readAllBytes(where));
            } else {
                java.nio.file.Path mapping = where.resolve("io/intercomsync/mapping");
                try (var classes = java.nio.file.Files.list(mapping)) {
                    for (java.nio.file.Path c : classes.sorted().toList()) {
                        code.update(c.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                        code.update(java.nio.file.Files.readAllBytes(c));
                    }
                }
            }
        } catch (Exception e) {
            return null; // no code to read (an unusual class loader): no digests, every row is mapped
        }
        return code.digest();
    }

    /** Whether digests can be taken: the code that maps could be read. */
    static boolean available() {
        return CODE != null;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
