package io.consentry.face.eval;

import io.consentry.face.FaceEngine;
import io.consentry.face.Template;
import io.consentry.face.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gallery-size model on real embeddings: the identities of lfw-dev fold 5 (the same set the engine's
 * {@code IdentificationTest} searches), subject = face nearest the centre. The synthetic-identity checks are
 * {@link GallerySizeModelTest}.
 */
class GallerySizeModelLfwTest {
    static FaceEngine engine;
    /** lfw-dev identities of fold 5: name -> subject templates. */
    static final Map<String, List<Template>> fold5 = new TreeMap<>();

    @BeforeAll
    static void embed() throws Exception {
        engine = TestData.engine();
        List<String> fold5Images = TestData.lfwImagesOfFold(5);
        Map<String, Template> t = TestData.embed(engine, fold5Images);
        for (String img : fold5Images) {
            if (t.containsKey(img)) {
                fold5.computeIfAbsent(img.split("/")[1], k -> new ArrayList<>()).add(t.get(img));
            }
        }
    }

    /** The gallery-size model on real embeddings (fold 5): its FPIR bounds simulated galleries of 200. */
    @Test
    void theGallerySizeModelHoldsOnRealEmbeddings() throws Exception {
        List<String> images = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        List<String> names = new ArrayList<>(fold5.keySet());
        List<Template> templates = new ArrayList<>();
        for (int id = 0; id < names.size(); id++) {
            for (Template t : fold5.get(names.get(id))) {
                images.add(names.get(id) + "/" + templates.size());
                owner.add(id);
                templates.add(t);
            }
        }
        IdentityImages set = new IdentityImages(TestData.lfw(), images, owner.stream().mapToInt(Integer::intValue).toArray(), names,
                new int[names.size()], 2);
        Template[] t = templates.toArray(new Template[0]);
        PairScores pairs = PairScores.of(set, t, engine::score, Long.MAX_VALUE, 2, 1);
        GallerySizeModel model = new GallerySizeModel(pairs.allImpostors(), pairs.allGenuines());
        OpenSetSimulation.Result sim = OpenSetSimulation.run(set, t, t, engine::score, id -> true, 200, 20, 7, 2);
        GallerySizeModel.Point p = model.fit(0.1, 200);
        double simulated = sim.fpir(p.threshold(), 0f);
        System.out.printf("[identification] model on fold 5 (%d impostor pairs): G=200, threshold %.4f, predicted FPIR 10%%, simulated %.2f%%"
                + " (%d non-mated searches); FNIR predicted %.2f%%, simulated %.2f%%%n", model.impostorPairs(), p.threshold(),
                simulated * 100, sim.nonMated(), p.expectedFnir() * 100, sim.fnir(p.threshold(), 0f) * 100);
        assertThat(simulated).isLessThanOrEqualTo(0.1 * 1.15).isGreaterThan(0.03);
        assertThat(sim.fnir(p.threshold(), 0f)).isCloseTo(p.expectedFnir(), org.assertj.core.api.Assertions.within(0.04));
    }
}
