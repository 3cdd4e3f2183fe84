package io.intercomsync.config;

/** A configuration value is missing or wrong: exit code 2, with a message naming the key. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
