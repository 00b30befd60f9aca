package io.consentry.face.internal;

import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;

/** Loads the OpenCV native library (bundled in org.openpnp:opencv) once per JVM. */
public final class OpenCv {
    private static volatile boolean loaded;

    private OpenCv() {
    }

    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (OpenCv.class) {
            if (!loaded) {
                try {
                    nu.pattern.OpenCV.loadLocally();
                } catch (Throwable t) {
                    throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "cannot load OpenCV native library", t);
                }
                loaded = true;
            }
        }
    }
}
