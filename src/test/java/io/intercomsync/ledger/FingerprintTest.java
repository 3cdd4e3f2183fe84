package io.intercomsync.ledger;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fingerprints must never change for the same body: every ledger's entries were taken with Jackson's
 * canonical JSON, and a changed fingerprint would send every contact again after an upgrade. The fast
 * writer ({@link CanonicalJson}) is compared byte for byte with Jackson over varied bodies.
 */
class FingerprintTest {
    private final CanonicalJson writer = new CanonicalJson();

    @Test
    void aMappedRowKeepsTheFingerprintItHadBeforeTheFastWriter() {
        // taken with the Jackson-only Fingerprint.of, before CanonicalJson existed
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("plan", "pro");
        custom.put("seats", 12L);
        custom.put("mrr", 49.5);
        custom.put("beta_tester", true);
        custom.put("renewal_date", 1767225600L);
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("role", "user");
        contact.put("external_id", "u-1");
        contact.put("email", "ada@example.com");
        contact.put("name", "Ada Lovelace");
        contact.put("custom_attributes", custom);
        assertThat(new CanonicalJson().write(contact)).isTrue();
        assertThat(Fingerprint.of(contact)).isEqualTo("0525ebef72e8eff14e6f1ffef925ceb0ca2ec75a8346fd653c6ca7cd1056fd7a");

        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("role", "lead");
        lead.put("name", "Zoë \"Z\" \uD83D\uDE00\t");
        lead.put("phone", null);
        assertThat(Fingerprint.of(lead)).isEqualTo("4cab0f45a033385196858400cf52a94c3a4d206c320da836f9a09b2638c97e50");
    }

