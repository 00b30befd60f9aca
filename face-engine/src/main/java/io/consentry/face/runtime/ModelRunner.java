package io.consentry.face.runtime;

import org.opencv.core.Mat;

import java.util.List;

/**
 * One loaded model, ready to run from any thread. The model wrappers (package {@code model}) do the
 * pre-processing into an NCHW float blob and the post-processing of the outputs; a runner only executes the graph,
 * so the ONNX Runtime and OpenCV DNN runners see identical inputs.
 */
public interface ModelRunner extends AutoCloseable {
    /**
     * Runs the model on {@code blob} (a continuous CV_32F N×C×H×W Mat, e.g. from {@code Dnn.blobFromImage(s)}; N up
     * to the batch size the runner was opened for). The blob is only read and stays the caller's to release.
     *
     * @return each output named by {@link #outputs()}, flattened in row-major order, in that order
     */
    float[][] run(Mat blob);

    /** The output names this runner returns, in order. */
    List<String> outputs();

    /** Releases the native sessions or networks. */
    @Override
    void close();
}
