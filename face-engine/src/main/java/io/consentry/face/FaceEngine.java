package io.consentry.face;

import io.consentry.face.image.ImageDecoder;
import io.consentry.face.internal.Align;
import io.consentry.face.internal.Faceplugin;
import io.consentry.face.internal.Faceplugin.Det;
import io.consentry.face.internal.Mats;
import io.consentry.face.pack.ModelPack;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.imgproc.Imgproc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine facade. Thread-safe: one instance per JVM (per pack) serves concurrent callers.
 *
 * <pre>
 *   FaceEngine engine = FaceEngine.load(FaceEngine.defaultPackDir());
 *   Face face = engine.analyzeSingle(jpegBytes, AnalyzeOptions.defaults());   // typed errors
 *   byte[] stored = face.template().toBytes();
 *   Template t = engine.parseTemplate(stored);                                // strict
 *   boolean same = engine.decision().decide(t, other, 1e-3).match();
 * </pre>
 */
public final class FaceEngine implements AutoCloseable {
    /** System property naming the pack directory. */
    public static final String PACK_DIR_PROPERTY = "consentry.engine.pack-dir";
    /** Environment variable naming the pack directory (used if the property is absent). */
    public static final String PACK_DIR_ENV = "CONSENTRY_ENGINE_PACK_DIR";
    /** Id of the default pack built by face-engine. */
    public static final String DEFAULT_PACK_ID = "faceplugin-0.0.1";

    private final ModelPack pack;
    private final EngineConfig config;
    private final ImageDecoder decoder;
    private final Faceplugin models;
    private final Align.Mode alignMode;
    private final boolean flipTta;
    private final boolean flipTta2;
    private final float livenessThreshold;
    private final Decision decision;