    @Test
    void theColumnOrderDoesNotMatter() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("email", "a@example.com");
        a.put("name", "A");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", "A");
        b.put("email", "a@example.com");
        assertThat(Fingerprint.of(a)).isEqualTo(Fingerprint.of(b));
    }

    @Test
    void everyCharacterIsWrittenAsJacksonWritesIt() {
        // every UTF-16 unit, lone surrogates included, in values and in keys
        for (int from = 0; from < 0x10000; from += 512) {
            StringBuilder text = new StringBuilder();
            for (int c = from; c < from + 512; c++) {
                text.append((char) c);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("v", text.toString());
            body.put(text.toString(), "k");
            assertSameAsJackson(body);
        }
        for (int c = 0; c < 0x10000; c++) {
            assertSameAsJackson(Map.of(String.valueOf((char) c), String.valueOf((char) c)));
        }
        assertSameAsJackson(Map.of("emoji", "\uD83D\uDE00 \uD83C\uDDEB\uD83C\uDDF7 \uDBFF\uDFFF", "escapes",
                "\" \\ / \b \t \n \f \r \u0000 \u001F \u007F \u2028 \u2029 \uFEFF \uFFFD"));
    }

    @Test
    void numbersBooleansAndNullsAreWrittenAsJacksonWritesThem() {
        List<Object> values = new ArrayList<>(Arrays.asList(null, true, false, 0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE,
                0, Integer.MAX_VALUE, Integer.MIN_VALUE, (short) -7, Short.MIN_VALUE, (byte) 5, Byte.MIN_VALUE,
                0.0, -0.0, 0.1, 1.0, -1.5, 49.99, 1e7, 1e-3, 1e-4, 1e21, 1e22, 123456789.123, Double.MIN_VALUE,
                Double.MAX_VALUE, Double.MIN_NORMAL, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                0.0f, -0.0f, 0.1f, 3.4028235e38f, Float.MIN_VALUE, Float.NaN, Float.NEGATIVE_INFINITY,
                new BigDecimal("1E+3"), new BigDecimal("-0.000"), new BigDecimal("12345678901234567890.123456789"),
                new BigDecimal("1e-40"), BigInteger.ZERO, new BigInteger("-123456789012345678901234567890")));
        Random random = new Random(17);
        for (int i = 0; i < 2_000; i++) {
            values.add(Double.longBitsToDouble(random.nextLong()));
            values.add(Float.intBitsToFloat(random.nextInt()));
            values.add(random.nextLong());
            values.add(random.nextInt());
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
        }
        for (int i = 0; i < values.size(); i++) {
            Map<String, Object> body = new HashMap<>();
            body.put("value", values.get(i));
            assertSameAsJackson(body);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("values", values);
        assertSameAsJackson(all);
    }

    @Test
    void mapsAndListsAreOrderedAndNestedAsJacksonDoes() {
        Map<String, Object> reversed = new TreeMap<>(Comparator.reverseOrder()); // a sorted map keeps its own order
        reversed.put("a", 1L);
        reversed.put("b", List.of());
        reversed.put("c", Map.of());
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", Arrays.asList(1L, "two", null, List.of(3.0, Map.of("k", false)), Collections.emptyMap()));
        inner.put("Z", reversed);
        inner.put("é", Collections.unmodifiableMap(new TreeMap<>(Map.of("y", "Y", "x", "X"))));
        inner.put("", "empty key");
        inner.put("a\u0000", "a NUL in a key");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", "user");
        body.put("custom_attributes", inner);
        body.put("list", Collections.unmodifiableList(new ArrayList<>(List.of("b", "a"))));
        body.put("empty", new LinkedHashMap<>());
        assertSameAsJackson(body);
        assertSameAsJackson(Collections.unmodifiableMap(body));
        assertSameAsJackson(new HashMap<>());

        Map<String, Object> deep = new LinkedHashMap<>();
        Map<String, Object> at = deep;
        for (int i = 0; i < 150; i++) { // past CanonicalJson's depth: Jackson writes it
            Map<String, Object> next = new LinkedHashMap<>();
            at.put("d" + i, next);
            at.put("n", i);
            at = next;
        }
        assertThat(new CanonicalJson().write(deep)).isFalse();
        assertThat(Fingerprint.of(deep)).isEqualTo(sha256(Fingerprint.jacksonJson(deep)));
    }

    @Test
    void aMapWithManyKeysIsOrderedAsJacksonDoes() {
        Random random = new Random(33);
        Map<String, Object> many = new HashMap<>();
        Map<String, Object> inner = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            many.put(randomString(random) + i, i % 3 == 0 ? inner : randomValue(random, 1));
            inner.put("k" + random.nextInt(1000), (long) i);
        }
        assertSameAsJackson(many);
    }

    @Test
    void bodiesWithTheSameKeysInOtherOrdersAndSubsets() {
        // the writer remembers the last map's keys at each depth: the same keys come back in every row
        List<String> pool = List.of("role", "email", "name", "custom_attributes", "z", "a", "é", "Z", "", "\u0001");
        Random random = new Random(99);
        for (int i = 0; i < 3_000; i++) {
            List<String> keys = new ArrayList<>(pool.subList(0, 1 + random.nextInt(pool.size())));
            if (random.nextInt(3) == 0) {
                Collections.shuffle(keys, random);
            }
            Map<String, Object> body = random.nextInt(5) == 0 ? new TreeMap<>(Comparator.reverseOrder()) : new LinkedHashMap<>();
            for (String key : keys) {
                body.put(random.nextInt(20) == 0 ? new String(key) : key, random.nextInt(4) == 0
                        ? Map.of(pool.get(random.nextInt(pool.size())), (long) i) : randomValue(random, 2));
            }
            assertSameAsJackson(body);
        }
    }

    @Test
    void randomBodiesAreWrittenAsJacksonWritesThem() {
        Random random = new Random(2026);
        for (int i = 0; i < 5_000; i++) {
            assertSameAsJackson(randomMap(random, 0));
        }
    }

    @Test
    void valuesTheFastWriterDoesNotKnowAreLeftToJackson() {
        Map<String, Object> uuid = new LinkedHashMap<>();
        uuid.put("id", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        uuid.put("chars", new char[] {'a', 'b'});
        uuid.put("set", new java.util.TreeSet<>(List.of("b", "a")));
        uuid.put("long", new java.util.concurrent.atomic.AtomicLong(5));
        assertThat(new CanonicalJson().write(uuid)).isFalse();
        assertThat(Fingerprint.of(uuid)).isEqualTo(sha256(Fingerprint.jacksonJson(uuid)));

        Map<Object, Object> numberKeys = new TreeMap<>(Map.of(2, "b", 1, "a"));
        @SuppressWarnings("unchecked")
        Map<String, Object> asBody = (Map<String, Object>) (Map<?, ?>) numberKeys;
        assertThat(new CanonicalJson().write(asBody)).isFalse();
        assertThat(Fingerprint.of(asBody)).isEqualTo(sha256(Fingerprint.jacksonJson(asBody)));

        // a body Jackson cannot write fails as it did, and the next one is fingerprinted as usual
        Map<String, Object> date = Map.of("when", LocalDate.of(2026, 1, 1));
        assertThatThrownBy(() -> Fingerprint.of(date)).isInstanceOf(IllegalArgumentException.class);
        assertSameAsJackson(Map.of("after", "a failure"));
    }

    @Test
    void aHugeBodyAndTheOneAfterIt() {
        Map<String, Object> huge = new LinkedHashMap<>();
        huge.put("text", "é\u0001".repeat(300_000));
        assertSameAsJackson(huge);
        assertSameAsJackson(Map.of("small", "again"));
    }

    @Test
    void fingerprintsFromManyThreadsAreTheSame() throws Exception {
        List<Map<String, Object>> bodies = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            bodies.add(randomMap(random, 0));
        }
        List<String> expected = bodies.stream().map(b -> sha256(Fingerprint.jacksonJson(b))).toList();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int round = 0; round < 5; round++) {
                        for (int i = 0; i < bodies.size(); i++) {
                            assertThat(Fingerprint.of(bodies.get(i))).isEqualTo(expected.get(i));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
    }

    /** The fast writer writes the body (no fallback), the same bytes as Jackson, and the fingerprint is theirs. */
    private void assertSameAsJackson(Map<String, Object> body) {
        byte[] jackson = Fingerprint.jacksonJson(body);
        CanonicalJson fast = writer; // one writer for the test's bodies, as one thread has: what it remembers is tried too
        assertThat(fast.write(body)).as("written without Jackson").isTrue();
        byte[] ours = Arrays.copyOf(fast.bytes(), fast.length());
        if (!Arrays.equals(ours, jackson)) {
            assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(new String(jackson, StandardCharsets.UTF_8));
            assertThat(ours).isEqualTo(jackson); // the same text from other bytes is still a failure
        }
        assertThat(Fingerprint.of(body)).isEqualTo(sha256(jackson));
    }

    private static Map<String, Object> randomMap(Random random, int depth) {
        Map<String, Object> m = random.nextInt(4) == 0 ? new TreeMap<>() : new LinkedHashMap<>();
        int n = random.nextInt(depth == 0 ? 12 : 5);
        for (int i = 0; i < n; i++) {
            m.put(randomString(random), randomValue(random, depth));
        }
        return m;
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth < 3 ? 12 : 10);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong();
            case 3 -> (long) random.nextInt(1000);
            case 4 -> random.nextDouble() * 1000;
            case 5 -> Double.longBitsToDouble(random.nextLong());
            case 6 -> random.nextInt();
            case 7, 8, 9 -> randomString(random);
            case 10 -> randomMap(random, depth + 1);
            default -> {
                List<Object> l = new ArrayList<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    l.add(randomValue(random, depth + 1));
                }
                yield l;
            }
        };
    }

    /** Mostly ASCII, with control characters, quotes, backslashes, accents, CJK, emoji and lone surrogates. */
    private static String randomString(Random random) {
        int n = random.nextInt(20);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(10)) {
                case 0 -> b.append((char) random.nextInt(0x20));
                case 1 -> b.append("\"\\/".charAt(random.nextInt(3)));
                case 2 -> b.append((char) (0x80 + random.nextInt(0x780)));
                case 3 -> b.append((char) (0x800 + random.nextInt(0xD000)));
                case 4 -> b.appendCodePoint(0x10000 + random.nextInt(0x100000));
                case 5 -> b.append((char) (0xD800 + random.nextInt(0x800)));
                default -> b.append((char) (0x20 + random.nextInt(0x60)));
            }
        }
        return b.toString();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
