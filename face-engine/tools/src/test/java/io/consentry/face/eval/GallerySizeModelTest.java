package io.consentry.face.eval;

import io.consentry.face.Template;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The extrapolation method behind the identification calibration: thresholds for a target FPIR at gallery size G come
 * from per-pair impostor scores (FPIR = 1 − (1 − F)^G, an upper bound). Checked here against simulated open-set
 * galleries on synthetic identities whose impostor scores have "lambs" (probes that score high against many), the case
 * where independence fails; the same check on real embeddings is in IdentificationTest.
 */
class GallerySizeModelTest {

    /**
     * 2,000 synthetic identities in 64 dimensions; half have a second image. Each leans towards one common direction by
     * a random amount up to about {@code lambs}: those leaning far score high against many others (lambs).
     */
    static Object[] syntheticSet(double lambs) {
        Random r = new Random(12);
        int d = 64, ids = 2000;
        float[] common = gaussian(r, d, 1);
        List<String> images = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        List<Template> templates = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ids; i++) {
            names.add("id" + i);
            float[] u = gaussian(r, d, 1);
            double lamb = Math.abs(r.nextGaussian()) * lambs;
            for (int k = 0; k < d; k++) {
                u[k] += (float) (lamb * common[k]);
            }
            int n = i % 2 == 0 ? 2 : 1;
            for (int j = 0; j < n; j++) {
                float[] v = u.clone();
                float[] noise = gaussian(r, d, 0.75);
                for (int k = 0; k < d; k++) {
                    v[k] += noise[k];
                }
                images.add("id" + i + "/" + j);
                owner.add(i);
                templates.add(Template.of("synthetic-1", "1", v, 1f));
            }
        }
        int[] foldOf = new int[ids];
        for (int i = 0; i < ids; i++) {
            foldOf[i] = 1 + i % 5;
        }
        IdentityImages set = new IdentityImages(Path.of("synthetic"), images, owner.stream().mapToInt(Integer::intValue).toArray(),
                names, foldOf, 5);
        return new Object[] {set, templates.toArray(new Template[0])};
    }

    static float[] gaussian(Random r, int d, double sd) {
        float[] v = new float[d];
        for (int k = 0; k < d; k++) {
            v[k] = (float) (r.nextGaussian() * sd);
        }
        return v;
    }

    /** No lambs (identities differ only by their own noise): the formula should nearly be exact. */
    @Test
    void predictedFpirIsCloseToSimulatedGalleriesAndFnirFollowsThem() throws Exception {
        check(0.0, 0.6);
    }

    /** Strong lambs: the independence formula overestimates FPIR, but it must stay an upper bound. */
    @Test
    void predictedFpirStaysAnUpperBoundWhenProbesScoreHighAgainstMany() throws Exception {
        check(2.5, 0);
    }

    private static void check(double lambs, double minShareOfTarget) throws Exception {
        Object[] s = syntheticSet(lambs);
        IdentityImages set = (IdentityImages) s[0];
        Template[] t = (Template[]) s[1];
        PairScores pairs = PairScores.of(set, t, Template::similarity, Long.MAX_VALUE, 2, 1);
        GallerySizeModel model = new GallerySizeModel(pairs.allImpostors(), pairs.allGenuines());
        for (int g : new int[] {100, 500}) {
            OpenSetSimulation.Result sim = OpenSetSimulation.run(set, t, t, Template::similarity, id -> true, g, 8, 3, 2);
            for (double target : new double[] {0.2, 0.05}) {
                GallerySizeModel.Point p = model.fit(target, g);
                double simulated = sim.fpir(p.threshold(), 0f);
                System.out.printf("[gallery-size model] lambs %.1f, G=%d, target FPIR %.2f: simulated %.4f, FNIR predicted %.4f simulated %.4f%n",
                        lambs, g, target, simulated, p.expectedFnir(), sim.fnir(p.threshold(), 0f));
                assertThat(model.predictedFpir(p.threshold(), g)).as("the model hits its own target").isCloseTo(target, within(target * 0.05));
                assertThat(simulated).as("G=%d target %s: simulated FPIR stays under the bound (sampling slack 15 %%)", g, target)
                        .isLessThanOrEqualTo(target * 1.15);
                assertThat(simulated).as("G=%d target %s: the bound is not uselessly loose", g, target)
                        .isGreaterThanOrEqualTo(target * minShareOfTarget);
                assertThat(sim.fnir(p.threshold(), 0f)).as("G=%d: predicted FNIR", g).isCloseTo(p.expectedFnir(), within(0.04));
            }
        }
    }

    @Test
    void perPairRateShrinksWithTheGalleryAndThresholdsGrow() {
        assertThat(GallerySizeModel.perPairFar(0.01, 1)).isCloseTo(0.01, within(1e-12));
        assertThat(GallerySizeModel.perPairFar(0.01, 1000)).isCloseTo(1.00503e-5, within(1e-9));
        float[] imp = new float[100_000];
        Random r = new Random(1);
        for (int i = 0; i < imp.length; i++) {
            imp[i] = (float) r.nextGaussian();
        }
        java.util.Arrays.sort(imp);
        GallerySizeModel m = new GallerySizeModel(imp, new float[] {5f, 6f});
        GallerySizeModel.Point small = m.fit(0.01, 10), large = m.fit(0.01, 100);
        assertThat(large.threshold()).isGreaterThan(small.threshold());
        assertThat(small.resolvable()).isTrue();
        assertThat(m.fit(0.01, 100_000).resolvable()).as("1e-7 per pair needs 300 M pairs").isFalse();
    }
}
