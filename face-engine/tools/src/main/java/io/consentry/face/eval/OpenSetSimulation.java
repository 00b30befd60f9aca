package io.consentry.face.eval;

import io.consentry.face.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

/**
 * Open-set 1:N identification as a gate sees it (NIST FRVT 1:N terms). A gallery of G enrolled identities (one
 * template each) is drawn at random from a pool of identities; <em>mated</em> searches are another image of an enrolled
 * person, <em>non-mated</em> searches an image of a person who is not enrolled. Every search is scored against the
 * whole gallery and keeps its best and second-best score and whether the best is the mate:
 * <ul>
 *   <li>FPIR(t, m) = share of non-mated searches whose best candidate scores ≥ t (and beats the runner-up by ≥ m);</li>
 *   <li>FNIR(t, m) = share of mated searches where the mate is not returned at rank 1 with score ≥ t (and margin
 *   ≥ m). A search whose probe was refused (no face, several comparable faces, failed quality) is a miss.</li>
 * </ul>
 * Repeated over random galleries (trials), so each identity is a member in some trials and a non-member in others.
 */
public final class OpenSetSimulation {

    /** Search outcomes pooled over the trials (best score {@link PairScores#REJECT} for a refused probe). */
    public record Result(int gallerySize, int trials, float[] matedTop1, float[] matedTop2, boolean[] matedTop1IsMate,
                         float[] nonMatedTop1, float[] nonMatedTop2) {

        public int mated() {
            return matedTop1.length;
        }

        public int nonMated() {
            return nonMatedTop1.length;
        }

        public double fpir(float t, float margin) {
            int fp = 0;
            for (int i = 0; i < nonMatedTop1.length; i++) {
                if (accepted(nonMatedTop1[i], nonMatedTop2[i], t, margin)) {
                    fp++;
                }
            }
            return fp / (double) Math.max(1, nonMatedTop1.length);
        }

        public long falsePositives(float t, float margin) {
            long fp = 0;
            for (int i = 0; i < nonMatedTop1.length; i++) {
                if (accepted(nonMatedTop1[i], nonMatedTop2[i], t, margin)) {
                    fp++;
                }
            }
            return fp;
        }

        public double fnir(float t, float margin) {
            int hit = 0;
            for (int i = 0; i < matedTop1.length; i++) {
                if (matedTop1IsMate[i] && accepted(matedTop1[i], matedTop2[i], t, margin)) {
                    hit++;
                }
            }
            return 1 - hit / (double) Math.max(1, matedTop1.length);
        }

        /** Share of mated searches that were refused before matching (no face, several comparable faces, quality). */
        public double matedRefused() {
            int r = 0;
            for (float s : matedTop1) {
                if (s == PairScores.REJECT) {
                    r++;
                }
            }
            return r / (double) Math.max(1, matedTop1.length);
        }

        /** FNIR among the mated searches that reached the matcher (refused ones left out). */
        public double fnirOfMatched(float t, float margin) {
            double refused = matedRefused();
            return refused >= 1 ? 0 : 1 - (1 - fnir(t, margin)) / (1 - refused);
        }

        /**
         * The lowest threshold at which, with runner-up margin {@code margin}, at most ⌊fpir·N⌋ of the N non-mated
         * searches return a candidate.
         */
        public float thresholdAt(double fpir, float margin) {
            List<Float> eligible = new ArrayList<>();
            for (int i = 0; i < nonMatedTop1.length; i++) {
                if (nonMatedTop1[i] - nonMatedTop2[i] >= margin) {
                    eligible.add(nonMatedTop1[i]);
                }
            }
            float[] s = new float[eligible.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = eligible.get(i);
            }
            java.util.Arrays.sort(s);
            long allowed = (long) Math.floor(fpir * nonMatedTop1.length + 1e-9);
            if (allowed >= s.length) {
                return s.length == 0 ? Float.NEGATIVE_INFINITY : s[0];
            }
            return Math.nextUp(s[(int) (s.length - 1 - allowed)]);
        }

        static boolean accepted(float top1, float top2, float t, float margin) {
            return top1 != PairScores.REJECT && top1 >= t && top1 - top2 >= margin;
        }
    }

    private OpenSetSimulation() {
    }

