package io.consentry.face.model;

import io.consentry.face.internal.Align;
import io.consentry.face.pack.ModelPack;
import io.consentry.face.runtime.InferenceRuntime;
import io.consentry.face.runtime.ModelRunner;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;

import java.util.List;

/**
 * dlib's ResNet face descriptor, converted to ONNX from face-api's weights at build time ({@code convert}; manifest
 * role {@code embed2}, the second recogniser of a fused pack): dlib's 150×150 face chip (padding 0.25) as a 5-point
 * least-squares similarity onto dlib's mean face, RGB, (x − mean_rgb)/255 with face-api's mean; 128 raw values.
 */
public final class DlibRecogniser implements Recogniser {
    /** The manifest role of a pack's second recogniser. */
    public static final String ROLE = "embed2";
    public static final ModelInput INPUT = new ModelInput(3, 150, 150, "RGB", "(x-mean_rgb)/255, mean_rgb=(122.782,117.001,104.298)");
    public static final int DIMENSION = 128;
    /** face-api's mean RGB */
    static final Scalar MEAN_RGB = new Scalar(122.782, 117.001, 104.298);
    static final List<String> OUTPUTS = List.of("descriptor");

    private final ModelRunner runner;

    public DlibRecogniser(ModelRunner runner) {
        this.runner = runner;
    }

    public static DlibRecogniser open(ModelPack pack, InferenceRuntime runtime, int poolSize) {
        return new DlibRecogniser(runtime.open(pack.model(ROLE).file(), OUTPUTS, 2, poolSize));
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public Mat align(Mat bgr, double[][] fivePoints) {
        return Align.warpTo(bgr, fivePoints, Align.DLIB_CHIP_150, INPUT.width());
    }

    @Override
    public float[] embed(Mat chip, boolean flipTta) {
        // swapRB: the chip is BGR, the model wants RGB; the mean is given in RGB order as blobFromImages applies it after the swap
        return FlipTta.embed(runner, chip, flipTta, faces -> Dnn.blobFromImages(faces, 1 / 255.0,
                new Size(INPUT.width(), INPUT.height()), MEAN_RGB, true, false));
    }

    /** Runs the model on a prepared NCHW blob (the conversion test feeds face-api's reference input this way). */
    public float[] forward(Mat blob) {
        return runner.run(blob)[0];
    }

    @Override
    public void close() {
        runner.close();
    }
}
