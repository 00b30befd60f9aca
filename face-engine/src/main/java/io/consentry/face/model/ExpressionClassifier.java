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
 * Expression ({@code fr_expression}, role {@code expression}): the face box from its top-left corner at 1.2× its
 * size, 224×224, RGB, x/255; logits, softmax. The package does not document the class labels, so classes are indices.
 */
public final class ExpressionClassifier implements AutoCloseable {
    public static final String ROLE = "expression";
    public static final ModelInput INPUT = new ModelInput(3, 224, 224, "RGB", "x/255");
    static final float CROP_SCALE = 1.2f;
    static final List<String> OUTPUTS = List.of("output");

    private final ModelRunner runner;

    public ExpressionClassifier(ModelRunner runner) {
        this.runner = runner;
    }

    public static ExpressionClassifier open(ModelPack pack, InferenceRuntime runtime, int poolSize) {
        return new ExpressionClassifier(runtime.open(pack.model(ROLE).file(), OUTPUTS, 1, poolSize));
    }

    /** Class probabilities. */
    public float[] probabilities(Mat bgr, Detection d) {
        try (Mats m = new Mats()) {
            Mat roi = m.add(bgr.submat(FaceCrops.fromTopLeft(bgr, d, CROP_SCALE)));
            Mat blob = m.add(Dnn.blobFromImage(roi, 1 / 255.0, new Size(INPUT.width(), INPUT.height()), new Scalar(0, 0, 0), true, false));
            return Vectors.softmax(runner.run(blob)[0]);
        }
    }

    @Override
    public void close() {
        runner.close();
    }
}
