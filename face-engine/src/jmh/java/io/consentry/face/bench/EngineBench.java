package io.consentry.face.bench;

import io.consentry.face.AnalyzeOptions;
import io.consentry.face.EngineConfig;
import io.consentry.face.FaceEngine;
import io.consentry.face.InferenceBackend;
import io.consentry.face.Pick;
import io.consentry.face.model.Detection;
import io.consentry.face.model.FaceLandmarker;
import io.consentry.face.model.FaceModels;
import io.consentry.face.model.Recogniser;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Stages of the pipeline on a 640x480 photo (obama_1 resized), on each inference backend
 * ({@code -p backend=ONNX_RUNTIME} for one): the same pre- and post-processing, only the runtime differs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EngineBench {
    @Param({"ONNX_RUNTIME", "OPENCV_DNN"})
    String backend;

    FaceEngine engine;
    /** the same pack without flip TTA: the cost per frame that TTA adds */
    FaceEngine noTta;
    Mat img;
    byte[] jpeg;
    Detection det;
    Mat aligned;
    Mat mirror;
    AnalyzeOptions opts;
    /** the two-recogniser pack (null if not built) and a dlib chip of the same face */
    FaceEngine fused;
    Mat chip;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        EngineConfig config = EngineConfig.defaults().withBackend(InferenceBackend.valueOf(backend));
        engine = FaceEngine.load(FaceEngine.defaultPackDir(), config);
        noTta = FaceEngine.load(FaceEngine.defaultPackDir(), config.withFlipTta(false));
        String td = System.getProperty("consentry.testdata", "../../shared/testdata");
        Mat raw = engine.decode(Files.readAllBytes(Path.of(td, "faces", "obama_1.jpg")));
        img = new Mat();
        Imgproc.resize(raw, img, new Size(640, 480));
        raw.release();
        MatOfByte b = new MatOfByte();
        Imgcodecs.imencode(".jpg", img, b);
        jpeg = b.toArray();
        b.release();
        FaceModels m = engine.models();
        det = m.detector().detect(img).get(0);
        double[][] five = FaceLandmarker.fivePoints(m.landmarker().landmarks(img, det));
        aligned = m.primaryRecogniser().align(img, five);
        mirror = new Mat();
        Core.flip(aligned, mirror, 1);
        opts = AnalyzeOptions.defaults().withPick(Pick.LARGEST);
        Path fusedDir = Path.of(System.getProperty("consentry.fused.pack-dir",
                engine.pack().dir().resolveSibling("faceplugin-dlib-0.1").toString()));
        if (Files.isDirectory(fusedDir)) {
            fused = FaceEngine.load(fusedDir, config);
            chip = dlib().align(img, five);
        }
    }

    Recogniser dlib() {
        return fused.models().recognisers().get(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        img.release();
        aligned.release();
        mirror.release();
        engine.close();
        noTta.close();
        if (fused != null) {
            chip.release();
            fused.close();
        }
    }

    @Benchmark
    public Mat decodeJpeg640x480() {
        Mat m = engine.decode(jpeg);
        m.release();
        return m;
    }

    @Benchmark
    public Object detect() {
        return engine.models().detector().detect(img);
    }

    @Benchmark
    public float[] landmarks() {
        return engine.models().landmarker().landmarks(img, det);
    }

    /** the face and its mirror as one batch of two */
    @Benchmark
    public float[] embedFlipTta() {
        return engine.models().primaryRecogniser().embed(aligned, true);
    }

    /** the same work as two batch-1 calls: what batching saves */
    @Benchmark
    public float[] embedFlipTtaAsTwoCalls() {
        float[] a = engine.models().primaryRecogniser().embed(aligned, false);
        float[] b = engine.models().primaryRecogniser().embed(mirror, false);
        a[0] += b[0];
        return a;
    }

    @Benchmark
    public float[] embedSingle() {
        return engine.models().primaryRecogniser().embed(aligned, false);
    }

    @Benchmark
    public float liveness() {
        return engine.models().liveness().orElseThrow().liveProbability(img, det);
    }

    /** the second recogniser of the fused pack (dlib ResNet, 150x150 chip): the per-face cost of fusion */
    @Benchmark
    public float[] embedDlibConverted() {
        return fused == null ? null : dlib().embed(chip, false);
    }

    @Benchmark
    @Threads(1)
    public Object pipelineFused1Thread() {
        return fused == null ? null : fused.analyze(img, opts);
    }

    @Benchmark
    @Threads(1)
    public Object pipeline1Thread() {
        return engine.analyze(img, opts);
    }

    /** without flip TTA: the difference to pipeline1Thread is what TTA costs per frame */
    @Benchmark
    @Threads(1)
    public Object pipelineNoTta1Thread() {
        return noTta.analyze(img, opts);
    }

    /** liveness not requested: the model is not run */
    @Benchmark
    @Threads(1)
    public Object pipelineNoLiveness1Thread() {
        return engine.analyze(img, opts.withLiveness(false));
    }

    @Benchmark
    @Threads(Threads.MAX)
    public Object pipelineAllCores() {
        return engine.analyze(img, opts);
    }

    @Benchmark
    @Threads(1)
    public Object pipelineFromJpeg1Thread() {
        return engine.analyze(jpeg, opts);
    }
}
