package io.consentry.face.internal;

import io.consentry.face.pack.ModelPack;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.List;

/**
 * Pre/post-processing for the faceplugin ONNX models (see face-engine/README.md and
 * shared/MODEL-NOTES.md for the measured facts this follows). All methods are thread-safe.
 */
public final class Faceplugin implements AutoCloseable {
    /** A raw detection in image pixels. */
    public record Det(float x1, float y1, float x2, float y2, float score) {
    }

    private final NetPool detect;
    private final NetPool landmark;
    private final NetPool embed;
    /** optional second recogniser: dlib ResNet (converted from face-api), 150x150 RGB chip */
    private final NetPool embed2;
    private final NetPool liveness;
    private final NetPool age;
    private final NetPool gender;
    private final NetPool expression;
    private final float scoreThreshold;
    private final float nmsThreshold;

    public Faceplugin(ModelPack pack, int poolSize) {
        OpenCv.load();
        detect = new NetPool(pack.model("detect").file(), poolSize);
        landmark = new NetPool(pack.model("landmark").file(), poolSize);
        embed = new NetPool(pack.model("embed").file(), poolSize);
        embed2 = pack.has("embed2") ? new NetPool(pack.model("embed2").file(), poolSize) : null;
        liveness = pack.has("liveness") ? new NetPool(pack.model("liveness").file(), poolSize) : null;
        age = pack.has("age") ? new NetPool(pack.model("age").file(), Math.min(2, poolSize)) : null;
        gender = pack.has("gender") ? new NetPool(pack.model("gender").file(), Math.min(2, poolSize)) : null;
        expression = pack.has("expression") ? new NetPool(pack.model("expression").file(), Math.min(2, poolSize)) : null;
        scoreThreshold = pack.floatProperty("model.detect.score-threshold", 0.65f);
        nmsThreshold = pack.floatProperty("model.detect.nms-threshold", 0.4f);
    }

    public boolean hasSecondRecogniser() {
        return embed2 != null;
    }

    /** face-api's mean RGB for the dlib recogniser */
    private static final Scalar DLIB_MEAN_RGB = new Scalar(122.782, 117.001, 104.298);

    /**
     * Raw (not normalised) 128-d dlib descriptor of a 150x150 BGR chip (see Align.DLIB_CHIP_150):
     * RGB, (x - mean_rgb) / 255; with flip TTA the sum of both unit vectors.
     */
    public float[] embed2(Mat chip150, boolean flipTta) {
        return embed2.with(net -> {
            try (Mats m = new Mats()) {
                List<Mat> in = new ArrayList<>(2);
                in.add(chip150);
                if (flipTta) {
                    Mat f = m.mat();
                    Core.flip(chip150, f, 1);
                    in.add(f);
                }
                Mat blob = m.add(Dnn.blobFromImages(in, 1 / 255.0, new Size(150, 150), DLIB_MEAN_RGB, true, false));
                net.setInput(blob);
                float[] all = Mats.floats(m.add(net.forward()));
                int d = all.length / in.size();
                float[] v = java.util.Arrays.copyOf(all, d);
                if (flipTta) {
                    float[] v2 = java.util.Arrays.copyOfRange(all, d, 2 * d);
                    normalise(v);
                    normalise(v2);
                    for (int i = 0; i < d; i++) {
                        v[i] += v2[i];
                    }
                }
                return v;
            }
        });
    }

    public boolean hasLiveness() {
        return liveness != null;
    }

    public boolean hasAttributes() {
        return age != null && gender != null && expression != null;
    }

    // ------------------------------------------------------------------ detection

