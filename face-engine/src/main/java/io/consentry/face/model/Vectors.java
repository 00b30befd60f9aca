package io.consentry.face.model;

/** Small numeric helpers shared by the model wrappers. */
final class Vectors {
    private Vectors() {
    }

    static float[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        float[] p = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = (float) Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < logits.length; i++) {
            p[i] /= (float) sum;
        }
        return p;
    }

    static void normalise(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        float inv = (float) (1 / Math.sqrt(Math.max(s, 1e-12)));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
    }
}
