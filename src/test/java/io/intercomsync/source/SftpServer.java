package io.intercomsync.source;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.OutputStream;
import java.security.KeyPairGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real SFTP server for tests: Apache MINA SSHD, embedded, on a free port of 127.0.0.1, serving a local
 * folder as the account's home. It takes the public key of {@link #clientKey()} (ECDSA, in the OpenSSH
 * format ssh-keygen writes) and the password {@link #PASSWORD} for user {@link #USER};
 * {@link #knownHosts()} holds its host key as an OpenSSH known_hosts line.
 */
public final class SftpServer implements AutoCloseable {
    public static final String USER = "exports";
    public static final String PASSWORD = "s3cret-sftp-pw-7731";

    private final SshServer sshd;
    private final Path home;
    private final Path clientKey;
    private final Path knownHosts;

    public SftpServer(Path dir) throws Exception {
        this.home = Files.createDirectories(dir.resolve("sftp-home"));
        Path keys = Files.createDirectories(dir.resolve("sftp-keys"));
        this.clientKey = keys.resolve("id_ecdsa");
        Path authorized = keys.resolve("authorized_keys");
        writeKeyPair(clientKey, authorized);
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(keys.resolve("host.ser")));
        sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorized));
        sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(home));
        sshd.start();
        this.knownHosts = keys.resolve("known_hosts");
        Files.writeString(knownHosts, hostKeyLine() + "\n");
    }

    /**
     * Writes an ECDSA P-256 key pair as ssh-keygen does today: the private key in the OpenSSH format
     * ("BEGIN OPENSSH PRIVATE KEY"), the public one as an authorized_keys line.
     */
    public static void writeKeyPair(Path privateKey, Path authorizedKeys) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        java.security.KeyPair pair = generator.generateKeyPair();
        try (OutputStream out = Files.newOutputStream(privateKey)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test@intercom-sync", null, out);
        }
        Files.writeString(authorizedKeys, PublicKeyEntry.toString(pair.getPublic()) + " test@intercom-sync\n");
    }

    /**
     * Another key the server takes, ed25519 (what ssh-keygen makes by default today), written as ssh-keygen
     * writes it: the private key in the OpenSSH format. Returns the private key file.
     */
    public Path addEd25519ClientKey() throws Exception {
        if (java.security.Security.getProvider("BC") == null) {
            java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        }
        java.security.KeyPair pair = KeyPairGenerator.getInstance("Ed25519", "BC").generateKeyPair();
        Path privateKey = clientKey.resolveSibling("id_ed25519");
        try (OutputStream out = Files.newOutputStream(privateKey)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "ed25519@intercom-sync", null, out);
        }
        Files.writeString(clientKey.resolveSibling("authorized_keys"),
                PublicKeyEntry.toString(pair.getPublic()) + " ed25519@intercom-sync\n", java.nio.file.StandardOpenOption.APPEND);
        return privateKey;
    }

    private String hostKeyLine() throws Exception {
        JSch jsch = new JSch();
        jsch.addIdentity(clientKey.toString());
        Session s = jsch.getSession(USER, "127.0.0.1", port());
        s.setConfig("StrictHostKeyChecking", "no");
        s.connect(10_000);
        HostKey key = s.getHostKey();
        s.disconnect();
        return "[127.0.0.1]:" + port() + " " + key.getType() + " " + key.getKey();
    }

    public int port() {
        return sshd.getPort();
    }

    /** The account's home folder on this machine: what the server serves as "/". */
    public Path home() {
        return home;
    }

    public Path clientKey() {
        return clientKey;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    /** Writes a file on the server, as an exporter would, under the account's home. */
    public Path put(String path, String content) throws Exception {
        Path file = home.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        sshd.stop(true);
    }
}
