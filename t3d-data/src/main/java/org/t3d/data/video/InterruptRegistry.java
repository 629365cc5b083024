package org.t3d.data.video;

import java.util.concurrent.ConcurrentHashMap;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * One FFmpeg interrupt callback shared by every open video (JavaCPP limits the number of live callback objects), keyed
 * by the address of the format context. FFmpeg calls it from blocking I/O; it returns 1 once the video's
 * {@link Deadline} has passed, which makes the read return an error instead of blocking.
 */
final class InterruptRegistry {
    private static final ConcurrentHashMap<Long, Deadline> DEADLINES = new ConcurrentHashMap<>();
    private static final Callback CALLBACK = new Callback();

    private InterruptRegistry() {
    }

    static void install(AVFormatContext oc, Deadline deadline) {
        if (oc == null || oc.isNull()) {
            return;
        }
        DEADLINES.put(oc.address(), deadline);
        AVIOInterruptCB cb = oc.interrupt_callback();
        cb.opaque(oc);
        cb.callback(CALLBACK);
    }

    static void update(AVFormatContext oc, Deadline deadline) {
        if (oc != null && !oc.isNull()) {
            DEADLINES.replace(oc.address(), deadline);
        }
    }

    static void remove(AVFormatContext oc) {
        if (oc == null || oc.isNull()) {
            return;
        }
        AVIOInterruptCB cb = oc.interrupt_callback();
        cb.callback(null);
        cb.opaque(null);
        DEADLINES.remove(oc.address());
    }

    /** The single native callback. */
    private static final class Callback extends AVIOInterruptCB.Callback_Pointer {
        Callback() {
            super();
            retainReference();
        }

        @Override
        public int call(Pointer opaque) {
            if (opaque == null) {
                return 0;
            }
            Deadline d = DEADLINES.get(opaque.address());
            return d != null && d.expired() ? 1 : 0;
        }
    }
}
