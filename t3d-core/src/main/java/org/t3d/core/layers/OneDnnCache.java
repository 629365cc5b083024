package org.t3d.core.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Least-recently-used cache of primitive sets keyed by geometry; evicted sets release their native objects. Lookups
 * run on the caller's thread (no hand-over on a hit); entries are created and destroyed on the oneDNN thread
 * ({@link OneDnnRuntime#call}). Look an entry up and use it within one hold of the oneDNN lock ({@link OneDnnRuntime#hold}): eviction
 * happens under that lock, so an entry cannot be destroyed between its lookup and its use.
 *
 * @param <K> geometry
 * @param <V> primitive set
 */
final class OneDnnCache<K, V extends OneDnnCache.Entry> {

    /** A cached set of primitives. */
    interface Entry {
        /** Releases the native objects. */
        void destroy();
    }

    private final Map<K, V> map;

    /** @param capacity most entries kept */
    OneDnnCache(int capacity) {
        map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                if (size() > capacity) {
                    OneDnnRuntime.run(eldest.getValue()::destroy);
                    return true;
                }
                return false;
            }
        };
    }

    /**
     * @param key     geometry
     * @param factory builds the primitives on a miss
     * @return the cached or new entry
     * @throws IllegalStateException naming the geometry when oneDNN cannot build its primitives
     */
    V get(K key, Function<K, V> factory) {
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
            V v = map.get(key);
            if (v == null) {
                v = OneDnnRuntime.call(() -> {
                    try {
                        return factory.apply(key);
                    } catch (IllegalStateException e) {
                        throw new IllegalStateException(e.getMessage() + " for " + key, e);
                    }
                });
                map.put(key, v);
            }
            return v;
        }
    }
}
