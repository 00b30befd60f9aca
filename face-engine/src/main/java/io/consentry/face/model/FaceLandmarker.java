package io.consentry.face.model;

import io.consentry.face.internal.Mats;
import io.consentry.face.pack.ModelPack;
import io.consentry.face.runtime.InferenceRuntime;
import io.consentry.face.runtime.ModelRunner;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.imgproc.Imgproc;

import java.util.List;

/**
 * 68-point landmarks ({@code fr_landmark}, role {@code landmark}, iBUG 300-W order): the face box squared around its
 * centre, resized to 64×64, grey, x/256; 136 outputs = 68 (x,y) pairs relative to the crop.
 */
public final class FaceLandmarker implements AutoCloseable {
    public static final String ROLE = "landmark";
    public static final ModelInput INPUT = new ModelInput(1, 64, 64, "GREY", "x/256");
    public static final int POINTS = 68;
    static final List<String> OUTPUTS = List.of("output");

    private final ModelRunner runner;

    public FaceLandmarker(ModelRunner runner) {
        this.runner = runner;
    }

    public static FaceLandmarker open(ModelPack pack, InferenceRuntime runtime, int poolSize) {
        return new FaceLandmarker(runtime.open(pack.model(ROLE).file(), OUTPUTS, 1, poolSize));
    }

    /** 68 landmarks, x,y interleaved, in image pixels. */
    public float[] landmarks(Mat bgr, Detection d) {
        Rect r = FaceCrops.square(bgr, d);
        float[] out;
        try (Mats m = new Mats()) {
            Mat small = m.mat();
            Imgproc.resize(m.add(bgr.submat(r)), small, new Size(INPUT.width(), INPUT.height()), 0, 0, Imgproc.INTER_LINEAR);
            Mat grey = m.mat();
            Imgproc.cvtColor(small, grey, Imgproc.COLOR_BGR2GRAY);
            Mat blob = m.add(Dnn.blobFromImage(grey, 1 / 256.0, new Size(INPUT.width(), INPUT.height()), new Scalar(0), false, false));
            out = runner.run(blob)[0];
        }
        for (int i = 0; i < POINTS; i++) {
            out[2 * i] = r.x + out[2 * i] * r.width;
            out[2 * i + 1] = r.y + out[2 * i + 1] * r.height;
        }
        return out;
    }

    /**
     * The five alignment points from 68 landmarks (0-based): eye centres = means of 37,38,40,41 and 43,44,46,47;
     * nose tip 30; mouth corners = means of 48,60 and 54,64.
     */
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

    @Override
    public void close() {
        runner.close();
    }
}
