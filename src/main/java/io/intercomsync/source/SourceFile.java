package io.intercomsync.source;

import java.io.InputStream;

/** One file to import, wherever it lives. */
public interface SourceFile {
    /** How reports and messages name it: a path, or s3://bucket/key. */
    String name();

    /** A fresh stream over its bytes; the caller closes it. */
    InputStream open();

    /** Its size in bytes when known without reading it (for progress), else -1. */
    default long size() {
        return -1;
    }

    /**
     * What distinguishes this content of the file from a later one written under the same name (its size
     * and modification time), or null when the source cannot tell. Watch mode imports a file again when
     * it changes; a run fails when its file changed while it was read.
     */
    default String version() {
        return null;
    }
}
