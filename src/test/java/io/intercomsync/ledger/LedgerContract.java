package io.intercomsync.ledger;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every store behind {@link Ledger} must do; run against SQLite and PostgreSQL. */
abstract class LedgerContract {
    /** A fresh, empty store for this test. */
    abstract String url() throws Exception;

    /** Sets the store's schema version as a later intercom-sync would. */
    abstract void bumpSchemaVersion(String url, int version) throws Exception;

    LedgerSettings settings(String url) {
        return LedgerSettings.of(url).withFlush(1000, Duration.ZERO);
    }

    @Test
    void remembersContactsAndCompaniesAcrossRestarts() throws Exception {
        String url = url();
        try (Ledger ledger = Ledger.open(settings(url), "ws1")) {
            assertThat(ledger.contact("external_id:u-1")).isNull();
            ledger.recordContact("external_id:u-1", new Ledger.ContactEntry("c1", "fp1", "co1"));
            ledger.recordContact("email:a@example.com", new Ledger.ContactEntry("c2", "fp2", null));
            ledger.recordCompany("acme", new Ledger.CompanyEntry("co1", "cfp"));
        }
        try (Ledger ledger = Ledger.open(settings(url), "ws1")) {
            assertThat(ledger.contact("external_id:u-1")).isEqualTo(new Ledger.ContactEntry("c1", "fp1", "co1"));
            assertThat(ledger.contact("email:a@example.com")).isEqualTo(new Ledger.ContactEntry("c2", "fp2", null));
            assertThat(ledger.company("acme")).isEqualTo(new Ledger.CompanyEntry("co1", "cfp"));
            ledger.recordContact("external_id:u-1", new Ledger.ContactEntry("c9", "fp9", null));
        }
        try (Ledger ledger = Ledger.open(settings(url), "ws1")) {
            assertThat(ledger.contact("external_id:u-1")).isEqualTo(new Ledger.ContactEntry("c9", "fp9", null));
        }
    }

    @Test
    void entriesReadAheadInOneQueryAreTheStoresAndAWriteAfterwardsWins() throws Exception {
        String url = url();
        Ledger.ContactEntry full = new Ledger.ContactEntry("c1", "fp1", "co1", "c VIP\n", "/inbox", true, 1_700_000_000L);
        try (Ledger ledger = Ledger.open(settings(url), "ws1")) {
            ledger.recordContact("external_id:u-1", full);
            ledger.recordContact("external_id:u-2", new Ledger.ContactEntry("c2", "fp2", null));
        }
        try (Ledger ledger = Ledger.open(settings(url), "ws1"); Ledger other = Ledger.open(settings(url), "ws2")) {
            other.recordContact("external_id:u-3", new Ledger.ContactEntry("c3", "fp3", null));
            other.flush();
            ledger.prefetch(java.util.List.of("external_id:u-1", "external_id:u-2", "external_id:u-3", "external_id:u-1"));
            ledger.recordContact("external_id:u-2", new Ledger.ContactEntry("c2", "fp2-new", null));

            assertThat(ledger.contact("external_id:u-1")).isEqualTo(full);
            assertThat(ledger.contact("external_id:u-2").fingerprint()).isEqualTo("fp2-new");
            assertThat(ledger.contact("external_id:u-3")).isNull(); // another workspace's
            assertThat(ledger.contact("external_id:u-1")).isEqualTo(full); // read again from the store
        }
    }

    @Test
    void aRowDigestLearntAloneChangesOnlyItsColumnAndAnEntryRecordedAfterItWins() throws Exception {
        String url = url();
        Ledger.ContactEntry written = new Ledger.ContactEntry("c1", "fp1", "co1", "vip", "/inbox", false, 1_700_000_000L, "dA");
        try (Ledger ledger = Ledger.open(settings(url), "ws1")) {
            ledger.recordContact("external_id:u-1", written);
            ledger.recordRowDigest("external_id:u-2", "dX", "fp1"); // no entry: nothing to learn it for
        }
        try (Ledger ledger = Ledger.open(settings(url), "ws1")) {
            ledger.recordRowDigest("external_id:u-1", "dB", "fp1");
        }
        try (Ledger ledger = Ledger.open(settings(url), "ws1")) {
            assertThat(ledger.contact("external_id:u-1")).isEqualTo(written.withRowDigest("dB"));
            assertThat(ledger.contact("external_id:u-2")).isNull();
            ledger.recordRowDigest("external_id:u-1", "dC", "fp1");
            ledger.recordContact("external_id:u-1", new Ledger.ContactEntry("c1", "fp2", null, null, "/inbox", false, 1_700_000_100L, "dD"));
        }
        try (Ledger ledger = Ledger.open(settings(url), "ws1")) {
            assertThat(ledger.contact("external_id:u-1").rowDigest()).isEqualTo("dD");
            assertThat(ledger.contact("external_id:u-1").fingerprint()).isEqualTo("fp2");
            // learnt against fp1, flushed after another writer wrote fp2: not attached to a body it was not checked against
            ledger.recordRowDigest("external_id:u-1", "dE", "fp1");
        }
        try (Ledger ledger = Ledger.open(settings(url), "ws1")) {
            assertThat(ledger.contact("external_id:u-1").rowDigest()).isEqualTo("dD");
        }
    }

