package org.transfer4j.common;

import java.nio.file.Path;


/** Points the cache root at a test directory for the duration of a try-with-resources block. */
public final class CacheRootProperty implements AutoCloseable {
    private final String old = System.getProperty(CacheRoot.ROOT_PROPERTY);

    private CacheRootProperty(Path dir) {
        System.setProperty(CacheRoot.ROOT_PROPERTY, dir.toString());
    }

    public static CacheRootProperty set(Path dir) {
        return new CacheRootProperty(dir);
    }

    @Override
    public void close() {
        if (old == null) {
            System.clearProperty(CacheRoot.ROOT_PROPERTY);
        } else {
            System.setProperty(CacheRoot.ROOT_PROPERTY, old);
        }
    }
}
