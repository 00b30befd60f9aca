package io.consentry.face.image;

import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;
import io.consentry.face.internal.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Bounded decoder: header checks (format, size, dimensions, pixel count, truncation, unsupported
 * variants) in pure Java first, then OpenCV's decoder, then EXIF orientation.
 * The returned Mat is 8-bit BGR; the caller must {@code release()} it.
 */
public final class ImageDecoder {
    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = limits;
        OpenCv.load();
    }

    /** Header-only validation (no native code). */
    public ImageHeader check(byte[] data) {
        if (data == null || data.length == 0) {
            throw new FaceEngineException(ErrorCode.UNSUPPORTED_IMAGE, "empty body");
        }
        if (data.length > limits.maxBytes()) {
            throw new FaceEngineException(ErrorCode.IMAGE_TOO_LARGE,
                    data.length + " bytes > limit " + limits.maxBytes());
        }
        ImageHeader h = HeaderReader.read(data);
        if (h.width() > limits.maxDimension() || h.height() > limits.maxDimension()
                || (long) h.width() * h.height() > limits.maxPixels()) {
            throw new FaceEngineException(ErrorCode.IMAGE_TOO_LARGE,
                    h.width() + "x" + h.height() + " exceeds limits (max side " + limits.maxDimension()
                            + ", max pixels " + limits.maxPixels() + ")");
        }
        if (h.width() < limits.minDimension() || h.height() < limits.minDimension()) {
            throw new FaceEngineException(ErrorCode.IMAGE_TOO_SMALL,
                    h.width() + "x" + h.height() + " below minimum side " + limits.minDimension());
        }
        return h;
    }

    public Mat decode(byte[] data) {
        ImageHeader h = check(data);
        Mat img;
        MatOfByte buf = new MatOfByte(data);
        try {
            img = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
        } catch (RuntimeException e) {
            throw new FaceEngineException(ErrorCode.CORRUPT_IMAGE, "decoder failed: " + e.getMessage(), e);
        } finally {
            buf.release();
        }
        if (img == null || img.empty()) {
            if (img != null) {
                img.release();
            }
            throw new FaceEngineException(ErrorCode.CORRUPT_IMAGE, "decoder could not read the " + h.format() + " data");
        }
        if (img.cols() != h.width() || img.rows() != h.height() || img.type() != CvType.CV_8UC3) {
            int c = img.cols();
            int r = img.rows();
            img.release();
            throw new FaceEngineException(ErrorCode.CORRUPT_IMAGE,
                    "decoded size " + c + "x" + r + " differs from header " + h.width() + "x" + h.height());
        }
        return orient(img, h.orientation());
    }

    /** Applies EXIF orientation (1..8); releases the input if a new Mat is returned. */
    static Mat orient(Mat img, int o) {
        if (o <= 1 || o > 8) {
            return img;
        }
        Mat out = new Mat();
        switch (o) {
            case 2 -> Core.flip(img, out, 1);
            case 3 -> Core.rotate(img, out, Core.ROTATE_180);
            case 4 -> Core.flip(img, out, 0);
            case 5 -> Core.transpose(img, out);
            case 6 -> Core.rotate(img, out, Core.ROTATE_90_CLOCKWISE);
            case 7 -> {
                Mat t = new Mat();
                Core.rotate(img, t, Core.ROTATE_90_CLOCKWISE);
                Core.flip(t, out, 0); // transverse
                t.release();
            }
            case 8 -> Core.rotate(img, out, Core.ROTATE_90_COUNTERCLOCKWISE);
            default -> {
                out.release();
                return img;
            }
        }
        img.release();
        return out;
    }
}
