package io.consentry.face.eval;

import io.consentry.face.Template;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores of image pairs of an identity set: every cross-identity (impostor) pair — or, above {@code maxImpostors},
 * a uniform sample of them — and every same-identity (genuine) pair, each tagged with the folds of its two identities
 * so that a cross-validation can take the pairs of the training identities and of the held-out ones without rescoring.
 * A pair with a refused image scores {@link #REJECT} (a reject: it counts, it is never dropped).
 */
public final class PairScores {
    /** Score of a pair in which one image has no template. */
    public static final float REJECT = Float.NEGATIVE_INFINITY;

    /** Scores two templates with the pack's decision score. */
    public interface Scorer {
        float score(Template a, Template b);
    }

    private final float[] impostor;
    private final byte[] impostorFoldA;
    private final byte[] impostorFoldB;
    private final float[] genuine;
    private final byte[] genuineFold;
    private final boolean sampled;

    private PairScores(float[] impostor, byte[] fa, byte[] fb, float[] genuine, byte[] gf, boolean sampled) {
        this.impostor = impostor;
        this.impostorFoldA = fa;
        this.impostorFoldB = fb;
        this.genuine = genuine;
        this.genuineFold = gf;
        this.sampled = sampled;
    }

    public static PairScores of(IdentityImages set, Template[] templates, Scorer scorer, long maxImpostors, int threads,
                                long seed) throws Exception {
        int n = set.size();
        int[] id = set.identityOf();
        long genuineCount = 0;
        for (int[] imgs : set.imagesByIdentity()) {
            genuineCount += (long) imgs.length * (imgs.length - 1) / 2;
        }
        long all = (long) n * (n - 1) / 2 - genuineCount;
        float[] gen = new float[Math.toIntExact(genuineCount)];
        byte[] gf = new byte[gen.length];
        int g = 0;
        for (int[] imgs : set.imagesByIdentity()) {
            for (int a = 0; a < imgs.length; a++) {
                for (int b = a + 1; b < imgs.length; b++) {
                    gen[g] = score(scorer, templates[imgs[a]], templates[imgs[b]]);
                    gf[g++] = (byte) set.fold(imgs[a]);
                }
            }
        }
        if (all <= maxImpostors) {
            float[] imp = new float[Math.toIntExact(all)];
            byte[] fa = new byte[imp.length], fb = new byte[imp.length];
            // row i holds pairs (i, j > i) of different identities; rows are scored in parallel into their own slots
            long[] rowStart = new long[n + 1];
            for (int i = 0; i < n; i++) {
                int cross = 0;
                for (int j = i + 1; j < n; j++) {
                    if (id[j] != id[i]) {
                        cross++;
                    }
                }
                rowStart[i + 1] = rowStart[i] + cross;
            }
            ExecutorService ex = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    fs.add(ex.submit(() -> {
                        for (int i = first; i < n; i += threads) {
                            int k = (int) rowStart[i];
                            for (int j = i + 1; j < n; j++) {
                                if (id[j] == id[i]) {
                                    continue;
                                }
                                imp[k] = score(scorer, templates[i], templates[j]);
                                fa[k] = (byte) set.fold(i);
                                fb[k++] = (byte) set.fold(j);
                            }
                        }
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            } finally {
                ex.shutdown();
            }
            return new PairScores(imp, fa, fb, gen, gf, false);
        }
        int m = Math.toIntExact(maxImpostors);
        float[] imp = new float[m];
        byte[] fa = new byte[m], fb = new byte[m];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 0; k < m; ) {
            int i = rnd.nextInt(n), j = rnd.nextInt(n);
            if (id[i] == id[j]) {
                continue;
            }
            imp[k] = score(scorer, templates[i], templates[j]);
            fa[k] = (byte) set.fold(i);
            fb[k++] = (byte) set.fold(j);
        }
        return new PairScores(imp, fa, fb, gen, gf, true);
    }

    private static float score(Scorer scorer, Template a, Template b) {
        return a == null || b == null ? REJECT : scorer.score(a, b);
    }

    /** Whether the impostor pairs are a sample (with replacement) rather than all of them. */
    public boolean sampled() {
        return sampled;
    }

    /** Impostor scores, sorted ascending, of the pairs whose two identities' folds both satisfy {@code fold}. */
    public float[] impostors(IntPredicate fold) {
        int c = 0;
        for (int k = 0; k < impostor.length; k++) {
            if (fold.test(impostorFoldA[k]) && fold.test(impostorFoldB[k])) {
                c++;
            }
        }
        float[] out = new float[c];
        c = 0;
        for (int k = 0; k < impostor.length; k++) {
            if (fold.test(impostorFoldA[k]) && fold.test(impostorFoldB[k])) {
                out[c++] = impostor[k];
            }
        }
        Arrays.parallelSort(out);
        return out;
    }

    /** Genuine scores, sorted ascending, of the identities whose fold satisfies {@code fold}. */
    public float[] genuines(IntPredicate fold) {
        int c = 0;
        for (byte f : genuineFold) {
            if (fold.test(f)) {
                c++;
            }
        }
        float[] out = new float[c];
        c = 0;
        for (int k = 0; k < genuine.length; k++) {
            if (fold.test(genuineFold[k])) {
                out[c++] = genuine[k];
            }
        }
        Arrays.sort(out);
        return out;
    }

    public float[] allImpostors() {
        return impostors(f -> true);
    }

    public float[] allGenuines() {
        return genuines(f -> true);
    }
}
