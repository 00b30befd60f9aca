package io.consentry.face.model;

import io.consentry.face.Box;

/**
 * A detected face in image pixels, as the detector returned it: the box may extend past the frame (the quality
 * gate's cut-by-frame check needs the raw extent).
 */
public record Detection(float x1, float y1, float x2, float y2, float score) {
    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    public float area() {
        return width() * height();
    }

    /** The box clipped to a {@code imageWidth × imageHeight} frame, as callers of the engine see it. */
    public Box clippedBox(int imageWidth, int imageHeight) {
        float cx1 = Math.max(0, x1), cy1 = Math.max(0, y1);
        float cx2 = Math.min(imageWidth, x2), cy2 = Math.min(imageHeight, y2);
        return new Box(cx1, cy1, cx2 - cx1, cy2 - cy1, score);
    }
}
