package io.intercomsync.source;

import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real FTP server (Apache FtpServer) on a free local port, one user whose home is {@code <dir>/ftp-home}. */
public final class FtpServer implements AutoCloseable {
    public static final String USER = "exports";
    public static final String PASSWORD = "ftp-pw-5d2e";

    private final org.apache.ftpserver.FtpServer server;
    private final Path home;
    private final int port;

    public FtpServer(Path dir) throws Exception {
        home = Files.createDirectories(dir.resolve("ftp-home"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setPort(port);
        listener.setServerAddress("127.0.0.1");
        factory.addListener("default", listener.createListener());
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(home.toString());
        user.setAuthorities(List.<Authority>of(new WritePermission()));
        factory.getUserManager().save(user);
        server = factory.createServer();
        server.start();
    }

    public int port() {
        return port;
    }

    public Path home() {
        return home;
    }

    public Path put(String path, String content) throws Exception {
        Path p = home.resolve(path);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    @Override
    public void close() {
        server.stop();
    }
}
