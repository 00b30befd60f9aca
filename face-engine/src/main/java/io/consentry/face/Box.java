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

    /** Intersection over union with {@code other}: 1 for the same box, 0 for boxes that do not touch. */
    public float overlap(Box other) {
        float x1 = Math.max(x, other.x);
        float y1 = Math.max(y, other.y);
        float x2 = Math.min(x + width, other.x + other.width);
        float y2 = Math.min(y + height, other.y + other.height);
        float inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
        float union = area() + other.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
