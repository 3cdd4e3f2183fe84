package io.intercomsync.source;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest timestamped file in a folder on an SFTP server (source.type=sftp), with the same rules as a
 * local folder: newest by the timestamp in the name, never the modification time; complete once unchanged
 * for source.stable-ms or once its done marker is there; streamed, never held whole.
 *
 * <p>Hand-written on JSch, the SSH client camel-ftp itself uses, because the {@link Source} contract that
 * local and S3 files meet (a listing with sizes and times for the timestamp and completeness rules, a
 * stream that can be opened again, a move after a finished run, failures as one sentence) is not what
 * Camel's sftp consumer offers: it delivers files one exchange at a time and reports a refused login only
 * to its poll strategy.
 */
public final class SftpSource implements Source {
    private final SftpSettings settings;
    private final TimestampedName names;
    private final Completeness completeness;
    private final Map<String, Completeness.Look> looks = new ConcurrentHashMap<>();

    public SftpSource(SftpSettings settings, TimestampedName names, Completeness completeness) {
        this.settings = settings;
        this.names = names;
        this.completeness = completeness;
    }

    /** One file in the folder, as listed. */
    record Entry(String name, long size, long modifiedMs) {
    }

    /** A file on the server; each {@link #open} is its own SSH session, so a re-read never waits on a listing. */
    final class RemoteFile implements SourceFile {
        private final String path;
        private final long size;
        private final long modifiedMs;

        RemoteFile(String path, long size, long modifiedMs) {
            this.path = path;
            this.size = size;
            this.modifiedMs = modifiedMs;
        }

        String path() {
            return path;
        }

