package io.consentry.face.model;

import io.consentry.face.internal.Mats;
import io.consentry.face.pack.ModelPack;
import io.consentry.face.runtime.InferenceRuntime;
import io.consentry.face.runtime.ModelRunner;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;

import java.util.ArrayList;
import java.util.List;

/**
 * Face detector ({@code fr_detect}, role {@code detect}): the whole image stretched to 320×240, BGR, (x−127)/128.
 * Outputs {@code scores} [1,4420,2] (column 1 = face) and {@code boxes} [1,4420,4], x1,y1,x2,y2 in 0..1 and already
 * decoded (no anchor priors to apply). Kept: score ≥ the manifest's threshold, then greedy NMS. Faces narrower than
 * about 3 % of the image width are missed by construction (smallest anchor 10 px at 320 wide).
 */
public final class FaceDetector implements AutoCloseable {
    public static final String ROLE = "detect";
    public static final ModelInput INPUT = new ModelInput(3, 240, 320, "BGR", "(x-127)/128");
    static final List<String> OUTPUTS = List.of("scores", "boxes");

    private final ModelRunner runner;
    private final float scoreThreshold;
    private final float nmsThreshold;

    public FaceDetector(ModelRunner runner, float scoreThreshold, float nmsThreshold) {
        this.runner = runner;
        this.scoreThreshold = scoreThreshold;
        this.nmsThreshold = nmsThreshold;
    }

    public static FaceDetector open(ModelPack pack, InferenceRuntime runtime, int poolSize) {
        return new FaceDetector(runtime.open(pack.model(ROLE).file(), OUTPUTS, 1, poolSize),
                pack.floatProperty("model.detect.score-threshold", 0.65f),
                pack.floatProperty("model.detect.nms-threshold", 0.4f));
    }

    /** Faces in an 8-bit BGR image, highest score first. */
    public List<Detection> detect(Mat bgr) {
        float[][] out;
        try (Mats m = new Mats()) {
            Mat blob = m.add(Dnn.blobFromImage(bgr, 1 / 128.0, new Size(INPUT.width(), INPUT.height()),
                    new Scalar(127, 127, 127), false, false));
            out = runner.run(blob);
        }
        return decode(out[0], out[1], bgr.cols(), bgr.rows(), scoreThreshold, nmsThreshold);
    }

    /** Post-processing: threshold, scale to pixels, drop degenerate boxes, greedy NMS by score. */
    static List<Detection> decode(float[] scores, float[] boxes, int w, int h, float scoreThreshold, float nmsThreshold) {
        int n = scores.length / 2;
        List<Detection> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float s = scores[2 * i + 1];
            if (s >= scoreThreshold) {
                // raw extent (may reach past the frame: the cut-by-frame check uses it)
                float x1 = boxes[4 * i] * w, y1 = boxes[4 * i + 1] * h;
                float x2 = boxes[4 * i + 2] * w, y2 = boxes[4 * i + 3] * h;
                if (x2 - x1 >= 2 && y2 - y1 >= 2 && clamp(x2, w) - clamp(x1, w) >= 2 && clamp(y2, h) - clamp(y1, h) >= 2) {
                    candidates.add(new Detection(x1, y1, x2, y2, s));
                }
            }
        }
        candidates.sort((a, b) -> Float.compare(b.score(), a.score()));
        List<Detection> keep = new ArrayList<>();
        for (Detection d : candidates) {
            boolean overlaps = false;
            for (Detection k : keep) {
                if (iou(d, k) > nmsThreshold) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                keep.add(d);
            }
        }
        return keep;
    }

    static float iou(Detection a, Detection b) {
        float ix = Math.max(0, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()));
        float iy = Math.max(0, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()));
        float inter = ix * iy;
        float union = a.area() + b.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    private static float clamp(float v, float hi) {
        return Math.max(0, Math.min(hi, v));
    }

    @Override
    public void close() {
        runner.close();
    }
}
