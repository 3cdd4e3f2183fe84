package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.testing.MeddlingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.intercomsync.imports.ImportFixture.assertReportAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

/** A file its exporter goes on writing after the import began (it paused longer than source.stable-ms). */
class ImportChangedFileTest {
    private static final String TOKEN = "tok-changed-file-33a1";

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private MeddlingProxy proxy;

    @AfterEach
    void stop() {
        proxy.close();
        sandbox.close();
    }

    @Test
    void aFileThatChangesWhileItIsReadFailsTheRunSayingSoAndIsNotArchived() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        proxy = new MeddlingProxy(sandbox.baseUrl());
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN).set("intercom.base-url", proxy.baseUrl());
        Path file = f.inboxFile("users_20260101T000000.csv", "external_id,email\nc-1,c1@example.com\nc-2,c2@example.com\n");
        AtomicBoolean appended = new AtomicBoolean();
        // The exporter writes more while the first row is being sent: the run has the file open by then.
        proxy.hook(e -> {
            if (e.pathAndQuery().equals("/contacts") && appended.compareAndSet(false, true)) {
                try {
                    Files.writeString(file, "c-3,c3@example.com\nc-4,c4@exa", StandardOpenOption.APPEND);
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
            }
            return e;
        });

        ImportFixture.Result r = f.run();

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).contains("intercom-sync: '" + file + "' changed while it was being imported: it was still being"
                + " written, so rows may be missing or cut short; import it again once it is complete");
        JsonNode report = f.report();
        assertThat(report.get("status").asText()).isEqualTo("failed");
        assertReportAddsUp(report);
        assertThat(report.get("created").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(sandbox.contactByExternalId("c-1")).isPresent();
    }
    @Test
    void aFileThatChangesWhileItIsReadArchivesNothingUnderImportMissingArchive() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        proxy = new MeddlingProxy(sandbox.baseUrl());
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN).set("intercom.base-url", proxy.baseUrl())
                .set("import.missing", "archive").set("import.max-archive-share", "1");
        f.inboxFile("users_20260101T000000.csv", "external_id,email\nc-1,c1@example.com\nc-2,c2@example.com\nc-3,c3@example.com\n");
        assertThat(f.run().exitCode()).isZero();
        // the next export is read while its exporter still writes it: c-2 and c-3 are not in it yet
        Path file = f.inboxFile("users_20260102T000000.csv", "external_id,email,name\nc-1,c1@example.com,One\n");
        AtomicBoolean appended = new AtomicBoolean();
        proxy.hook(e -> {
            if (e.pathAndQuery().startsWith("/contacts/") && appended.compareAndSet(false, true)) {
                try {
                    Files.writeString(file, "c-2,c2@example.com,Two\nc-3,c3@exa", StandardOpenOption.APPEND);
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
            }
            return e;
        });

        ImportFixture.Result r = f.run();

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).contains("changed while it was being imported");
        assertThat(sandbox.isArchived("c-2")).isFalse();
        assertThat(sandbox.isArchived("c-3")).isFalse();
        assertThat(sandbox.stats().byEndpoint()).doesNotContainKey("POST /contacts/{id}/archive");
    }
}
