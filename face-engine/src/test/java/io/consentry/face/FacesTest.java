package io.consentry.face;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Acceptance tests on shared/testdata/faces (see face-engine/README.md for the counted faces). */
class FacesTest {
    static FaceEngine engine;
    static final Map<String, Face> subjects = new LinkedHashMap<>();
    static float threshold;

    /** {@code <person>_<n>.ext} files: one person each. */
    static List<Path> singlePersonPhotos() throws Exception {
        try (Stream<Path> s = Files.list(TestData.faces())) {
            return s.filter(p -> p.getFileName().toString().matches("[a-z_]+_\\d+(_\\w+)?\\.(jpg|png)"))
                    .filter(p -> !p.getFileName().toString().startsWith("multi_")
                            && !p.getFileName().toString().startsWith("partial_")
                            && !p.getFileName().toString().startsWith("format_"))
                    .sorted().toList();
        }
    }

    static String identity(String file) {
        return file.replaceAll("_\\d+(_\\w+)?\\.(jpg|png)$", "");
    }

    @BeforeAll
    static void analyseAll() throws Exception {
        engine = TestData.engine();
        threshold = engine.decision().threshold(1e-3);
        for (Path p : singlePersonPhotos()) {
            Analysis a = engine.analyze(Files.readAllBytes(p), AnalyzeOptions.defaults());
            assertThat(a.faces()).as(p.getFileName() + " faces").hasSize(1);
            subjects.put(p.getFileName().toString(), a.faces().get(0));
        }
    }

    @Test
    void everySinglePersonPhotoYieldsExactlyOnePassingFace() {
        assertThat(subjects).hasSizeGreaterThanOrEqualTo(18);
        subjects.forEach((name, f) -> {
            assertThat(f.quality().pass()).as(name + " quality " + f.quality()).isTrue();
            assertThat(f.points()).hasSize(5);
            assertThat(f.landmarks()).hasSize(68);
            assertThat(f.template().dimension()).isEqualTo(512);
            assertThat(f.liveness()).isBetween(0f, 1f);
        });
    }