    @Test
    void keepsTheEntriesOfEachWorkspaceApart() throws Exception {
        String url = url();
        try (Ledger a = Ledger.open(settings(url), "ws-a")) {
            a.recordContact("external_id:u-1", new Ledger.ContactEntry("a1", "fp", null));
        }
        try (Ledger b = Ledger.open(settings(url), "ws-b")) {
            assertThat(b.contact("external_id:u-1")).isNull();
        }
    }

    @Test
    void lookupsSeeUnwrittenEntriesAndAKilledProcessLosesAtMostTheLastBatch() throws Exception {
        String url = url();
        Ledger killed = Ledger.open(LedgerSettings.of(url).withFlush(100, Duration.ZERO), "ws");
        for (int i = 0; i < 250; i++) {
            killed.recordContact("external_id:k-" + i, new Ledger.ContactEntry("id-" + i, "fp", null));
        }
        assertThat(killed.contact("external_id:k-249")).isNotNull(); // pending, seen by this process
        assertThat(killed.pending()).isEqualTo(50);
        // never closed, as when the process is killed
        try (Ledger next = Ledger.open(settings(url), "ws")) {
            long known = 0;
            for (int i = 0; i < 250; i++) {
                if (next.contact("external_id:k-" + i) != null) {
                    known++;
                }
            }
            assertThat(known).isEqualTo(200);
        }
    }

    @Test
    void twoLedgersOnOneStoreWrittenFromManyThreadsLoseNothing() throws Exception {
        String url = url();
        int threads = 8;
        int perThread = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Ledger one = Ledger.open(LedgerSettings.of(url).withFlush(50, Duration.ofMillis(20)), "ws");
             Ledger two = Ledger.open(LedgerSettings.of(url).withFlush(70, Duration.ofMillis(30)), "ws")) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Ledger ledger = t % 2 == 0 ? one : two;
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String key = "external_id:t" + thread + "-" + i;
                        ledger.recordContact(key, new Ledger.ContactEntry("id-" + thread + "-" + i, "fp", null));
                        ledger.recordContact("external_id:shared-" + (i % 20), new Ledger.ContactEntry("s", "fp-" + thread, null));
                        ledger.recordCompany("co-" + (i % 10), new Ledger.CompanyEntry("co", "cfp"));
                        if (ledger.contact(key) == null) {
                            throw new AssertionError("lost " + key);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Ledger check = Ledger.open(settings(url), "ws")) {
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    assertThat(check.contact("external_id:t" + t + "-" + i)).isEqualTo(
                            new Ledger.ContactEntry("id-" + t + "-" + i, "fp", null));
                }
            }
            assertThat(check.contact("external_id:shared-3").intercomId()).isEqualTo("s");
            assertThat(check.company("co-9")).isEqualTo(new Ledger.CompanyEntry("co", "cfp"));
        }
    }

    @Test
    void opensConcurrentlyFromManyThreadsMigratingTheSchemaOnce() throws Exception {
        String url = url();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> opens = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                opens.add(pool.submit(() -> {
                    try (Ledger l = Ledger.open(settings(url), "ws")) {
                        l.recordCompany("co-" + n, new Ledger.CompanyEntry("x", "y"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : opens) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Ledger l = Ledger.open(settings(url), "ws")) {
            for (int i = 0; i < 6; i++) {
                assertThat(l.company("co-" + i)).isNotNull();
            }
        }
    }

    @Test
    void refusesAStoreWrittenByANewerSchemaNamingBothVersions() throws Exception {
        String url = url();
        Ledger.open(settings(url), "ws").close();
        bumpSchemaVersion(url, Ledger.SCHEMA_VERSION + 1);
        assertThatThrownBy(() -> Ledger.open(settings(url), "ws"))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("version " + (Ledger.SCHEMA_VERSION + 1))
                .hasMessageContaining("newer");
    }

    @Test
    void aRowFinishingAfterItsRunClosedTheLedgerIsForgottenNotFailed() throws Exception {
        String url = url();
        Ledger ledger = Ledger.open(settings(url), "ws");
        ledger.close();
        ledger.recordContact("external_id:late", new Ledger.ContactEntry("c", "f", null));
        try (Ledger l = Ledger.open(settings(url), "ws")) {
            assertThat(l.contact("external_id:late")).isNull();
        }
    }

    @Test
    void aReadOnlyLedgerReadsWhatWasWrittenAndRefusesToWrite() throws Exception {
        String url = url();
        try (Ledger l = Ledger.open(settings(url), "ws")) {
            l.recordContact("external_id:u", new Ledger.ContactEntry("c", "f", null));
        }
        try (Ledger ro = Ledger.openReadOnly(settings(url), "ws")) {
            assertThat(ro.contact("external_id:u")).isEqualTo(new Ledger.ContactEntry("c", "f", null));
            assertThatThrownBy(() -> ro.recordContact("external_id:v", new Ledger.ContactEntry("c", "f", null)))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
