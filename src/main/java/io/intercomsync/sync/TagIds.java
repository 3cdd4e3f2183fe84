package io.intercomsync.sync;

import io.intercomsync.intercom.IntercomClient;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Intercom ids of the tags one run attaches: the workspace's tags are listed once, on the first row
 * that needs one ({@code GET /tags}), and a tag that is missing is created once ({@code POST /tags}).
 * A run whose tags are all unchanged makes neither call. Rows find a known id without waiting; only the
 * listing and a creation are done by one row at a time.
 */
final class TagIds {
    private final IntercomClient client;
    private final Map<String, String> byName = new ConcurrentHashMap<>(); // lower-cased name -> id
    private volatile boolean listed;

    TagIds(IntercomClient client) {
        this.client = client;
    }

    /** The tag's id, creating the tag when the workspace has none of that name. */
    String idOf(String name) {
        String id = existing(name);
        if (id != null) {
            return id;
        }
        synchronized (this) {
            id = byName.get(key(name));
            if (id == null) {
                id = client.createTag(name);
                byName.put(key(name), id);
            }
            return id;
        }
    }

    /** The tag's id, or null when the workspace has no tag of that name (nothing to take off). */
    String existing(String name) {
        if (!listed) {
            synchronized (this) {
                if (!listed) {
                    client.tags().forEach((n, id) -> byName.putIfAbsent(key(n), id));
                    listed = true; // only once the listing succeeded: a retried row lists again
                }
            }
        }
        return byName.get(key(name));
    }

    /** The tag was deleted from the workspace during the run: its next use creates it again. */
    void forget(String name, String id) {
        byName.remove(key(name), id);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
