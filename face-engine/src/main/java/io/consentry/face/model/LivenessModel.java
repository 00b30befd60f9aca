package io.consentry.face.model;

import io.consentry.face.internal.Mats;
import io.consentry.face.pack.ModelPack;
import io.consentry.face.runtime.InferenceRuntime;
import io.consentry.face.runtime.ModelRunner;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;

import java.util.List;

/**
 * Presentation-attack score ({@code fr_liveness}, role {@code liveness}): the face box enlarged 2.7× around its
 * centre and kept inside the image, 128×128, BGR (measured far better than the package's RGB), raw 0..255;
 * 3 logits, softmax, class 0 = live. It separates mostly on framing cues: its threshold is a calibration matter.
 */
public final class LivenessModel implements AutoCloseable {
    public static final String ROLE = "liveness";
    public static final ModelInput INPUT = new ModelInput(3, 128, 128, "BGR", "x (raw 0..255)");
    static final float CROP_SCALE = 2.7f;
    static final List<String> OUTPUTS = List.of("output");

    private final ModelRunner runner;

    public LivenessModel(ModelRunner runner) {
        this.runner = runner;
    }

    public static LivenessModel open(ModelPack pack, InferenceRuntime runtime, int poolSize) {
        return new LivenessModel(runtime.open(pack.model(ROLE).file(), OUTPUTS, 1, poolSize));
    }

    /** Probability that the face is live (0..1). */
    public float liveProbability(Mat bgr, Detection d) {
        try (Mats m = new Mats()) {
            Mat roi = m.add(bgr.submat(FaceCrops.enlargedInside(bgr, d, CROP_SCALE)));
            Mat blob = m.add(Dnn.blobFromImage(roi, 1.0, new Size(INPUT.width(), INPUT.height()), new Scalar(0, 0, 0), false, false));
            return Vectors.softmax(runner.run(blob)[0])[0];
        }
    }

    @Override
    public void close() {
        runner.close();
    }
}
