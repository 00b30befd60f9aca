package io.consentry.engineview;

import io.consentry.face.Analysis;
import io.consentry.face.Face;
import io.consentry.face.Point;
import io.consentry.face.Quality;

import java.util.List;

/**
 * What the engine found in the admin's own captured face. Coordinates are image pixels after EXIF orientation, the
 * same frame the browser draws the picture in. {@code liveness} is null when it could not be computed.
 *
 * @param purpose    the face verification purpose the admin consented to as a subject, under which this ran
 * @param matchScore how the face scored against the admin's enrolled face (it passed the strictest threshold)
 */
public record AnalysisView(int width, int height, String packId, float livenessThreshold, String purpose, float matchScore,
                           List<FaceView> faces) {

    public record BoxView(float x, float y, float width, float height, float score) {
    }

    public record QualityView(boolean pass, List<String> reasons, float faceSize, float sharpness, float brightness,
                              float yaw, float roll, float score) {
    }

    /** @param live the liveness score reaches the pack's threshold (null when not computed) */
    public record FaceView(BoxView box, List<float[]> landmarks, List<float[]> points, QualityView quality, Float liveness,
                           Boolean live) {
    }

    static AnalysisView of(Analysis analysis, String packId, float livenessThreshold, String purpose, float matchScore) {
        return new AnalysisView(analysis.width(), analysis.height(), packId, livenessThreshold, purpose, round3(matchScore),
                analysis.faces().stream().map(f -> face(f, livenessThreshold)).toList());
    }

    private static FaceView face(Face f, float livenessThreshold) {
        Quality q = f.quality();
        boolean measured = !Float.isNaN(f.liveness());
        return new FaceView(new BoxView(round(f.box().x()), round(f.box().y()), round(f.box().width()), round(f.box().height()),
                round3(f.box().score())),
                points(f.landmarks()), points(f.points()),
                new QualityView(q.pass(), q.reasons(), round(q.faceSize()), round(q.sharpness()), round(q.brightness()),
                        round3(q.yaw()), round(q.roll()), round3(q.score())),
                measured ? round3(f.liveness()) : null, measured ? f.liveness() >= livenessThreshold : null);
    }

    private static List<float[]> points(List<Point> points) {
        return points.stream().map(p -> new float[]{round(p.x()), round(p.y())}).toList();
    }

    private static float round(float v) {
        return Math.round(v * 10f) / 10f;
    }

    private static float round3(float v) {
        return Math.round(v * 1000f) / 1000f;
    }
}
