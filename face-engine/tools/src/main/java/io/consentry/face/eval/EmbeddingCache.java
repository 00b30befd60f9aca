package io.consentry.face.eval;

import io.consentry.face.Analysis;
import io.consentry.face.AnalyzeOptions;
import io.consentry.face.Box;
import io.consentry.face.Face;
import io.consentry.face.FaceEngine;
import io.consentry.face.FaceEngineException;
import io.consentry.face.Pick;
import io.consentry.face.QualityLimits;
import io.consentry.face.Template;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every face of every image of an evaluation set, analysed once per pack and kept in a file, so that scoring millions
 * of pairs, re-running a cross-validation or trying another face-picking rule costs seconds instead of an embedding
 * pass. Each image keeps all detected faces (largest first, up to 10) with box, detector score, quality verdict under
 * the gate's default limits and the template; the picking rule is applied later ({@link FaceRecord}s keep the boxes).
 *
 * <p>The file holds templates of the set's people: it is written under a cache directory (by default
 * {@code ~/.cache/consentry/eval}), never into the repository, and nothing of it is logged. A file made with another
 * pack, engine setting or image list is recomputed rather than reused ({@link #key}).
 */
public final class EmbeddingCache {
    private static final int MAGIC = 0x43454D42; // "CEMB"
    private static final int VERSION = 1;

    /** One detected face. */
    public record FaceRecord(Box box, boolean qualityPass, String qualityReasons, Template template) {
    }

    /** One image: its size, the faces found (largest first), or the error that stopped the analysis. */
    public record ImageRecord(String path, int width, int height, String error, List<FaceRecord> faces) {
        public boolean failed() {
            return error != null && !error.isEmpty();
        }
    }

    private EmbeddingCache() {
    }

    /** What must match for a cache file to be reused: pack, engine settings that change templates, and the image list. */
    public static String key(FaceEngine engine, IdentityImages set) {
        return "pack=" + engine.pack().id() + ":" + engine.pack().version() + ";align=" + engine.alignMode()
                + ";flipTta=" + engine.flipTta() + ";quality=defaults;faces=all;root=" + set.root().toAbsolutePath().normalize()
                + ";images=" + set.images().size() + ";hash=" + Integer.toHexString(set.images().hashCode());
    }

    public static Path defaultFile(FaceEngine engine, IdentityImages set) {
        String name = engine.pack().id() + "-" + Integer.toHexString(key(engine, set).hashCode()) + ".emb";
        return Path.of(System.getProperty("user.home"), ".cache", "consentry", "eval", name);
    }

    /** Reads the cache file when it was made for the same key, else analyses every image and writes it. */
    public static List<ImageRecord> load(FaceEngine engine, IdentityImages set, Path file, int threads, PrintStream progress)
            throws Exception {
        String key = key(engine, set);
        if (Files.isRegularFile(file)) {
            List<ImageRecord> cached = read(file, key, engine.pack().id());
            if (cached != null) {
                progress.printf(Locale.ROOT, "[eval] embeddings of %d images read from %s%n", cached.size(), file);
                return cached;
            }
            progress.println("[eval] cache " + file + " was made for another pack, setting or image list: recomputing");
        }
        List<ImageRecord> records = analyse(engine, set, threads, progress);
        write(file, key, records);
        progress.println("[eval] embeddings cached in " + file);
        return records;
    }

    static List<ImageRecord> analyse(FaceEngine engine, IdentityImages set, int threads, PrintStream progress) throws Exception {
        AnalyzeOptions opts = AnalyzeOptions.defaults().withPick(Pick.ALL).withLiveness(false).withQuality(QualityLimits.defaults());
        ImageRecord[] out = new ImageRecord[set.size()];
        ExecutorService ex = Executors.newFixedThreadPool(threads);
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        int step = Math.max(1, set.size() / 20);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                int idx = i;
                fs.add(ex.submit(() -> {
                    out[idx] = analyseOne(engine, set.root(), set.images().get(idx), opts);
                    int d = done.incrementAndGet();
                    if (d % step == 0 || d == set.size()) {
                        double el = (System.nanoTime() - t0) / 1e9;
                        progress.printf(Locale.ROOT, "[eval] %d/%d images, %.1f img/s, ETA %.0fs%n", d, set.size(), d / el,
                                (set.size() - d) / (d / el));
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            ex.shutdown();
        }
        return List.of(out);
    }

    static ImageRecord analyseOne(FaceEngine engine, Path root, String image, AnalyzeOptions opts) {
        try {
            Analysis a = engine.analyze(Files.readAllBytes(root.resolve(image)), opts);
            List<FaceRecord> faces = new ArrayList<>();
            for (Face f : a.faces()) {
                faces.add(new FaceRecord(f.box(), f.quality().pass(), String.join(" ", f.quality().reasons()), f.template()));
            }
            return new ImageRecord(image, a.width(), a.height(), faces.isEmpty() ? "no_face_found" : null, faces);
        } catch (FaceEngineException e) {
            return new ImageRecord(image, 0, 0, e.code().code(), List.of());
        } catch (IOException e) {
            return new ImageRecord(image, 0, 0, "unreadable", List.of());
        }
    }

    static void write(Path file, String key, List<ImageRecord> records) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(key);
            out.writeInt(records.size());
            for (ImageRecord r : records) {
                out.writeUTF(r.path());
                out.writeInt(r.width());
                out.writeInt(r.height());
                out.writeUTF(r.error() == null ? "" : r.error());
                out.writeInt(r.faces().size());
                for (FaceRecord f : r.faces()) {
                    Box b = f.box();
                    out.writeFloat(b.x());
                    out.writeFloat(b.y());
                    out.writeFloat(b.width());
                    out.writeFloat(b.height());
                    out.writeFloat(b.score());
                    out.writeBoolean(f.qualityPass());
                    out.writeUTF(f.qualityReasons());
                    byte[] t = f.template().toBytes();
                    out.writeInt(t.length);
                    out.write(t);
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The records, or null when the file was made for another key. */
    static List<ImageRecord> read(Path file, String key, String packId) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION || !in.readUTF().equals(key)) {
                return null;
            }
            int n = in.readInt();
            List<ImageRecord> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String path = in.readUTF();
                int w = in.readInt(), h = in.readInt();
                String error = in.readUTF();
                int nf = in.readInt();
                List<FaceRecord> faces = new ArrayList<>(nf);
                for (int j = 0; j < nf; j++) {
                    Box b = new Box(in.readFloat(), in.readFloat(), in.readFloat(), in.readFloat(), in.readFloat());
                    boolean pass = in.readBoolean();
                    String reasons = in.readUTF();
                    byte[] t = new byte[in.readInt()];
                    in.readFully(t);
                    faces.add(new FaceRecord(b, pass, reasons, Template.parse(t, packId)));
                }
                out.add(new ImageRecord(path, w, h, error.isEmpty() ? null : error, faces));
            }
            return out;
        }
    }
}
