package io.intercomsync.source;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * One sentence for a failure of a source.uri endpoint, from the exception chain Camel's file components
 * raise (their own "Cannot connect to ..." around JSch's or Commons Net's cause), naming the URI option to
 * check. Matched on messages, as the SFTP source does, so that this class needs neither library.
 */
final class EndpointErrors {
    private EndpointErrors() {
    }

    static String describe(Throwable failure, EndpointUri uri) {
        String server = uri.location();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            String lower = m.toLowerCase(Locale.ROOT);
            if (m.startsWith("Auth fail") || m.contains("Auth cancel")) {
                return "the SFTP server of " + server + " refused the login: check the user in source.uri and its"
                        + " privateKeyFile (is its public key in the account's authorized_keys?) or password";
            }
            if (m.startsWith("UnknownHostKey") || m.startsWith("reject HostKey")) {
                return "the host key of the SFTP server of " + server + " is not in the known hosts file (source.uri's"
                        + " knownHostsFile, else ~/.ssh/known_hosts): add it (ssh-keyscan), or, knowing what it costs,"
                        + " set strictHostKeyChecking=no in source.uri";
            }
            if (m.startsWith("HostKey has been changed")) {
                return "the SFTP server of " + server + " presented a host key different from the known one: either it"
                        + " was re-keyed or someone is in between; check with its administrator";
            }
            if (m.startsWith("invalid privatekey")) {
                return "the privateKeyFile of source.uri is not a private key that can be read (a passphrase goes in"
                        + " privateKeyPassphrase)";
            }
            if (lower.contains("login failed") || m.startsWith("530")) {
                return "the FTP server of " + server + " refused the login: check the user and password in source.uri";
            }
            if (t instanceof UnknownHostException) {
                return "the server name in source.uri (" + server + ") does not resolve";
            }
            if (t instanceof ConnectException) {
                return "cannot connect to " + server + ": " + m;
            }
            if (lower.contains("directory does not exist") || lower.contains("cannot change directory")) {
                return "the folder of source.uri (" + server + ") does not exist";
            }
        }
        return "cannot read from " + server + ": " + io.intercomsync.report.Messages.of(failure);
    }
}
