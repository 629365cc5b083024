package org.t3d.data.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thread-safe LRU cache of {@link VideoScan}s (and of decode failures), keyed by absolute path, size and modification
 * time, so that each video is scanned once per process rather than once per epoch. Entries are small (about one byte
 * per frame, see {@link FrameIndex}).
 */
public final class ScanCache {
    private final int capacity;
    private final LinkedHashMap<String, Object> map;

    /** @param capacity maximum number of videos kept (least recently used are evicted) */
    public ScanCache(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > ScanCache.this.capacity;
            }
        };
    }

    /** A cache for up to 500,000 videos. */
    public ScanCache() {
        this(500_000);
    }

    private static String key(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        try {
            BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class);
            return abs + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
        } catch (IOException | SecurityException e) {
            return abs + "|?";
        }
    }

    /**
     * @param path a video
     * @return its cached scan, or {@code null}
     * @throws VideoDecodeException the cached failure, if decoding this file failed before
     */
    public VideoScan get(Path path) throws VideoDecodeException {
        Object v;
        synchronized (map) {
            v = map.get(key(path));
        }
        if (v instanceof VideoDecodeException e) {
            throw new VideoDecodeException(path, e.reason(), e.detail() + "; cached failure", e);
        }
        return (VideoScan) v;
    }

    /**
     * @param path a video
     * @param scan its scan
     */
    public void put(Path path, VideoScan scan) {
        synchronized (map) {
            map.put(key(path), scan);
        }
    }

    /**
     * Remembers that a video cannot be decoded (timeouts are not remembered).
     *
     * @param path    a video
     * @param failure the failure
     */
    public void putFailure(Path path, VideoDecodeException failure) {
        if (failure.reason() == FailureReason.TIMEOUT) {
            return;
        }
        synchronized (map) {
            map.put(key(path), failure);
        }
    }

    /** @return the number of cached entries */
    public int size() {
        synchronized (map) {
            return map.size();
        }
    }

    /** Removes every entry. */
    public void clear() {
        synchronized (map) {
            map.clear();
        }
    }
}
