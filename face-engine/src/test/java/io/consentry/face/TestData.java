package io.consentry.face;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Locates shared test data and the built pack (both overridable by system properties), and embeds lfw-dev images.
 * Public because the tools module's tests (face-engine/tools) use it through this module's test jar.
 */
public final class TestData {
    private static FaceEngine engine;

    private TestData() {
    }

    /** {@code -Dconsentry.testdata}, default ../../shared/testdata relative to the module dir. */
    public static Path root() {
        String p = System.getProperty("consentry.testdata");
        Path r = p != null && !p.isBlank() ? Path.of(p) : Path.of("../../shared/testdata");
        // Missing data fails the run instead of skipping: a suite that silently skips its real-photo tests proves nothing.
        if (!Files.isDirectory(r)) {
            throw new IllegalStateException("test data not found at " + r.toAbsolutePath() + " (set -Dconsentry.testdata)");
        }
        return r;
    }

    public static Path faces() {
        return root().resolve("faces");
    }

    public static Path lfw() {
        return root().resolve("lfw-dev");
    }

    public static byte[] face(String name) {
        return read(faces().resolve(name));
    }

    public static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** lfw-dev's pairs.csv rows after the header: {@code image_a, image_b, same, fold}. */
    public static List<String[]> lfwPairs() throws IOException {
        List<String> lines = Files.readAllLines(lfw().resolve("pairs.csv"));
        List<String[]> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            out.add(l.split(","));
        }
        return out;
    }

    /**
     * The images ({@code images/<identity>/<file>}) of the lfw-dev identities in {@code fold} of the first 3,000 pairs,
     * identities in order of first appearance (an identity in pairs of two folds belongs to the later one), files
     * sorted.
     */
    public static List<String> lfwImagesOfFold(int fold) throws IOException {
        Map<String, Integer> folds = new LinkedHashMap<>();
        for (String line : Files.readAllLines(lfw().resolve("pairs.csv")).subList(1, 3001)) {
            String[] f = line.split(",");
            folds.put(f[0].split("/")[1], Integer.parseInt(f[3]));
            folds.put(f[1].split("/")[1], Integer.parseInt(f[3]));
        }
        List<String> images = new ArrayList<>();
        for (Map.Entry<String, Integer> e : folds.entrySet()) {
            if (e.getValue() != fold) {
                continue;
            }
            try (Stream<Path> s = Files.list(lfw().resolve("images").resolve(e.getKey()))) {
                for (Path p : s.sorted().toList()) {
                    images.add("images/" + e.getKey() + "/" + p.getFileName());
                }
            }
        }
        return images;
    }

    /** Templates of the subject (face nearest the centre, lenient quality, no liveness) of lfw-dev images; faceless ones are left out. */
    public static Map<String, Template> embed(FaceEngine e, List<String> images) throws Exception {
        Map<String, Template> out = new ConcurrentHashMap<>();
        ExecutorService ex = Executors.newFixedThreadPool(2);
        List<Future<?>> fs = new ArrayList<>();
        Path base = lfw();
        for (String img : images) {
            fs.add(ex.submit(() -> {
                Analysis a = e.analyze(read(base.resolve(img)),
                        AnalyzeOptions.defaults().withPick(Pick.CENTER).withLiveness(false).withQuality(QualityLimits.lenient()));
                if (!a.faces().isEmpty()) {
                    out.put(img, a.faces().get(0).template());
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        ex.shutdown();
        return out;
    }

    public static Path packDir() {
        String p = System.getProperty(FaceEngine.PACK_DIR_PROPERTY);
        return p != null ? Path.of(p) : Path.of("target/model-packs/" + FaceEngine.DEFAULT_PACK_ID);
    }

    /** One shared engine for the whole test JVM (loading verifies ~40 MB of hashes). */
    public static synchronized FaceEngine engine() {
        if (engine == null) {
            engine = FaceEngine.load(packDir());
        }
        return engine;
    }
}
