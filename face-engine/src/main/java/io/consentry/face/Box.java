package io.consentry.face;

/** Face box in image pixels (after EXIF orientation), detector score in [0,1]. */
public record Box(float x, float y, float width, float height, float score) {
    public float centerX() {
        return x + width / 2f;
    }

    public float centerY() {
        return y + height / 2f;
    }

    public float area() {
        return width * height;
    }
}
