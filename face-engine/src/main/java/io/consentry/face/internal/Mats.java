package io.consentry.face.internal;

import org.opencv.core.Mat;

/** Collects native Mats and releases them deterministically. */
public final class Mats implements AutoCloseable {
    private final java.util.ArrayList<Mat> mats = new java.util.ArrayList<>(8);

    public <M extends Mat> M add(M m) {
        mats.add(m);
        return m;
    }

    public Mat mat() {
        return add(new Mat());
    }

    @Override
    public void close() {
        for (Mat m : mats) {
            m.release();
        }
        mats.clear();
    }

    /** Reads a float Mat (any shape, continuous) into an array. */
    public static float[] floats(Mat m) {
        int n = (int) m.total() * m.channels();
        float[] out = new float[n];
        Mat c = m.isContinuous() ? m : m.clone();
        try {
            Mat flat = c.reshape(1, 1);
            flat.get(0, 0, out);
            flat.release();
        } finally {
            if (c != m) {
                c.release();
            }
        }
        return out;
    }
}
