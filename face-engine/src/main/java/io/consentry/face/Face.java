package io.consentry.face;

import java.util.List;

/**
 * One detected face.
 *
 * @param box         face box in image pixels (after EXIF orientation)
 * @param landmarks   68 landmarks (iBUG 300-W order)
 * @param points      5 alignment points: left eye, right eye, nose tip, left and right mouth corner
 * @param quality     quality checks with reasons
 * @param liveness    probability that the face is live (0..1), NaN if not computed
 * @param template    the L2-normalised embedding, null if not computed
 */
public record Face(Box box, List<Point> landmarks, List<Point> points, Quality quality, float liveness,
                   Template template) {
}
