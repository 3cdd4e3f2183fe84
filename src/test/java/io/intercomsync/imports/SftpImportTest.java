package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.source.SftpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** source.type=sftp as a user runs it, against a real SFTP server (Apache MINA SSHD) and the sandbox. */
class SftpImportTest {
    private static final String TOKEN = "tok-sftp-9e1b";
    private static final String HEADER = "id,email,name\n";

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private SftpServer sftp;
    private ImportFixture f;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        sftp = new SftpServer(dir);
        f = new ImportFixture(dir, sandbox, TOKEN);
        f.mapping("""
                contact:
                  standard:
                    external_id: id
                    email: email
                    name: name
                """);
        f.set("source.type", "sftp")
                .set("source.sftp.host", "127.0.0.1")
                .set("source.sftp.port", Integer.toString(sftp.port()))
                .set("source.sftp.username", SftpServer.USER)
                .set("source.sftp.directory", "outbound")
                .set("source.sftp.private-key-file", sftp.clientKey().toString())
                .set("source.sftp.known-hosts-file", sftp.knownHosts().toString());
    }

    @AfterEach
    void stop() throws Exception {
        if (sftp != null) {
            sftp.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static String rows(String prefix, int n) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < n; i++) {
            csv.append(prefix).append(i).append(',').append(prefix).append(i).append("@example.com,").append(prefix).append(' ').append(i).append('\n');
        }
        return csv.toString();
    }

    @Test
    void importsTheNewestTimestampedFileAmongDecoysWithAKey() throws Exception {
        sftp.put("outbound/users_20260101T000000.csv", rows("jan", 2));
        sftp.put("outbound/users_20260301T000000.csv", rows("mar", 3));
        sftp.put("outbound/users_20260201T000000.csv", rows("feb", 2));
        sftp.put("outbound/users_latest.csv", rows("latest", 2));             // no timestamp: not a candidate
        sftp.put("outbound/notes.txt", "not a CSV");
        sftp.put("outbound/users_20991231T000000.csv/inside.txt", "a folder named like a file");
        sftp.put("users_20270101T000000.csv", rows("elsewhere", 2));          // not in the folder

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        JsonNode report = f.report();
        assertThat(report.get("source").asText())
                .isEqualTo("sftp://exports@127.0.0.1:" + sftp.port() + "/outbound/users_20260301T000000.csv");
        assertThat(report.get("created").asInt()).isEqualTo(3);
        assertThat(sandbox.contacts()).extracting(c -> c.path("external_id").asText())
                .containsExactlyInAnyOrder("mar0", "mar1", "mar2");
        assertThat(sftp.home().resolve("outbound/users_20260301T000000.csv")).exists(); // keep is the default
    }

    @Test
    void anEd25519KeyInTheOpenSshFormatLogsIn() throws Exception {
        Path ed25519 = sftp.addEd25519ClientKey();
        assertThat(Files.readString(ed25519)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        sftp.put("outbound/users_20260101T000000.csv", rows("ed", 2));
        f.set("source.sftp.private-key-file", ed25519.toString());

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(sandbox.contacts()).hasSize(2);
    }

    @Test
    void aPasswordLoginWorksAndMoveAfterSuccessMovesTheFile() throws Exception {
        sftp.put("outbound/users_20260101T000000.csv", rows("pw", 2));
        f.properties.remove("source.sftp.private-key-file");
        f.set("source.sftp.password", SftpServer.PASSWORD).set("source.sftp.after-success", "move");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(sandbox.contacts()).hasSize(2);
        assertThat(sftp.home().resolve("outbound/users_20260101T000000.csv")).doesNotExist();
        assertThat(sftp.home().resolve("outbound/processed/users_20260101T000000.csv")).exists();
        assertThat(Files.readString(dir.resolve("out").resolve("logs").toFile().listFiles()[0].toPath()))
                .doesNotContain(SftpServer.PASSWORD);
    }

    @Test
    void aKeyTheServerDoesNotKnowFailsInOneSentence() throws Exception {
        sftp.put("outbound/users_20260101T000000.csv", rows("x", 1));
        Path otherKey = dir.resolve("other_ecdsa");
        SftpServer.writeKeyPair(otherKey, dir.resolve("other.pub"));
        f.set("source.sftp.private-key-file", otherKey.toString());

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("intercom-sync: the SFTP server 127.0.0.1 refused the login as exports: check "
                + "source.sftp.private-key-file (is its public key in the account's authorized_keys?) and source.sftp.username");
        assertThat(result.all()).doesNotContain("at com.jcraft").doesNotContain("Exception");
        assertThat(sandbox.contacts()).isEmpty();
    }

    @Test
    void aHostKeyNotInKnownHostsIsRefusedAndSaysHowToAddIt() throws Exception {
        sftp.put("outbound/users_20260101T000000.csv", rows("x", 1));
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        f.set("source.sftp.known-hosts-file", empty.toString());

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("host key is not in source.sftp.known-hosts-file")
                .contains("ssh-keyscan -p " + sftp.port() + " 127.0.0.1").contains("source.sftp.strict-host-key-checking=false");
        assertThat(sandbox.contacts()).isEmpty();
    }

    @Test
    void aMissingFolderIsNamed() throws Exception {
        f.set("source.sftp.directory", "no-such-folder");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("intercom-sync: source.sftp.directory 'no-such-folder' does not exist on 127.0.0.1");
    }

    @Test
    void aFileStillBeingWrittenIsImportedOnlyOnceWhole() throws Exception {
        int chunks = 6;
        int perChunk = 5;
        Path file = sftp.put("outbound/users_20260101T000000.csv", HEADER);
        f.set("source.stable-ms", "3000"); // ten times the exporter's pace: a slow machine must not make a pause look like the end
        // the exporter appends a few rows at a time, as it reads them from its own database
        CompletableFuture<Void> exporter = CompletableFuture.runAsync(() -> {
            try {
                for (int c = 0; c < chunks; c++) {
                    StringBuilder part = new StringBuilder();
                    for (int i = 0; i < perChunk; i++) {
                        int n = c * perChunk + i;
                        part.append("w").append(n).append(",w").append(n).append("@example.com,Written ").append(n).append('\n');
                    }
                    Files.writeString(file, part, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                    Thread.sleep(300); // the exporter's pace, well inside source.stable-ms
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });

        ImportFixture.Result result = f.run();
        exporter.join();

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(f.report().get("created").asInt()).isEqualTo(chunks * perChunk);
        assertThat(sandbox.contacts()).hasSize(chunks * perChunk);
    }
}