    public List<Det> detect(Mat bgr) {
        int w = bgr.cols(), h = bgr.rows();
        float[][] outs = detect.with(net -> {
            try (Mats m = new Mats()) {
                Mat blob = m.add(Dnn.blobFromImage(bgr, 1 / 128.0, new Size(320, 240), new Scalar(127, 127, 127), false, false));
                net.setInput(blob);
                List<Mat> res = new ArrayList<>(2);
                net.forward(res, List.of("scores", "boxes"));
                res.forEach(m::add);
                return new float[][] {Mats.floats(res.get(0)), Mats.floats(res.get(1))};
            }
        });
        float[] scores = outs[0], boxes = outs[1];
        int n = scores.length / 2;
        List<Det> cand = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float s = scores[2 * i + 1];
            if (s >= scoreThreshold) {
                // raw (may extend past the frame: used by the cut-by-frame check)
                float x1 = boxes[4 * i] * w, y1 = boxes[4 * i + 1] * h;
                float x2 = boxes[4 * i + 2] * w, y2 = boxes[4 * i + 3] * h;
                if (x2 - x1 >= 2 && y2 - y1 >= 2 && clamp(x2, 0, w) - clamp(x1, 0, w) >= 2
                        && clamp(y2, 0, h) - clamp(y1, 0, h) >= 2) {
                    cand.add(new Det(x1, y1, x2, y2, s));
                }
            }
        }
        cand.sort((a, b) -> Float.compare(b.score(), a.score()));
        List<Det> keep = new ArrayList<>();
        for (Det d : cand) {
            boolean ok = true;
            for (Det k : keep) {
                if (iou(d, k) > nmsThreshold) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                keep.add(d);
            }
        }
        return keep;
    }

    static float iou(Det a, Det b) {
        float ix = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
        float iy = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
        float inter = ix * iy;
        float ua = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter;
        return ua <= 0 ? 0 : inter / ua;
    }

    private static float clamp(float v, float lo, float hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    // ------------------------------------------------------------------ landmarks

    /** 68 landmarks (x,y interleaved, image pixels) from a squared crop of the face box. */
    public float[] landmarks68(Mat bgr, Det d) {
        float cx = (d.x1 + d.x2) / 2, cy = (d.y1 + d.y2) / 2;
        float side = Math.max(d.x2 - d.x1, d.y2 - d.y1);
        Rect r = clampRect(cx - side / 2, cy - side / 2, side, side, bgr.cols(), bgr.rows());
        float[] out = landmark.with(net -> {
            try (Mats m = new Mats()) {
                Mat roi = m.add(bgr.submat(r));
                Mat small = m.mat();
                Imgproc.resize(roi, small, new Size(64, 64), 0, 0, Imgproc.INTER_LINEAR);
                Mat grey = m.mat();
                Imgproc.cvtColor(small, grey, Imgproc.COLOR_BGR2GRAY);
                Mat blob = m.add(Dnn.blobFromImage(grey, 1 / 256.0, new Size(64, 64), new Scalar(0), false, false));
                net.setInput(blob);
                Mat o = m.add(net.forward());
                return Mats.floats(o);
            }
        });
        for (int i = 0; i < 68; i++) {
            out[2 * i] = r.x + out[2 * i] * r.width;
            out[2 * i + 1] = r.y + out[2 * i + 1] * r.height;
        }
        return out;
    }

    /** Five alignment points (eyes, nose, mouth corners) from 68 landmarks. */
    public static double[][] fivePoints(float[] lm) {
        return new double[][] {
                mean(lm, 37, 38, 40, 41), mean(lm, 43, 44, 46, 47), mean(lm, 30), mean(lm, 48, 60), mean(lm, 54, 64)};
    }

    private static double[] mean(float[] lm, int... idx) {
        double x = 0, y = 0;
        for (int i : idx) {
            x += lm[2 * i];
            y += lm[2 * i + 1];
        }
        return new double[] {x / idx.length, y / idx.length};
    }

    // ------------------------------------------------------------------ embedding

    /** Raw (not normalised) embedding of an aligned 112x112 BGR face; with flip TTA the sum of both. */
    public float[] embed(Mat aligned112, boolean flipTta) {
        return embed.with(net -> {
            try (Mats m = new Mats()) {
                if (!flipTta) {
                    return forwardEmbed(net, aligned112, m);
                }
                // original and mirror in one batch-2 forward
                Mat f = m.mat();
                Core.flip(aligned112, f, 1);
                Mat blob = m.add(Dnn.blobFromImages(List.of(aligned112, f), 1 / 128.0, new Size(112, 112),
                        new Scalar(127, 127, 127), false, false));
                net.setInput(blob);
                float[] both = Mats.floats(m.add(net.forward()));
                int d = both.length / 2;
                float[] v = java.util.Arrays.copyOf(both, d);
                float[] v2 = java.util.Arrays.copyOfRange(both, d, 2 * d);
                normalise(v);
                normalise(v2);
                for (int i = 0; i < d; i++) {
                    v[i] += v2[i];
                }
                return v;
            }
        });
    }

    private static float[] forwardEmbed(org.opencv.dnn.Net net, Mat face, Mats m) {
        Mat blob = m.add(Dnn.blobFromImage(face, 1 / 128.0, new Size(112, 112), new Scalar(127, 127, 127), false, false));
        net.setInput(blob);
        return Mats.floats(m.add(net.forward()));
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

    // ------------------------------------------------------------------ liveness

    /** Probability of "live" (class 0 of the softmax). */
    public float liveness(Mat bgr, Det d) {
        if (liveness == null) {
            return Float.NaN;
        }
        Rect r = enlargedInside(bgr, d, 2.7f);
        return liveness.with(net -> {
            try (Mats m = new Mats()) {
                Mat roi = m.add(bgr.submat(r));
                Mat blob = m.add(Dnn.blobFromImage(roi, 1.0, new Size(128, 128), new Scalar(0, 0, 0), false, false));
                net.setInput(blob);
                float[] o = Mats.floats(m.add(net.forward()));
                return softmax(o)[0];
            }
        });
    }

    // ------------------------------------------------------------------ attributes

    public record RawAttributes(float age, float genderScore, float[] expression) {
    }

    public RawAttributes attributes(Mat bgr, Det d) {
        Rect r14 = enlargedInside(bgr, d, 1.4f);
        float ageV = ssr(age, bgr, r14, 101f);
        float genderV = ssr(gender, bgr, r14, 1f);
        int x = (int) Math.max(0, d.x1), y = (int) Math.max(0, d.y1);
        int w = (int) Math.min((d.x2 - d.x1) * 1.2f, bgr.cols() - x), h = (int) Math.min((d.y2 - d.y1) * 1.2f, bgr.rows() - y);
        Rect re = new Rect(x, y, Math.max(1, w), Math.max(1, h));
        float[] expr = expression.with(net -> {
            try (Mats m = new Mats()) {
                Mat roi = m.add(bgr.submat(re));
                Mat blob = m.add(Dnn.blobFromImage(roi, 1 / 255.0, new Size(224, 224), new Scalar(0, 0, 0), true, false));
                net.setInput(blob);
                return softmax(Mats.floats(m.add(net.forward())));
            }
        });
        return new RawAttributes(ageV, genderV, expr);
    }

    private static final List<String> SSR_OUTS = List.of("prob_stage_1", "prob_stage_2", "prob_stage_3",
            "stage1_delta_k", "stage2_delta_k", "stage3_delta_k", "index_offset_stage1", "index_offset_stage2",
            "index_offset_stage3");

    private static float ssr(NetPool pool, Mat bgr, Rect r, float v) {
        float[] x = pool.with(net -> {
            try (Mats m = new Mats()) {
                Mat roi = m.add(bgr.submat(r));
                Mat rgb = m.mat();
                Imgproc.resize(roi, rgb, new Size(64, 64));
                Imgproc.cvtColor(rgb, rgb, Imgproc.COLOR_BGR2RGB);
                Mat f = m.mat();
                rgb.convertTo(f, org.opencv.core.CvType.CV_32FC3, 1 / 255.0);
                Core.subtract(f, new Scalar(0.485, 0.456, 0.406), f);
                Core.divide(f, new Scalar(0.229, 0.224, 0.225), f);
                Mat blob = m.add(Dnn.blobFromImage(f, 1.0, new Size(64, 64), new Scalar(0, 0, 0), false, false));
                net.setInput(blob);
                List<Mat> res = new ArrayList<>();
                net.forward(res, SSR_OUTS);
                res.forEach(m::add);
                float[] all = new float[21];
                int p = 0;
                for (Mat o : res) {
                    float[] a = Mats.floats(o);
                    System.arraycopy(a, 0, all, p, a.length);
                    p += a.length;
                }
                return all;
            }
        });
        double a = 0, b = 0, c = 0;
        for (int i = 0; i < 3; i++) {
            a += (i + x[12 + i]) * x[i];
        }
        a = a / (3 * (1 + x[9]));
        for (int i = 0; i < 3; i++) {
            b += (i + x[15 + i]) * x[3 + i];
        }
        b = b / (3 * (1 + x[9])) / (3 * (1 + x[10]));
        for (int i = 0; i < 3; i++) {
            c += (i + x[18 + i]) * x[6 + i];
        }
        c = c / (3 * (1 + x[9])) / (3 * (1 + x[10])) / (3 * (1 + x[11]));
        return (float) ((a + b + c) * v);
    }

    // ------------------------------------------------------------------ helpers

    static float[] softmax(float[] o) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : o) {
            max = Math.max(max, v);
        }
        double sum = 0;
        float[] p = new float[o.length];
        for (int i = 0; i < o.length; i++) {
            p[i] = (float) Math.exp(o[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < o.length; i++) {
            p[i] /= (float) sum;
        }
        return p;
    }

    /** The package's crop rule: box scaled around its centre, shifted to stay inside the image. */
    static Rect enlargedInside(Mat img, Det d, float scaleValue) {
        int srcW = img.cols(), srcH = img.rows();
        float bw = d.x2 - d.x1, bh = d.y2 - d.y1;
        float scale = Math.min((srcH - 1) / bh, Math.min((srcW - 1) / bw, scaleValue));
        float nw = bw * scale, nh = bh * scale;
        float cx = d.x1 + bw / 2, cy = d.y1 + bh / 2;
        float l = cx - nw / 2, t = cy - nh / 2, rr = cx + nw / 2, b = cy + nh / 2;
        if (l < 0) {
            rr -= l;
            l = 0;
        }
        if (t < 0) {
            b -= t;
            t = 0;
        }
        if (rr > srcW - 1) {
            l -= rr - srcW + 1;
            rr = srcW - 1;
        }
        if (b > srcH - 1) {
            t -= b - srcH + 1;
            b = srcH - 1;
        }
        return clampRect(l, t, rr - l, b - t, srcW, srcH);
    }

    static Rect clampRect(float x, float y, float w, float h, int W, int H) {
        int x0 = Math.max(0, Math.round(x)), y0 = Math.max(0, Math.round(y));
        int x1 = Math.min(W, Math.round(x + w)), y1 = Math.min(H, Math.round(y + h));
        return new Rect(Math.min(x0, W - 1), Math.min(y0, H - 1), Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }

    @Override
    public void close() {
        for (NetPool p : new NetPool[] {detect, landmark, embed, embed2, liveness, age, gender, expression}) {
            if (p != null) {
                p.close();
            }
        }
    }
}