    @Test
    void multiPersonPhotosYieldTheCountedFaces() {
        // counted by hand: see README "Test photos"
        Map<String, Integer> expected = Map.of("multi_two_people.jpg", 2, "multi_obama_and_biden.jpg", 3,
                "multi_kit_with_rose.jpg", 2);
        expected.forEach((file, n) -> {
            Analysis a = engine.analyze(TestData.face(file), AnalyzeOptions.defaults().withTemplate(false));
            assertThat(a.faces()).as(file).hasSize(n);
        });
        assertThatThrownBy(() -> engine.analyzeSingle(TestData.face("multi_two_people.jpg"), AnalyzeOptions.defaults()))
                .isInstanceOfSatisfying(FaceEngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MULTIPLE_FACES));
    }

    @Test
    void sameIdentityAboveAndDifferentIdentityBelowThePackThreshold() {
        List<String> names = new ArrayList<>(subjects.keySet());
        int genuine = 0, impostor = 0;
        float minGen = 2, maxImp = -2;
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                String a = names.get(i), b = names.get(j);
                float s = subjects.get(a).template().similarity(subjects.get(b).template());
                if (identity(a).equals(identity(b))) {
                    genuine++;
                    minGen = Math.min(minGen, s);
                    assertThat(s).as(a + " vs " + b).isGreaterThanOrEqualTo(threshold);
                } else {
                    impostor++;
                    maxImp = Math.max(maxImp, s);
                    assertThat(s).as(a + " vs " + b).isLessThan(threshold);
                }
            }
        }
        System.out.printf("[faces] %d genuine pairs (min %.3f), %d impostor pairs (max %.3f), threshold@FAR0.1%% %.3f%n",
                genuine, minGen, impostor, maxImp, threshold);
        assertThat(genuine).isGreaterThan(20);
    }

    @Test
    void lowResolutionObamaMatchesOrIsRejectedWithAReason() {
        Template full = subjects.get("obama_1.jpg").template();
        for (String small : List.of("obama_5_480p.jpg", "obama_6_240p.jpg", "obama_7_small.jpg")) {
            Face f = engine.analyze(TestData.face(small), AnalyzeOptions.defaults()).faces().get(0);
            if (f.quality().pass()) {
                assertThat(f.template().similarity(full)).as(small).isGreaterThanOrEqualTo(threshold);
            } else {
                assertThat(f.quality().reasons()).as(small).isNotEmpty();
            }
        }
    }

    static byte[] jpeg(Mat m) {
        MatOfByte b = new MatOfByte();
        Imgcodecs.imencode(".jpg", m, b, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 92));
        byte[] out = b.toArray();
        b.release();
        return out;
    }

    @Test
    void horizontallyFlippedPhotoStillMatches() {
        for (String name : List.of("obama_1.jpg", "biden_2.jpg", "rose_leslie_1.jpg")) {
            Mat m = engine.decode(TestData.face(name));
            Mat f = new Mat();
            Core.flip(m, f, 1);
            Face flipped = engine.analyzeSingle(jpeg(f), AnalyzeOptions.defaults().withLiveness(false).withPick(Pick.LARGEST));
            m.release();
            f.release();
            float s = flipped.template().similarity(subjects.get(name).template());
            assertThat(s).as(name + " flipped").isGreaterThanOrEqualTo(threshold);
            String other = identity(name) + "_2.jpg";
            if (subjects.containsKey(other) && !other.equals(name)) {
                assertThat(flipped.template().similarity(subjects.get(other).template())).isGreaterThanOrEqualTo(threshold);
            }
        }
    }

    /** A photo of the photo shown on a screen: bezel, downscale, moire, colour cast, blur, re-encoding. */
    static byte[] screenReplay(Mat photo) {
        int w = photo.cols(), h = photo.rows();
        Mat canvas = new Mat(h, w, CvType.CV_8UC3, new Scalar(25, 25, 28));
        Mat small = new Mat();
        int sw = (int) (w * 0.7), sh = (int) (h * 0.7);
        Imgproc.resize(photo, small, new Size(sw, sh), 0, 0, Imgproc.INTER_AREA);
        Mat roi = canvas.submat(new Rect((w - sw) / 2, (h - sh) / 2, sw, sh));
        small.copyTo(roi);
        // faint scan lines (moire of a display)
        Mat lines = canvas.clone();
        for (int y = 0; y < h; y += 4) {
            Imgproc.line(lines, new org.opencv.core.Point(0, y), new org.opencv.core.Point(w, y), new Scalar(0, 0, 0), 1);
        }
        Core.addWeighted(canvas, 0.75, lines, 0.25, 0, canvas);
        lines.release();
        Mat cast = new Mat();
        Core.multiply(canvas, new Scalar(1.1, 1.0, 0.85), cast);
        Mat blur = new Mat();
        Imgproc.GaussianBlur(cast, blur, new Size(3, 3), 0);
        byte[] out = jpeg(blur);
        for (Mat m : new Mat[] {canvas, small, roi, cast, blur}) {
            m.release();
        }
        return out;
    }

    /** A printed photo held up: paper-white border, flattened contrast, slight rotation. */
    static byte[] printReplay(Mat photo) {
        int w = photo.cols(), h = photo.rows();
        Mat canvas = new Mat(h, w, CvType.CV_8UC3, new Scalar(90, 110, 120));
        Mat paper = new Mat();
        int sw = (int) (w * 0.75), sh = (int) (h * 0.75), b = Math.max(6, sw / 20);
        Mat small = new Mat();
        Imgproc.resize(photo, small, new Size(sw - 2 * b, sh - 2 * b), 0, 0, Imgproc.INTER_AREA);
        Mat flat = new Mat();
        small.convertTo(flat, -1, 0.75, 40);
        Core.copyMakeBorder(flat, paper, b, b, b, b, Core.BORDER_CONSTANT, new Scalar(235, 240, 240));
        Mat rot = Imgproc.getRotationMatrix2D(new org.opencv.core.Point(w / 2.0, h / 2.0), 4, 1);
        Mat placed = new Mat(h, w, CvType.CV_8UC3, new Scalar(0, 0, 0));
        paper.copyTo(placed.submat(new Rect((w - sw) / 2, (h - sh) / 2, sw, sh)));
        Mat mask = new Mat(h, w, CvType.CV_8UC1, new Scalar(0));
        mask.submat(new Rect((w - sw) / 2, (h - sh) / 2, sw, sh)).setTo(new Scalar(255));
        Mat placedR = new Mat(), maskR = new Mat();
        Imgproc.warpAffine(placed, placedR, rot, placed.size());
        Imgproc.warpAffine(mask, maskR, rot, mask.size());
        placedR.copyTo(canvas, maskR);
        byte[] out = jpeg(canvas);
        for (Mat m : new Mat[] {canvas, paper, small, flat, rot, placed, mask, placedR, maskR}) {
            m.release();
        }
        return out;
    }

    static float replayLiveness(byte[] img) {
        List<Face> f = engine.analyze(img, AnalyzeOptions.defaults().withTemplate(false).withPick(Pick.LARGEST)).faces();
        assertThat(f).as("the replayed face is still detected").hasSize(1);
        return f.get(0).liveness();
    }

    @Test
    void syntheticReplaysScoreLowerLivenessThanTheOriginal() {
        for (String name : List.of("obama_1.jpg", "rose_leslie_2.jpg", "biden_2.jpg")) {
            Mat m = engine.decode(TestData.face(name));
            float live = subjects.get(name).liveness();
            float screen = replayLiveness(screenReplay(m));
            float print = replayLiveness(printReplay(m));
            m.release();
            System.out.printf("[liveness] %s original %.3f, screen replay %.3f, print replay %.3f (threshold %.2f)%n",
                    name, live, screen, print, engine.livenessThreshold());
            assertThat(screen).as(name + " screen").isLessThan(live);
            assertThat(print).as(name + " print").isLessThan(live);
        }
    }

    @Test
    void typedErrorsForNoFaceAndQuality() {
        Mat blank = new Mat(480, 640, CvType.CV_8UC3, new Scalar(120, 130, 140));
        byte[] b = jpeg(blank);
        blank.release();
        assertThatThrownBy(() -> engine.analyzeSingle(b, AnalyzeOptions.defaults()))
                .isInstanceOfSatisfying(FaceEngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_FACE_FOUND));
        assertThatThrownBy(() -> engine.analyzeSingle(TestData.face("partial_obama_1.jpg"), AnalyzeOptions.defaults()))
                .isInstanceOfSatisfying(FaceEngineException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LOW_QUALITY);
                    assertThat(e.reasons()).contains("cut_by_frame");
                });
        QualityLimits strict = new QualityLimits(200f, 0f, 0f, 255f, 1f, 180f, 1f);
        assertThatThrownBy(() -> engine.analyzeSingle(TestData.face("obama_7_small.jpg"), AnalyzeOptions.defaults().withQuality(strict)))
                .isInstanceOfSatisfying(FaceEngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FACE_TOO_SMALL));
        Mat dark = engine.decode(TestData.face("obama_1.jpg"));
        Mat d2 = new Mat();
        dark.convertTo(d2, -1, 0.15, 0);
        assertThatThrownBy(() -> engine.analyzeSingle(jpeg(d2), AnalyzeOptions.defaults()))
                .isInstanceOfSatisfying(FaceEngineException.class, e -> assertThat(e.reasons()).contains("underexposed"));
        dark.release();
        d2.release();
    }

    @Test
    void templatesRoundTripThroughTheEngineParser() {
        Template t = subjects.get("obama_2.jpg").template();
        Template p = engine.parseTemplate(t.toBytes());
        assertThat(p.similarity(t)).isEqualTo(t.similarity(t));
        assertThat(p.packId()).isEqualTo("faceplugin-0.0.1");
        // the RGBA PNG is obama_2 in another format: same identity
        Face rgba = engine.analyzeSingle(TestData.face("format_32bit.png"), AnalyzeOptions.defaults());
        assertThat(rgba.template().similarity(t)).isGreaterThan(0.9f);
    }

    @Test
    void concurrentCallersGetIdenticalResults() throws Exception {
        byte[] img = TestData.face("kit_harington_1.jpg");
        float[] ref = engine.analyzeSingle(img, AnalyzeOptions.defaults()).template().vector();
        ExecutorService ex = Executors.newFixedThreadPool(4);
        List<Future<float[]>> fs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            fs.add(ex.submit(() -> engine.analyzeSingle(img, AnalyzeOptions.defaults()).template().vector()));
        }
        for (Future<float[]> f : fs) {
            assertThat(f.get()).containsExactly(ref, org.assertj.core.data.Offset.offset(1e-5f));
        }
        ex.shutdown();
    }
}
