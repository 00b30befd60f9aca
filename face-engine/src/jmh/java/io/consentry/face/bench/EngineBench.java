package io.consentry.face.bench;

import io.consentry.face.AnalyzeOptions;
import io.consentry.face.FaceEngine;
import io.consentry.face.Pick;
import io.consentry.face.internal.Align;
import io.consentry.face.internal.Faceplugin;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Stages of the pipeline on a 640x480 photo (obama_1 resized). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EngineBench {
    FaceEngine engine;
    Mat img;
    byte[] jpeg;
    Faceplugin.Det det;
    Mat aligned;
    AnalyzeOptions opts;
    /** the two-recogniser pack (null if not built) and a dlib chip of the same face */
    FaceEngine fused;
    Mat chip;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        engine = FaceEngine.load(FaceEngine.defaultPackDir());
        String td = System.getProperty("consentry.testdata", "../../shared/testdata");
        Mat raw = engine.decode(Files.readAllBytes(Path.of(td, "faces", "obama_1.jpg")));
        img = new Mat();
        Imgproc.resize(raw, img, new Size(640, 480));
        raw.release();
        MatOfByte b = new MatOfByte();
        Imgcodecs.imencode(".jpg", img, b);
        jpeg = b.toArray();
        b.release();
        det = engine.models().detect(img).get(0);
        float[] lm = engine.models().landmarks68(img, det);
        aligned = Align.warp(img, Faceplugin.fivePoints(lm), Align.Mode.SIMILARITY5, 112);
        opts = AnalyzeOptions.defaults().withPick(Pick.LARGEST);
        Path fusedDir = Path.of(System.getProperty("consentry.fused.pack-dir",
                engine.pack().dir().resolveSibling("faceplugin-dlib-0.1").toString()));
        if (Files.isDirectory(fusedDir)) {
            fused = FaceEngine.load(fusedDir);
            chip = Align.warpTo(img, Faceplugin.fivePoints(lm), Align.DLIB_CHIP_150, 150);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        img.release();
        aligned.release();
        engine.close();
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
        return engine.models().detect(img);
    }

    @Benchmark
    public float[] landmarks() {
        return engine.models().landmarks68(img, det);
    }

    @Benchmark
    public float[] embedFlipTta() {
        return engine.models().embed(aligned, true);
    }

    @Benchmark
    public float[] embedSingle() {
        return engine.models().embed(aligned, false);
    }

    @Benchmark
    public float liveness() {
        return engine.models().liveness(img, det);
    }

    /** the second recogniser of the fused pack (dlib ResNet, 150x150 chip): the per-face cost of fusion */
    @Benchmark
    public float[] embedDlibConverted() {
        return fused == null ? null : fused.models().embed2(chip, false);
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
