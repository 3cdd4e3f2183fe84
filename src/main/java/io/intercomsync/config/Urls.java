package io.intercomsync.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** URL rules shared by every setting that sends a secret somewhere. */
public final class Urls {
    private Urls() {
    }

    /**
     * Whether a URL's host is this machine, where plain http cannot expose a secret. Only names and
     * literal addresses are checked, so no DNS look-up happens at startup.
     */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            if (host.matches("[0-9.]+") || host.startsWith("[")) {
                return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }
}
