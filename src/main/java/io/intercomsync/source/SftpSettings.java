package io.intercomsync.source;

import io.intercomsync.config.AppConfig;
import io.intercomsync.config.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code source.sftp.*} keys, validated; every error names its key.
 *
 * @param host                  the SFTP server
 * @param port                  its port, 22 by default
 * @param username              the account to log in as
 * @param directory             the folder the import files are in (relative to the login folder unless it starts with /)
 * @param privateKeyFile        an OpenSSH or PEM private key (ed25519, ECDSA, RSA); null when logging in by password
 * @param privateKeyPassphrase  the key's passphrase, a secret; null when it has none
 * @param password              the password, a secret; null when logging in by key
 * @param knownHostsFile        the OpenSSH known_hosts file the server's host key must be in
 * @param strictHostKeyChecking false: any host key is taken (named here so turning it off is a decision)
 * @param connectTimeout        for the TCP connection and the SSH handshake
 * @param afterSuccess          what happens to the file after a finished run: keep or move
 * @param moveDirectory         where move puts it (created if missing)
 */
public record SftpSettings(String host, int port, String username, String directory, Path privateKeyFile,
                           String privateKeyPassphrase, String password, Path knownHostsFile, boolean strictHostKeyChecking,
                           Duration connectTimeout, AfterSuccess afterSuccess, String moveDirectory) {

    /** What happens to the imported file once a run over it has finished. Never a delete. */
    public enum AfterSuccess { KEEP, MOVE }

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-:\\[\\]]{1,253}");

    public static SftpSettings from(AppConfig c) {
        String host = c.text("source.sftp.host");
        if (host == null) {
            throw new ConfigException("source.sftp.host is not set: source.type=sftp needs the SFTP server's name");
        }
        if (!HOST.matcher(host).matches() || host.contains("://")) {
            throw new ConfigException("source.sftp.host=" + host + " is not a host name (no sftp://, no user@, no folder:"
                    + " put them in source.sftp.username and source.sftp.directory)");
        }
        int port = port(c);
        String username = c.text("source.sftp.username");
        if (username == null) {
            throw new ConfigException("source.sftp.username is not set: the account to log in to " + host + " as");
        }
        String directory = c.text("source.sftp.directory");
        Path key = path(c.text("source.sftp.private-key-file"));
        String password = c.text("source.sftp.password");
        if (key == null && password == null) {
            throw new ConfigException("source.sftp.private-key-file or source.sftp.password must be set to log in to " + host);
        }
        if (key != null && !Files.isReadable(key)) {
            throw new ConfigException("source.sftp.private-key-file '" + key + "' " + (Files.exists(key) ? "cannot be read" : "does not exist"));
        }
        boolean strict = c.flag("source.sftp.strict-host-key-checking");
        Path knownHosts = path(c.text("source.sftp.known-hosts-file"));
        if (knownHosts == null) {
            knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        }
        if (strict && !Files.isReadable(knownHosts)) {
            throw new ConfigException("source.sftp.known-hosts-file '" + knownHosts + "' " + (Files.exists(knownHosts) ? "cannot be read" : "does not exist")
                    + ": add the server's host key to it (ssh-keyscan -p " + port + " " + host + " >> " + knownHosts
                    + ", then check the fingerprint) or, knowing what it costs, set source.sftp.strict-host-key-checking=false");
        }
        String after = c.text("source.sftp.after-success").toUpperCase(Locale.ROOT);
        AfterSuccess afterSuccess;
        try {
            afterSuccess = AfterSuccess.valueOf(after);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("source.sftp.after-success=" + after.toLowerCase(Locale.ROOT) + " is not supported: use keep or move");
        }
        String move = c.text("source.sftp.move-directory");
        return new SftpSettings(host, port, username, directory, key, c.text("source.sftp.private-key-passphrase"),
                password, knownHosts, strict, connectTimeout(c),
                afterSuccess, move);
    }

    /** Checks the numeric keys, whatever the source type, so that a mistyped number fails at startup. */
    public static void checkNumbers(AppConfig c) {
        port(c);
        connectTimeout(c);
    }

    private static int port(AppConfig c) {
        return c.integer("source.sftp.port");
    }

    private static Duration connectTimeout(AppConfig c) {
        return Duration.ofMillis(c.whole("source.sftp.connect-timeout-ms"));
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value);
    }

    /** How reports and messages name a file there: sftp://user@host:port/directory/name. */
    public String uriOf(String name) {
        String folder = directory.equals(".") ? "" : directory.endsWith("/") ? directory : directory + "/";
        return "sftp://" + username + "@" + host + (port == 22 ? "" : ":" + port) + "/"
                + (folder.startsWith("/") ? folder.substring(1) : folder) + name;
    }

    @Override
    public String toString() {
        // the passphrase and the password never leave through a log line
        return "SftpSettings[" + username + "@" + host + ":" + port + " " + directory + "]";
    }
}
