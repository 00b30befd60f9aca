package io.consentry.face;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The child process of {@link NativeMemoryTest}: analyses a rotation of test photos (full pipeline with liveness and
 * flip TTA, error paths, the attribute models now and then) and prints the resident set size at checkpoints.
 * Run with a fixed, pre-touched heap so that RSS growth can only be native memory.
 *
 * <pre>java -Xms128m -Xmx128m -XX:+AlwaysPreTouch -XX:+UseSerialGC -cp ... io.consentry.face.NativeMemorySoak
 *      IMAGES PACK_DIR FACES_DIR</pre>
 */
public final class NativeMemorySoak {
    private NativeMemorySoak() {
    }

    static long rssKb() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    public static void main(String[] args) throws Exception {
        int images = Integer.parseInt(args[0]);
        Path faces = Path.of(args[2]);
        List<byte[]> photos = List.of(Files.readAllBytes(faces.resolve("obama_1.jpg")),
                Files.readAllBytes(faces.resolve("multi_two_people.jpg")), Files.readAllBytes(faces.resolve("biden_2.jpg")),
                Files.readAllBytes(faces.resolve("obama_6_240p.jpg")), Files.readAllBytes(faces.resolve("partial_obama_1.jpg")));
        int every = Math.max(1, images / 20);
        try (FaceEngine engine = FaceEngine.load(Path.of(args[1]))) {
            // the largest face of each photo is the one granted for attributes
            AttributeAuthority authority = engine.claimAttributeAuthority();
            List<AttributeGrant> grants = new java.util.ArrayList<>();
            for (byte[] photo : photos) {
                Box largest = engine.analyze(photo, AnalyzeOptions.defaults().withPick(Pick.LARGEST).withLiveness(false)
                        .withTemplate(false)).faces().get(0).box();
                grants.add(authority.grant(largest, "soak"));
            }
            for (int i = 1; i <= images; i++) {
                byte[] img = photos.get(i % photos.size());
                try {
                    engine.analyzeSingle(img, AnalyzeOptions.defaults().withPick(i % 2 == 0 ? Pick.ALL : Pick.LARGEST));
                } catch (FaceEngineException expected) {
                    // multiple faces, cut by the frame: the error paths must release what they allocated too
                }
                if (i % 10 == 0) {
                    engine.attributes(img, grants.get(i % photos.size()));
                }

                if (i % every == 0 || i == 1) {
                    System.out.printf(Locale.ROOT, "rss %d %d%n", i, rssKb());
                }
            }
        }
    }
}
