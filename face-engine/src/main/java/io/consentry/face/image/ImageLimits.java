package io.consentry.face.image;

/**
 * Limits checked from the header before any native decoder runs.
 *
 * @param maxBytes     maximum encoded size
 * @param maxDimension maximum width or height
 * @param maxPixels    maximum width*height
 * @param minDimension minimum width and height
 */
public record ImageLimits(int maxBytes, int maxDimension, long maxPixels, int minDimension) {
    public static ImageLimits defaults() {
        return new ImageLimits(15 * 1024 * 1024, 8192, 36_000_000L, 32);
    }
}
