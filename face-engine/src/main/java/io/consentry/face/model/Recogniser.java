package io.consentry.face.model;

import org.opencv.core.Mat;

/** A face recogniser: its own alignment of the face and an embedding of the aligned face. */
public interface Recogniser extends AutoCloseable {
    /** Length of the embedding. */
    int dimension();

    /** The face warped onto this model's reference points, at its input size; the caller releases it. */
    Mat align(Mat bgr, double[][] fivePoints);

    /**
     * The raw embedding of an aligned face (the template L2-normalises it). With {@code flipTta} the face and its
     * mirror run as one batch of two and the result is the sum of their unit vectors.
     */
    float[] embed(Mat aligned, boolean flipTta);

    @Override
    void close();
}
