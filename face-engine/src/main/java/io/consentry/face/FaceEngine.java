package io.consentry.face;

import io.consentry.face.image.ImageDecoder;
import io.consentry.face.internal.Align;
import io.consentry.face.internal.Mats;
import io.consentry.face.model.AttributeModels;
import io.consentry.face.model.Detection;
import io.consentry.face.model.DlibRecogniser;
import io.consentry.face.model.FaceLandmarker;
import io.consentry.face.model.FaceModels;
import io.consentry.face.model.FeatureRecogniser;
import io.consentry.face.model.Recogniser;
import io.consentry.face.pack.ModelPack;
import io.consentry.face.runtime.InferenceRuntime;
import org.opencv.core.Core;
import org.opencv.core.Mat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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
    private final FaceModels models;
    private final boolean[] flipTta;
    private final float livenessThreshold;
    private final Decision decision;
    /** Opens the attribute models when the first granted estimate needs them. */
    private final InferenceRuntime runtime;
    private final ReentrantReadWriteLock attributeLock = new ReentrantReadWriteLock();
    private AttributeModels attributeModels; // guarded by attributeLock
    private AttributeAuthority attributeAuthority; // guarded by this

    /**
     * An engine over models already opened (tests inject wrapped runners this way); it owns and closes them.
     * {@link #load(Path, EngineConfig)} is the way in for everyone else.
     */
    FaceEngine(ModelPack pack, EngineConfig config, FaceModels models) {
        this(pack, config, models, InferenceRuntime.of(config.effectiveBackend(), config.effectiveOpencvThreads()));
    }

    private FaceEngine(ModelPack pack, EngineConfig config, FaceModels models, InferenceRuntime runtime) {
        io.consentry.face.internal.OpenCv.load();
        this.runtime = runtime;
        this.pack = pack;
        this.config = config;
        this.decoder = new ImageDecoder(config.limits());
        this.models = models;
        try {
            // flip TTA per recogniser: model.embed.flip-tta, model.embed2.flip-tta; the config overrides both
            this.flipTta = new boolean[models.recognisers().size()];
            for (int i = 0; i < flipTta.length; i++) {
                String key = "model." + (i == 0 ? FeatureRecogniser.ROLE : DlibRecogniser.ROLE) + ".flip-tta";
                flipTta[i] = config.flipTta() != null ? config.flipTta() : Boolean.parseBoolean(pack.property(key, "false"));
            }
            this.livenessThreshold = pack.floatProperty("model.liveness.threshold", 0.5f);
            Decision.Fusion fusion = pack.fusion();
            boolean fused = models.recognisers().size() > 1;
            if (fused && (fusion == null || fusion.weight().length != models.recognisers().size())) {
                throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "pack " + pack.id() + " has "
                        + models.recognisers().size() + " recognisers but no matching fusion.* parameters");
            }
            this.decision = Decision.of(pack, fused);
        } catch (RuntimeException e) {
            models.close();
            throw e;
        }
    }

    /** Loads (and SHA-256-verifies) the pack in {@code packDir} with default settings. */
    public static FaceEngine load(Path packDir) {
        return load(packDir, EngineConfig.defaults());
    }

    public static FaceEngine load(Path packDir, EngineConfig config) {
        ModelPack pack = ModelPack.load(packDir);
        io.consentry.face.internal.OpenCv.load();
        int threads = config.effectiveOpencvThreads();
        if (threads > 0) {
            // process-wide in OpenCV: the last engine loaded wins (one engine per JVM is the rule)
            Core.setNumThreads(threads);
        }
        InferenceRuntime runtime = InferenceRuntime.of(config.effectiveBackend(), threads);
        return new FaceEngine(pack, config, FaceModels.load(pack, runtime, config.poolSize(), config.alignment()), runtime);
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

    /** A new, empty 1:N gallery for this engine's templates (it ranks by the primary recogniser's vector). */
    public Gallery newGallery() {
        return new Gallery(pack.id(), models.primaryRecogniser().dimension());
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
        return analyze(bgr, o, false);
    }

    /**
     * {@link #analyze(byte[], AnalyzeOptions)} for a decision ({@link #analyzeSingle}): a face that fails the quality
     * gate gets no liveness score and no template, a face below the liveness threshold gets no template, because the
     * decision is then an error that neither can change.
     */
    private Analysis analyzeForDecision(byte[] image, AnalyzeOptions o) {
        Mat bgr = decoder.decode(image);
        try {
            return analyze(bgr, o, true);
        } finally {
            bgr.release();
        }
    }

    private Analysis analyze(Mat bgr, AnalyzeOptions o, boolean forDecision) {
        List<Detection> dets;
        try {
            dets = new ArrayList<>(models.detector().detect(bgr));
            dets = pick(dets, o, bgr.cols(), bgr.rows());
            List<Face> faces = new ArrayList<>(dets.size());
            for (Detection d : dets) {
                faces.add(face(bgr, d, o, forDecision));
            }
            return new Analysis(bgr.cols(), bgr.rows(), faces);
        } catch (FaceEngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "analysis failed: " + e, e);
        }
    }

    /** The faces to analyse, chosen by {@link FacePicker} on the visible (frame-clipped) boxes. */
    static List<Detection> pick(List<Detection> dets, AnalyzeOptions o, int w, int h) {
        List<Box> boxes = new ArrayList<>(dets.size());
        for (Detection d : dets) {
            float x1 = Math.max(0, d.x1()), y1 = Math.max(0, d.y1());
            boxes.add(new Box(x1, y1, Math.max(0, Math.min(w, d.x2()) - x1), Math.max(0, Math.min(h, d.y2()) - y1), d.score()));
        }
        List<Detection> picked = new ArrayList<>();
        for (int i : FacePicker.pick(boxes, w, h, o.pick())) {
            picked.add(dets.get(i));
        }
        return picked.size() > o.maxFaces() ? picked.subList(0, o.maxFaces()) : picked;
    }

    private Face face(Mat bgr, Detection d, AnalyzeOptions o, boolean forDecision) {
        float[] lm = models.landmarker().landmarks(bgr, d);
        double[][] five = FaceLandmarker.fivePoints(lm);
        List<Point> lmPts = new ArrayList<>(FaceLandmarker.POINTS);
        for (int i = 0; i < FaceLandmarker.POINTS; i++) {
            lmPts.add(new Point(lm[2 * i], lm[2 * i + 1]));
        }
        List<Point> fivePts = new ArrayList<>(5);
        for (double[] p : five) {
            fivePts.add(new Point((float) p[0], (float) p[1]));
        }
        Recogniser primary = models.primaryRecogniser();
        try (Mats m = new Mats()) {
            // the primary recogniser's aligned face is also what the quality gate measures
            Mat aligned = m.add(primary.align(bgr, five));
            Quality q = QualityGate.assess(d, five, aligned, bgr.cols(), bgr.rows(), o.quality());
            boolean decided = forDecision && !q.pass();
            float live = o.liveness() && !decided ? liveness(bgr, d) : Float.NaN;
            decided |= forDecision && o.liveness() && live < livenessThreshold;
            Template t = o.template() && !decided ? template(bgr, five, aligned, q, o.flipTta(), m) : null;
            return new Face(d.clippedBox(bgr.cols(), bgr.rows()), lmPts, fivePts, q, live, t);
        }
    }

    private float liveness(Mat bgr, Detection d) {
        return models.liveness().map(l -> l.liveProbability(bgr, d)).orElse(Float.NaN);
    }

    /**
     * One vector per recogniser; each recogniser aligns the face its own way (the primary's is already done).
     *
     * @param tta this call's flip-TTA choice, null = the engine's per recogniser
     */
    private Template template(Mat bgr, double[][] five, Mat alignedForPrimary, Quality q, Boolean tta, Mats m) {
        List<Recogniser> rs = models.recognisers();
        List<float[]> vectors = new ArrayList<>(rs.size());
        for (int i = 0; i < rs.size(); i++) {
            Mat in = i == 0 ? alignedForPrimary : m.add(rs.get(i).align(bgr, five));
            vectors.add(rs.get(i).embed(in, tta != null ? tta : flipTta[i]));
        }
        return vectors.size() == 1 ? Template.of(pack.id(), pack.version(), vectors.get(0), q.score())
                : Template.ofMulti(pack.id(), pack.version(), vectors, q.score());
    }

    /**
     * The enrolment/verification entry point: exactly one subject (ALL: exactly one face; DOMINANT: one face or
     * one that clearly dominates, {@link FacePicker}; LARGEST/CENTER: the picked one), quality
     * passing, liveness at or above the pack threshold (if requested). Throws typed errors
     * NO_FACE_FOUND, MULTIPLE_FACES, FACE_TOO_SMALL, LOW_QUALITY, SPOOF_SUSPECTED.
     */
    public Face analyzeSingle(byte[] image, AnalyzeOptions o) {
        Analysis a = analyzeForDecision(image, o);
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
     * Hands out this engine's {@link AttributeAuthority}, once: whoever claims it (the consent enforcement point) is the
     * only one who can have attributes estimated.
     *
     * @throws IllegalStateException if it was claimed before
     */
    public synchronized AttributeAuthority claimAttributeAuthority() {
        if (attributeAuthority != null) {
            throw new IllegalStateException("the attribute authority of this engine was claimed already");
        }
        attributeAuthority = new AttributeAuthority(this);
        return attributeAuthority;
    }

    /**
     * Age, gender score and expression of the one face {@code grant} allows, found in {@code image} at the granted
     * box (the detection overlapping it most, by at least {@link #MIN_GRANT_OVERLAP} intersection over union). Other
     * faces in the image are not estimated. The attribute models are loaded by the first call, not before
     * ({@link #attributeModelsLoaded()}).
     *
     * @throws IllegalArgumentException if another engine's authority issued the grant
     * @throws FaceEngineException      {@code no_face_found} if no face lies at the granted box; image errors; {@code
     *                                  invalid_model_pack} if the pack has no attribute models
     */
    public Attributes attributes(byte[] image, AttributeGrant grant) {
        if (grant == null || !grant.issuer().issuedBy(this)) {
            throw new IllegalArgumentException("attributes need a grant from this engine's attribute authority");
        }
        if (!AttributeModels.declaredBy(pack)) {
            throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "pack " + pack.id() + " has no attribute models");
        }
        Mat bgr = decoder.decode(image);
        try {
            Detection granted = grantedFace(models.detector().detect(bgr), grant.face(), bgr.cols(), bgr.rows());
            AttributeModels attributeModels = acquireAttributeModels();
            try {
                return attributeModels.estimate(bgr, granted);
            } finally {
                attributeLock.readLock().unlock();
            }
        } finally {
            bgr.release();
        }
    }

    /** A granted box and a fresh detection of the same face overlap almost fully; a neighbour's face does not. */
    static final float MIN_GRANT_OVERLAP = 0.5f;

    private static Detection grantedFace(List<Detection> detections, Box granted, int width, int height) {
        Detection best = null;
        float bestOverlap = MIN_GRANT_OVERLAP;
        for (Detection d : detections) {
            float overlap = d.clippedBox(width, height).overlap(granted);
            if (overlap >= bestOverlap) {
                best = d;
                bestOverlap = overlap;
            }
        }
        if (best == null) {
            throw new FaceEngineException(ErrorCode.NO_FACE_FOUND, "no face at the granted box in this image");
        }
        return best;
    }

    /** The attribute models with the read lock held (the caller unlocks); opens them first if they are not open. */
    private AttributeModels acquireAttributeModels() {
        attributeLock.readLock().lock();
        if (attributeModels != null) {
            return attributeModels;
        }
        attributeLock.readLock().unlock();
        attributeLock.writeLock().lock();
        try {
            if (attributeModels == null) {
                attributeModels = AttributeModels.open(pack, runtime, config.poolSize());
            }
            attributeLock.readLock().lock(); // downgrade: keep them open for this call
            return attributeModels;
        } finally {
            attributeLock.writeLock().unlock();
        }
    }

    /** Whether the attribute models are in memory (they are opened by the first granted estimate). */
    public boolean attributeModelsLoaded() {
        attributeLock.readLock().lock();
        try {
            return attributeModels != null;
        } finally {
            attributeLock.readLock().unlock();
        }
    }

    /**
     * Closes the attribute models (after running estimates finish) when nobody uses the purpose any more; the next
     * granted estimate opens them again. Returns whether they were open.
     */
    public boolean unloadAttributeModels() {
        attributeLock.writeLock().lock();
        try {
            if (attributeModels == null) {
                return false;
            }
            attributeModels.close();
            attributeModels = null;
            return true;
        } finally {
            attributeLock.writeLock().unlock();
        }
    }

    /** The pack's models behind their wrappers, for benchmarks and tools. */
    public FaceModels models() {
        return models;
    }

    /** The primary recogniser's alignment (similarity5 unless overridden). */
    public Align.Mode alignMode() {
        return models.primaryRecogniser() instanceof FeatureRecogniser f ? f.alignment() : Align.Mode.SIMILARITY5;
    }

    /** Whether the primary recogniser runs with flip test-time augmentation (pack {@code model.embed.flip-tta}, or the config). */
    public boolean flipTta() {
        return flipTta[0];
    }

    /** The inference runtime this engine runs on. */
    public InferenceBackend backend() {
        return config.effectiveBackend();
    }

    @Override
    public void close() {
        try {
            unloadAttributeModels();
        } finally {
            models.close();
        }
    }
}