    private FaceEngine(ModelPack pack, EngineConfig config) {
        if (!"faceplugin".equals(pack.family())) {
            throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "pack family '" + pack.family()
                    + "' is not implemented by this engine version (supported: faceplugin)");
        }
        this.pack = pack;
        this.config = config;
        this.decoder = new ImageDecoder(config.limits());
        io.consentry.face.internal.OpenCv.load();
        int cvThreads = config.effectiveOpencvThreads();
        if (cvThreads > 0) {
            // process-wide in OpenCV: the last engine loaded wins (one engine per JVM is the rule)
            Core.setNumThreads(cvThreads);
        }
        this.models = new Faceplugin(pack, config.poolSize());
        String a = config.alignment() != null ? config.alignment() : pack.property("model.embed.alignment", "similarity5");
        this.alignMode = switch (a.toLowerCase()) {
            case "similarity5" -> Align.Mode.SIMILARITY5;
            case "affine3" -> Align.Mode.AFFINE3;
            default -> throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "unknown alignment " + a);
        };
        this.flipTta = config.flipTta() != null ? config.flipTta()
                : Boolean.parseBoolean(pack.property("model.embed.flip-tta", "false"));
        this.livenessThreshold = pack.floatProperty("model.liveness.threshold", 0.5f);
        io.consentry.face.Decision.Fusion fusion = pack.fusion();
        if (models.hasSecondRecogniser() && (fusion == null || fusion.weight().length != 2)) {
            throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "pack " + pack.id()
                    + " has a second recogniser (embed2) but no 2-way fusion.* parameters");
        }
        this.flipTta2 = config.flipTta() != null ? config.flipTta()
                : Boolean.parseBoolean(pack.property("model.embed2.flip-tta", "false"));
        this.decision = Decision.of(pack, models.hasSecondRecogniser());
    }

    /** Loads (and SHA-256-verifies) the pack in {@code packDir} with default settings. */
    public static FaceEngine load(Path packDir) {
        return load(packDir, EngineConfig.defaults());
    }

    public static FaceEngine load(Path packDir, EngineConfig config) {
        return new FaceEngine(ModelPack.load(packDir), config);
    }

    /**
     * The pack directory to use: system property {@value #PACK_DIR_PROPERTY}, else environment
     * {@value #PACK_DIR_ENV}, else the build output {@code face-engine/target/model-packs/faceplugin-0.0.1}
     * looked up from the working directory and its parents.
     */
    public static Path defaultPackDir() {
        String p = System.getProperty(PACK_DIR_PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(PACK_DIR_ENV);
        }
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        Path rel = Path.of("face-engine", "target", "model-packs", DEFAULT_PACK_ID);
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve(rel))) {
                return d.resolve(rel);
            }
            if (d.getFileName() != null && d.getFileName().toString().equals("face-engine")
                    && Files.isDirectory(d.resolve("target/model-packs/" + DEFAULT_PACK_ID))) {
                return d.resolve("target/model-packs/" + DEFAULT_PACK_ID);
            }
        }
        return rel.toAbsolutePath();
    }

    public ModelPack pack() {
        return pack;
    }

    public EngineConfig config() {
        return config;
    }

    public Decision decision() {
        return decision;
    }

    public float livenessThreshold() {
        return livenessThreshold;
    }

    /** Strict template parsing, requiring this engine's pack. */
    public Template parseTemplate(byte[] blob) {
        return Template.parse(blob, pack.id());
    }

    /** The decision score for two templates of this pack (fused for multi-recogniser packs). */
    public float score(Template a, Template b) {
        return decision.score(a, b);
    }

    /** A new, empty 1:N gallery for this engine's templates. */
    public Gallery newGallery() {
        return new Gallery(pack.id(), 512);
    }

    // ------------------------------------------------------------------ analysis

    /** Decodes (bounded) and analyses an encoded image. */
    public Analysis analyze(byte[] image, AnalyzeOptions options) {
        Mat bgr = decoder.decode(image);
        try {
            return analyze(bgr, options);
        } finally {
            bgr.release();
        }
    }

    /** Only the bounded decode + validation, e.g. to reject an upload early. Returns width x height. */
    public int[] checkImage(byte[] image) {
        var h = decoder.check(image);
        return new int[] {h.width(), h.height()};
    }

    /** Decodes to a BGR Mat (caller releases) - for tools and benchmarks. */
    public Mat decode(byte[] image) {
        return decoder.decode(image);
    }

    /** Analyses an already decoded 8-bit BGR image (not released by this call). */
    public Analysis analyze(Mat bgr, AnalyzeOptions o) {
        List<Det> dets;
        try {
            dets = new ArrayList<>(models.detect(bgr));
            dets = pick(dets, o, bgr.cols(), bgr.rows());
            List<Face> faces = new ArrayList<>(dets.size());
            for (Det d : dets) {
                faces.add(face(bgr, d, o));
            }
            return new Analysis(bgr.cols(), bgr.rows(), faces);
        } catch (FaceEngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "analysis failed: " + e, e);
        }
    }

    /** The faces to analyse, chosen by {@link FacePicker} on the visible (frame-clipped) boxes. */
    static List<Det> pick(List<Det> dets, AnalyzeOptions o, int w, int h) {
        List<Box> boxes = new ArrayList<>(dets.size());
        for (Det d : dets) {
            float x1 = Math.max(0, d.x1()), y1 = Math.max(0, d.y1());
            boxes.add(new Box(x1, y1, Math.max(0, Math.min(w, d.x2()) - x1), Math.max(0, Math.min(h, d.y2()) - y1), d.score()));
        }
        List<Det> picked = new ArrayList<>();
        for (int i : FacePicker.pick(boxes, w, h, o.pick())) {
            picked.add(dets.get(i));
        }
        return picked.size() > o.maxFaces() ? picked.subList(0, o.maxFaces()) : picked;
    }

    private Face face(Mat bgr, Det d, AnalyzeOptions o) {
        float[] lm = models.landmarks68(bgr, d);
        double[][] five = Faceplugin.fivePoints(lm);
        List<Point> lmPts = new ArrayList<>(68);
        for (int i = 0; i < 68; i++) {
            lmPts.add(new Point(lm[2 * i], lm[2 * i + 1]));
        }
        List<Point> fivePts = new ArrayList<>(5);
        for (double[] p : five) {
            fivePts.add(new Point((float) p[0], (float) p[1]));
        }
        try (Mats m = new Mats()) {
            Mat aligned = m.add(Align.warp(bgr, five, alignMode, 112));
            Quality q = quality(bgr, d, five, aligned, o.quality());
            float live = o.liveness() ? models.liveness(bgr, d) : Float.NaN;
            Template t = null;
            if (o.template()) {
                float[] emb = models.embed(aligned, flipTta);
                if (models.hasSecondRecogniser()) {
                    Mat chip = m.add(Align.warpTo(bgr, five, Align.DLIB_CHIP_150, 150));
                    float[] emb2 = models.embed2(chip, flipTta2);
                    t = Template.ofMulti(pack.id(), pack.version(), List.of(emb, emb2), q.score());
                } else {
                    t = Template.of(pack.id(), pack.version(), emb, q.score());
                }
            }
            float x1 = Math.max(0, d.x1()), y1 = Math.max(0, d.y1());
            float x2 = Math.min(bgr.cols(), d.x2()), y2 = Math.min(bgr.rows(), d.y2());
            Box box = new Box(x1, y1, x2 - x1, y2 - y1, d.score());
            return new Face(box, lmPts, fivePts, q, live, t);
        }
    }

    static Quality quality(Mat bgr, Det d, double[][] five, Mat aligned, QualityLimits lim) {
        List<String> reasons = new ArrayList<>();
        double ex = five[1][0] - five[0][0], ey = five[1][1] - five[0][1];
        float eyeDist = (float) Math.hypot(ex, ey);
        float roll = (float) Math.toDegrees(Math.atan2(ey, ex));
        double mx = (five[0][0] + five[1][0]) / 2, my = (five[0][1] + five[1][1]) / 2;
        float yaw = eyeDist < 1e-3 ? 1f
                : (float) (((five[2][0] - mx) * ex + (five[2][1] - my) * ey) / eyeDist / (eyeDist / 2));
        float sharp;
        float bright;
        try (Mats m = new Mats()) {
            Mat grey = m.mat();
            Imgproc.cvtColor(aligned, grey, Imgproc.COLOR_BGR2GRAY);
            // central region only (avoid the black warp border)
            Mat centre = m.add(grey.submat(16, 104, 20, 92));
            Mat lap = m.mat();
            Imgproc.Laplacian(centre, lap, org.opencv.core.CvType.CV_64F);
            MatOfDouble mean = m.add(new MatOfDouble());
            MatOfDouble std = m.add(new MatOfDouble());
            Core.meanStdDev(lap, mean, std);
            sharp = (float) (std.get(0, 0)[0] * std.get(0, 0)[0]);
            bright = (float) Core.mean(centre).val[0];
        }
        float bw = d.x2() - d.x1(), bh = d.y2() - d.y1();
        float ecx = (d.x1() + d.x2()) / 2, ecy = (d.y1() + d.y2()) / 2;
        float ew = bw * 1.2f, eh = bh * 1.2f;
        float ix = Math.max(0, Math.min(bgr.cols(), ecx + ew / 2) - Math.max(0, ecx - ew / 2));
        float iy = Math.max(0, Math.min(bgr.rows(), ecy + eh / 2) - Math.max(0, ecy - eh / 2));
        float outside = 1f - (ix * iy) / (ew * eh);
        if (eyeDist < lim.minEyeDistance()) {
            reasons.add("too_small");
        }
        if (sharp < lim.minSharpness()) {
            reasons.add("blurred");
        }
        if (bright < lim.minBrightness()) {
            reasons.add("underexposed");
        }
        if (bright > lim.maxBrightness()) {
            reasons.add("overexposed");
        }
        if (Math.abs(yaw) > lim.maxYaw() || Math.abs(roll) > lim.maxRollDegrees()) {
            reasons.add("pose");
        }
        if (outside > lim.maxOutsideFrame()) {
            reasons.add("cut_by_frame");
        }
        float score = (float) (Math.min(1, eyeDist / 60.0) * Math.min(1, sharp / 100.0)
                * Math.max(0, 1 - Math.abs(yaw)) * Math.max(0, 1 - outside));
        return new Quality(reasons.isEmpty(), reasons, eyeDist, sharp, bright, yaw, roll,
                Math.max(0, Math.min(1, score)));
    }

    /**
     * The enrolment/verification entry point: exactly one subject (ALL: exactly one face; DOMINANT: one face or
     * one that clearly dominates, {@link FacePicker}; LARGEST/CENTER: the picked one), quality
     * passing, liveness at or above the pack threshold (if requested). Throws typed errors
     * NO_FACE_FOUND, MULTIPLE_FACES, FACE_TOO_SMALL, LOW_QUALITY, SPOOF_SUSPECTED.
     */
    public Face analyzeSingle(byte[] image, AnalyzeOptions o) {
        Analysis a = analyze(image, o);
        if (a.faces().isEmpty()) {
            throw new FaceEngineException(ErrorCode.NO_FACE_FOUND, "no face found");
        }
        if ((o.pick() == Pick.ALL || o.pick() == Pick.DOMINANT) && a.faces().size() > 1) {
            throw new FaceEngineException(ErrorCode.MULTIPLE_FACES, a.faces().size() + " faces found, expected one");
        }
        Face f = a.faces().get(0);
        Quality q = f.quality();
        if (!q.pass()) {
            ErrorCode c = q.reasons().equals(List.of("too_small")) ? ErrorCode.FACE_TOO_SMALL : ErrorCode.LOW_QUALITY;
            throw new FaceEngineException(c, "face quality check failed: " + q.reasons(), q.reasons(), null);
        }
        // fails closed: a NaN score (no liveness model, a broken output) is not "live"
        if (o.liveness() && !(f.liveness() >= livenessThreshold)) {
            throw new FaceEngineException(ErrorCode.SPOOF_SUSPECTED, Float.isNaN(f.liveness())
                    ? "no liveness score (the check fails closed)"
                    : String.format("liveness %.3f below %.3f", f.liveness(), livenessThreshold));
        }
        return f;
    }

    /**
     * Age / gender / expression estimates. Separate and explicit on purpose: call it only for
     * subjects who consented to analysis.
     */
    public List<Attributes> attributes(byte[] image, Pick pick) {
        if (!models.hasAttributes()) {
            throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "pack " + pack.id() + " has no attribute models");
        }
        Mat bgr = decoder.decode(image);
        try {
            List<Det> dets = pick(new ArrayList<>(models.detect(bgr)), AnalyzeOptions.defaults().withPick(pick),
                    bgr.cols(), bgr.rows());
            List<Attributes> out = new ArrayList<>();
            for (Det d : dets) {
                Faceplugin.RawAttributes r = models.attributes(bgr, d);
                List<Float> ex = new ArrayList<>();
                for (float v : r.expression()) {
                    ex.add(v);
                }
                float x1 = Math.max(0, d.x1()), y1 = Math.max(0, d.y1());
                out.add(new Attributes(new Box(x1, y1, Math.min(bgr.cols(), d.x2()) - x1,
                        Math.min(bgr.rows(), d.y2()) - y1, d.score()), r.age(), r.genderScore(), ex));
            }
            return out;
        } finally {
            bgr.release();
        }
    }

    /** Internal access for benchmarks and the CLI. */
    public Faceplugin models() {
        return models;
    }

    public Align.Mode alignMode() {
        return alignMode;
    }

    public boolean flipTta() {
        return flipTta;
    }

    @Override
    public void close() {
        models.close();
    }
}