        @Override
        public String name() {
            return settings.uriOf(path.substring(path.lastIndexOf('/') + 1));
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public String version() {
            return size < 0 ? null : size + " bytes, modified " + modifiedMs;
        }

        @Override
        public InputStream open() {
            Connection c = connect();
            try {
                InputStream in = c.channel.get(path);
                return new FilterInputStream(in) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            c.close();
                        }
                    }
                };
            } catch (SftpException e) {
                c.close();
                throw failure("cannot read " + name(), e);
            }
        }
    }

    @Override
    public List<SourceFile> matching() {
        try (Connection c = connect()) {
            List<Entry> entries = list(c);
            List<SourceFile> files = new ArrayList<>();
            entries.stream()
                    .filter(e -> names.timestampOf(e.name()).isPresent())
                    .sorted((a, b) -> names.newestLast().compare(a.name(), b.name()))
                    .forEach(e -> files.add(new RemoteFile(pathOf(e.name()), e.size(), e.modifiedMs())));
            return files;
        }
    }

    @Override
    public Completeness.Verdict completeness(SourceFile file) {
        if (!(file instanceof RemoteFile remote)) {
            return Completeness.Verdict.COMPLETE;
        }
        String name = remote.path().substring(remote.path().lastIndexOf('/') + 1);
        Completeness.Look now;
        try (Connection c = connect()) {
            SftpATTRS attrs;
            try {
                attrs = c.channel.stat(remote.path());
            } catch (SftpException e) {
                return Completeness.Verdict.COMPLETE; // gone or unreadable: opening it says so
            }
            String marker = completeness.markerFor(name);
            boolean markerPresent = false;
            if (marker != null) {
                try {
                    c.channel.stat(pathOf(marker));
                    markerPresent = true;
                } catch (SftpException e) {
                    markerPresent = false;
                }
            }
            now = new Completeness.Look(attrs.getSize(), attrs.getMTime() * 1000L, System.currentTimeMillis(), markerPresent);
        }
        Completeness.Look earlier = looks.get(remote.path());
        if (earlier == null || !now.unchangedSince(earlier)) {
            looks.put(remote.path(), now);
        }
        Completeness.Verdict verdict = completeness.judge(earlier, now);
        if (verdict.complete()) {
            looks.remove(remote.path());
        }
        return verdict;
    }

    @Override
    public SourceFile named(String location) {
        if (location.startsWith("s3://")) {
            throw new SourceException("--file " + location + " is an S3 object, but source.type is sftp");
        }
        String path = location;
        String prefix = settings.uriOf("");
        if (location.startsWith(prefix)) {
            path = pathOf(location.substring(prefix.length()));
        } else if (location.startsWith("sftp://")) {
            throw new SourceException("--file " + location + " is not in the configured SFTP folder " + location());
        } else if (!location.contains("/")) {
            path = pathOf(location);
        }
        try (Connection c = connect()) {
            SftpATTRS attrs = c.channel.stat(path);
            if (attrs.isDir()) {
                throw new SourceException("'" + location + "' is a folder on " + settings.host() + ", not a CSV file");
            }
            return new RemoteFile(path, attrs.getSize(), attrs.getMTime() * 1000L);
        } catch (SftpException e) {
            throw failure("cannot read " + location, e);
        }
    }

    @Override
    public String location() {
        return settings.uriOf("");
    }

    @Override
    public String noMatchMessage() {
        return "no file in " + location() + " matches source.file-pattern '" + names.description() + "'";
    }

    @Override
    public void afterRun(SourceFile file, boolean dryRun, java.nio.file.Path reportFile, java.nio.file.Path errorsFile) {
        if (dryRun || settings.afterSuccess() != SftpSettings.AfterSuccess.MOVE || !(file instanceof RemoteFile remote)) {
            return;
        }
        String target = pathOf(settings.moveDirectory());
        String fileName = remote.path().substring(remote.path().lastIndexOf('/') + 1);
        try (Connection c = connect()) {
            try {
                c.channel.stat(target);
            } catch (SftpException missing) {
                c.channel.mkdir(target);
            }
            c.channel.rename(remote.path(), target + "/" + fileName);
        } catch (SftpException e) {
            throw failure("cannot move " + file.name() + " to " + target, e);
        }
    }

    private List<Entry> list(Connection c) {
        List<Entry> entries = new ArrayList<>();
        try {
            for (Object o : c.channel.ls(settings.directory())) {
                ChannelSftp.LsEntry e = (ChannelSftp.LsEntry) o;
                if (e.getAttrs().isReg()) {
                    entries.add(new Entry(e.getFilename(), e.getAttrs().getSize(), e.getAttrs().getMTime() * 1000L));
                }
            }
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw new SourceException("source.sftp.directory '" + settings.directory() + "' does not exist on " + settings.host());
            }
            throw failure("cannot list source.sftp.directory '" + settings.directory() + "'", e);
        }
        return entries;
    }

    private String pathOf(String name) {
        if (name.startsWith("/")) {
            return name;
        }
        String dir = settings.directory();
        return dir.equals(".") ? name : (dir.endsWith("/") ? dir : dir + "/") + name;
    }

    private SourceException failure(String what, SftpException e) {
        String why = switch (e.id) {
            case ChannelSftp.SSH_FX_NO_SUCH_FILE -> "no such file";
            case ChannelSftp.SSH_FX_PERMISSION_DENIED -> "permission denied for " + settings.username();
            default -> e.getMessage();
        };
        return new SourceException(what + " on " + settings.host() + ": " + why);
    }

    /** An SSH session and its SFTP channel. */
    private static final class Connection implements AutoCloseable {
        private final Session session;
        private final ChannelSftp channel;

        Connection(Session session, ChannelSftp channel) {
            this.session = session;
            this.channel = channel;
        }

        @Override
        public void close() {
            channel.disconnect();
            session.disconnect();
        }
    }

    private Connection connect() {
        String where = settings.username() + "@" + settings.host() + ":" + settings.port();
        Session session = null;
        try {
            JSch jsch = new JSch();
            if (settings.privateKeyFile() != null) {
                jsch.addIdentity(settings.privateKeyFile().toString(), settings.privateKeyPassphrase());
            }
            if (settings.strictHostKeyChecking()) {
                jsch.setKnownHosts(settings.knownHostsFile().toString());
            }
            session = jsch.getSession(settings.username(), settings.host(), settings.port());
            if (settings.password() != null) {
                session.setPassword(settings.password());
            }
            session.setConfig("StrictHostKeyChecking", settings.strictHostKeyChecking() ? "yes" : "no");
            session.setConfig("PreferredAuthentications", settings.privateKeyFile() != null
                    ? (settings.password() != null ? "publickey,password" : "publickey") : "password,keyboard-interactive");
            int timeout = (int) settings.connectTimeout().toMillis();
            session.setTimeout(timeout);
            session.connect(timeout);
            ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect(timeout);
            return new Connection(session, channel);
        } catch (JSchException e) {
            if (session != null) {
                session.disconnect();
            }
            throw new SourceException(describe(e, where));
        }
    }

    private String describe(JSchException e, String where) {
        String message = String.valueOf(e.getMessage());
        Throwable cause = e.getCause();
        if (message.startsWith("Auth fail") || message.contains("Auth cancel")) {
            return "the SFTP server " + settings.host() + " refused the login as " + settings.username() + ": check "
                    + (settings.privateKeyFile() != null ? "source.sftp.private-key-file (is its public key in the account's authorized_keys?)" : "source.sftp.password")
                    + " and source.sftp.username";
        }
        if (message.startsWith("invalid privatekey") || message.contains("privatekey")) {
            return "source.sftp.private-key-file '" + settings.privateKeyFile() + "' is not a private key JSch can read"
                    + (settings.privateKeyPassphrase() == null ? " (if it has a passphrase, set source.sftp.private-key-passphrase)" : " with that passphrase");
        }
        if (message.startsWith("UnknownHostKey") || message.startsWith("reject HostKey")) {
            return "the SFTP server " + settings.host() + "'s host key is not in source.sftp.known-hosts-file '" + settings.knownHostsFile()
                    + "': add it (ssh-keyscan -p " + settings.port() + " " + settings.host() + ", then check the fingerprint)"
                    + " or, knowing what it costs, set source.sftp.strict-host-key-checking=false";
        }
        if (message.startsWith("HostKey has been changed")) {
            return "the SFTP server " + settings.host() + " presented a host key different from the one in '" + settings.knownHostsFile()
                    + "': either the server was re-keyed or someone is in between; check with its administrator before changing the file";
        }
        if (cause instanceof UnknownHostException) {
            return "the SFTP server's name " + settings.host() + " (source.sftp.host) does not resolve";
        }
        if (cause instanceof ConnectException) {
            return "cannot connect to the SFTP server at " + settings.host() + ":" + settings.port() + ": " + cause.getMessage();
        }
        if (message.contains("timeout") || message.contains("timed out")) {
            return "the SFTP server at " + settings.host() + ":" + settings.port() + " did not answer within "
                    + settings.connectTimeout().toMillis() + " ms (source.sftp.connect-timeout-ms)";
        }
        return "cannot open an SFTP session as " + where + ": " + message;
    }
}
