package io.consentry.face.cli;

import io.consentry.face.AnalyzeOptions;
import io.consentry.face.Analysis;
import io.consentry.face.EngineConfig;
import io.consentry.face.Face;
import io.consentry.face.FaceEngine;
import io.consentry.face.FaceEngineException;
import io.consentry.face.Pick;
import io.consentry.face.Template;
import io.consentry.face.pack.ModelPack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code java -jar face-engine/tools/target/face-engine-cli.jar <command>}; see face-engine/README.md. */
// scope INHERIT: every subcommand accepts --help (and --version) too.
@Command(name = "face-engine", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "consentry face-engine 0.1.0",
        description = "Consentry face engine tools: detect, embed, compare, eval, eval-liveness, make-spoofs, flip-tta, bench, verify-pack.",
        subcommands = {FaceCli.Detect.class, FaceCli.Embed.class, FaceCli.Compare.class, EvalCommand.class,
                LivenessCommands.EvalLiveness.class, LivenessCommands.MakeSpoofs.class, FlipTtaCommand.class,
                BenchCommand.class, FaceCli.VerifyPack.class})
public final class FaceCli {
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int rc = new CommandLine(new FaceCli())
                .setExecutionExceptionHandler((ex, cmd, parse) -> {
                    if (ex instanceof FaceEngineException fe) {
                        cmd.getErr().println("error " + fe.code().code() + ": " + fe.getMessage());
                        return 3;
                    }
                    throw ex;
                })
                .execute(args);
        System.exit(rc);
    }

    /** Options shared by the commands that load an engine. */
    public static class EngineOpts {
        @Option(names = "--pack", description = "model pack directory (default: -D" + FaceEngine.PACK_DIR_PROPERTY
                + ", $" + FaceEngine.PACK_DIR_ENV + ", or face-engine/target/model-packs/" + FaceEngine.DEFAULT_PACK_ID + ")")
        Path pack;

        @Option(names = "--alignment", description = "similarity5 (default from pack) or affine3")
        String alignment;

        @Option(names = "--flip-tta", arity = "1", description = "flip test-time augmentation true/false (default from pack)")
        Boolean flipTta;

        @Option(names = "--pick", defaultValue = "largest", description = "subject of a multi-face image: largest|center|all")
        String pick;

        @Option(names = "--cv-threads", description = "threads per call for OpenCV (process-wide) and each ONNX Runtime session; default "
                + EngineConfig.AUTO_THREADS + ", 0 = the libraries' own default = all cores")
        Integer cvThreads;

        @Option(names = "--backend", description = "inference runtime: onnx-runtime (default) or opencv-dnn (the reference)")
        String backend;

        public FaceEngine open() {
            Path p = pack != null ? pack : FaceEngine.defaultPackDir();
            return FaceEngine.load(p, EngineConfig.defaults().withAlignment(alignment).withFlipTta(flipTta)
                    .withOpencvThreads(cvThreads).withBackend(backend == null ? null : EngineConfig.parseBackend(backend)));
        }

        public Pick pick() {
            return Pick.valueOf(pick.toUpperCase());
        }
    }

    @Command(name = "detect", description = "Detect faces; print box, score, quality, liveness.")
    static class Detect implements Callable<Integer> {
        @CommandLine.Mixin
        EngineOpts eo;
        @Parameters(arity = "1..*")
        List<Path> images;

        @Override
        public Integer call() throws Exception {
            try (FaceEngine e = eo.open()) {
                AnalyzeOptions o = AnalyzeOptions.defaults().withPick(eo.pick == null ? Pick.ALL : eo.pick()).withTemplate(false);
                if ("largest".equals(eo.pick)) {
                    o = o.withPick(Pick.ALL);
                }
                for (Path img : images) {
                    try {
                        Analysis a = e.analyze(Files.readAllBytes(img), o);
                        System.out.printf("%s: %dx%d, %d face(s)%n", img, a.width(), a.height(), a.faces().size());
                        for (Face f : a.faces()) {
                            System.out.printf("  box=[%.0f,%.0f %.0fx%.0f] score=%.3f quality=%s %s eyes=%.0fpx sharp=%.0f bright=%.0f yaw=%.2f roll=%.1f liveness=%.3f%n",
                                    f.box().x(), f.box().y(), f.box().width(), f.box().height(), f.box().score(),
                                    f.quality().pass() ? "pass" : "fail", f.quality().reasons(), f.quality().faceSize(),
                                    f.quality().sharpness(), f.quality().brightness(), f.quality().yaw(),
                                    f.quality().roll(), f.liveness());
                        }
                    } catch (FaceEngineException ex) {
                        System.out.printf("%s: error %s (%s)%n", img, ex.code().code(), ex.getMessage());
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "embed", description = "Compute the template of the subject and write it (binary) to --out, or print base64.")
    static class Embed implements Callable<Integer> {
        @CommandLine.Mixin
        EngineOpts eo;
        @Parameters(index = "0")
        Path image;
        @Option(names = {"-o", "--out"})
        Path out;

        @Override
        public Integer call() throws Exception {
            try (FaceEngine e = eo.open()) {
                Face f = e.analyzeSingle(Files.readAllBytes(image),
                        AnalyzeOptions.defaults().withPick(eo.pick()).withQuality(io.consentry.face.QualityLimits.lenient()).withLiveness(false));
                byte[] b = f.template().toBytes();
                if (out != null) {
                    Files.write(out, b);
                    System.out.println("wrote " + b.length + " bytes to " + out);
                } else {
                    System.out.println(java.util.Base64.getEncoder().encodeToString(b));
                }
            }
            return 0;
        }
    }

    @Command(name = "compare", description = "Compare two images (or .tpl template files): cosine score and decision.")
    static class Compare implements Callable<Integer> {
        @CommandLine.Mixin
        EngineOpts eo;
        @Parameters(index = "0")
        Path a;
        @Parameters(index = "1")
        Path b;
        @Option(names = "--far", defaultValue = "0.001", description = "target false-accept rate")
        double far;

        @Override
        public Integer call() throws Exception {
            try (FaceEngine e = eo.open()) {
                Template ta = load(e, a), tb = load(e, b);
                var out = e.decision().decide(ta, tb, far);
                System.out.printf("score: %.4f%nthreshold@FAR %s: %.4f%ndecision: %s%n", out.score(), far,
                        out.threshold(), out.match() ? "match" : "no-match");
            }
            return 0;
        }

        private Template load(FaceEngine e, Path p) throws Exception {
            byte[] bytes = Files.readAllBytes(p);
            if (p.toString().endsWith(".tpl")) {
                return e.parseTemplate(bytes);
            }
            return e.analyzeSingle(bytes, AnalyzeOptions.defaults().withPick(eo.pick())
                    .withQuality(io.consentry.face.QualityLimits.lenient()).withLiveness(false)).template();
        }
    }

    @Command(name = "verify-pack", description = "Load a pack directory, verify every model's SHA-256, print the manifest summary.")
    static class VerifyPack implements Callable<Integer> {
        @Parameters(index = "0")
        Path dir;

        @Override
        public Integer call() {
            ModelPack p = ModelPack.load(dir);
            System.out.println("pack " + p.id() + " (" + p.family() + ") OK");
            System.out.println("licence: " + p.licence());
            System.out.println("provenance: " + p.provenance());
            p.models().values().forEach(m -> System.out.println("  " + m.role() + ": " + m.file().getFileName() + " sha256=" + m.sha256()));
            System.out.println("selectable thresholds: " + p.farThresholds() + "; provisional rates: " + p.provisionalFars());
            var id = p.identificationCalibration();
            System.out.println("identification: " + (id.calibrated() ? id.calibrationId() + ", target FPIRs " + id.targetFpirs()
                    + ", largest gallery within FNIR " + id.fnirCeiling() + ": " + id.targetFpirs().stream()
                    .map(f -> f + " -> " + id.largestGallerySize(f)).toList() : "not calibrated"));
            return 0;
        }
    }
}