    /**
     * @param set        the identity set
     * @param enrol      template per image used for enrolment (null: the image cannot be enrolled)
     * @param probe      template per image used as a search (null: the probe was refused)
     * @param scorer     the pack's decision score
     * @param pool       identities (by index) the galleries and searches are drawn from
     * @param gallery    G
     * @param trials     random galleries
     */
    public static Result run(IdentityImages set, Template[] enrol, Template[] probe, PairScores.Scorer scorer,
                             IntPredicate pool, int gallery, int trials, long seed, int threads) throws Exception {
        List<int[]> byId = set.imagesByIdentity();
        List<Integer> candidates = new ArrayList<>();
        for (int id = 0; id < byId.size(); id++) {
            if (!pool.test(id)) {
                continue;
            }
            for (int img : byId.get(id)) {
                if (enrol[img] != null) {
                    candidates.add(id);
                    break;
                }
            }
        }
        if (gallery >= candidates.size()) {
            throw new IllegalArgumentException("gallery of " + gallery + " needs more than " + candidates.size()
                    + " enrolable identities in the pool (some must stay non-members)");
        }
        List<float[]> mt1 = new ArrayList<>(), mt2 = new ArrayList<>(), nt1 = new ArrayList<>(), nt2 = new ArrayList<>();
        List<boolean[]> mm = new ArrayList<>();
        ExecutorService ex = Executors.newFixedThreadPool(threads);
        try {
            for (int trial = 0; trial < trials; trial++) {
                SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + trial);
                int[] ids = candidates.stream().mapToInt(Integer::intValue).toArray();
                for (int i = ids.length - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int x = ids[i];
                    ids[i] = ids[j];
                    ids[j] = x;
                }
                Template[] galleryT = new Template[gallery];
                int[] galleryId = new int[gallery];
                List<Template> matedProbes = new ArrayList<>();
                List<Integer> matedIds = new ArrayList<>();
                for (int g = 0; g < gallery; g++) {
                    int[] imgs = byId.get(ids[g]);
                    int e;
                    do {
                        e = imgs[rnd.nextInt(imgs.length)];
                    } while (enrol[e] == null);
                    galleryT[g] = enrol[e];
                    galleryId[g] = ids[g];
                    if (imgs.length >= 2) {
                        int p;
                        do {
                            p = imgs[rnd.nextInt(imgs.length)];
                        } while (p == e);
                        matedProbes.add(probe[p]);
                        matedIds.add(ids[g]);
                    }
                }
                List<Template> nonMated = new ArrayList<>();
                for (int k = gallery; k < ids.length; k++) {
                    int[] imgs = byId.get(ids[k]);
                    nonMated.add(probe[imgs[rnd.nextInt(imgs.length)]]);
                }
                float[][] m = search(matedProbes, galleryT, galleryId, scorer, ex, threads);
                float[][] n = search(nonMated, galleryT, galleryId, scorer, ex, threads);
                boolean[] isMate = new boolean[matedProbes.size()];
                for (int i = 0; i < isMate.length; i++) {
                    isMate[i] = (int) m[2][i] == matedIds.get(i);
                }
                mt1.add(m[0]);
                mt2.add(m[1]);
                mm.add(isMate);
                nt1.add(n[0]);
                nt2.add(n[1]);
            }
        } finally {
            ex.shutdown();
        }
        boolean[] mates = new boolean[mm.stream().mapToInt(a -> a.length).sum()];
        int k = 0;
        for (boolean[] a : mm) {
            System.arraycopy(a, 0, mates, k, a.length);
            k += a.length;
        }
        return new Result(gallery, trials, concat(mt1), concat(mt2), mates, concat(nt1), concat(nt2));
    }

    /** Per probe: best score, second-best score, identity of the best (as a float), in parallel slices. */
    static float[][] search(List<Template> probes, Template[] gallery, int[] galleryId, PairScores.Scorer scorer,
                            ExecutorService ex, int threads) throws Exception {
        int n = probes.size();
        float[] top1 = new float[n], top2 = new float[n], who = new float[n];
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            fs.add(ex.submit(() -> {
                for (int i = first; i < n; i += threads) {
                    Template p = probes.get(i);
                    if (p == null) {
                        top1[i] = PairScores.REJECT;
                        top2[i] = PairScores.REJECT;
                        who[i] = -1;
                        continue;
                    }
                    float b1 = Float.NEGATIVE_INFINITY, b2 = Float.NEGATIVE_INFINITY;
                    int best = -1;
                    for (int g = 0; g < gallery.length; g++) {
                        float s = scorer.score(p, gallery[g]);
                        if (s > b1) {
                            b2 = b1;
                            b1 = s;
                            best = g;
                        } else if (s > b2) {
                            b2 = s;
                        }
                    }
                    top1[i] = b1;
                    top2[i] = b2;
                    who[i] = galleryId[best];
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        return new float[][] {top1, top2, who};
    }

    private static float[] concat(List<float[]> parts) {
        float[] out = new float[parts.stream().mapToInt(a -> a.length).sum()];
        int k = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, out, k, a.length);
            k += a.length;
        }
        return out;
    }
}
