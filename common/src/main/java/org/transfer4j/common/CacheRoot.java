package org.transfer4j.common;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * Where transfer4j keeps downloaded weights, datasets and caches, and whether it may go online.
 *
 * <p>Lookup order for the root: system property {@value #ROOT_PROPERTY}, environment variable
 * {@value #ROOT_ENV}, then {@code ~/.transfer4j}. The offline switch is the system property
 * {@value #OFFLINE_PROPERTY} or the environment variable {@value #OFFLINE_ENV} ("true"/"1"/"yes").
 */
public final class CacheRoot {
    public static final String ROOT_PROPERTY = "transfer4j.cache.dir";
    public static final String ROOT_ENV = "TRANSFER4J_CACHE_DIR";
    public static final String OFFLINE_PROPERTY = "transfer4j.offline";
    public static final String OFFLINE_ENV = "TRANSFER4J_OFFLINE";

    private CacheRoot() {
    }

    /** The cache root after applying the lookup order; not created. */
    public static Path root() {
        String configured = firstNonBlank(System.getProperty(ROOT_PROPERTY), System.getenv(ROOT_ENV));
        if (configured != null) {
            return Paths.get(configured).toAbsolutePath();
        }
        return Paths.get(System.getProperty("user.home"), ".transfer4j");
    }

    /** A sub-directory of the cache root, for example {@code resolve("datasets", "fashion-mnist")}. */
    public static Path resolve(String first, String... more) {
        return root().resolve(Paths.get(first, more));
    }

    /** True when the user asked that no network connection be attempted. */
    public static boolean offline() {
        String v = firstNonBlank(System.getProperty(OFFLINE_PROPERTY), System.getenv(OFFLINE_ENV));
        if (v == null) {
            return false;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            default -> false;
        };
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}
