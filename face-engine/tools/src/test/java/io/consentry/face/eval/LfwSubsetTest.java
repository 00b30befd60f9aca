package io.consentry.face.eval;

import io.consentry.face.FaceEngine;
import io.consentry.face.Template;
import io.consentry.face.TestData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The default pack on a subset of lfw-dev, scored with the evaluation's metrics (the full run is the CLI's {@code eval}). */
class LfwSubsetTest {
    /** 200 pairs (every 15th) with the default engine: accuracy well above chance, calibrated threshold sane. */
    @Test
    void subsetAccuracyWithPackThreshold() throws Exception {
        List<String[]> all = TestData.lfwPairs();
        List<String[]> sub = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 15) {
            sub.add(all.get(i));
        }
        LinkedHashSet<String> imgs = new LinkedHashSet<>();
        sub.forEach(p -> {
            imgs.add(p[0]);
            imgs.add(p[1]);
        });
        FaceEngine e = TestData.engine();
        Map<String, Template> t = TestData.embed(e, new ArrayList<>(imgs));
        assertThat(t.size()).isGreaterThanOrEqualTo(imgs.size() - 2);
        float thr = e.decision().threshold(1e-2);
        int ok = 0;
        List<Float> g = new ArrayList<>(), im = new ArrayList<>();
        for (String[] p : sub) {
            Template a = t.get(p[0]), b = t.get(p[1]);
            float s = a == null || b == null ? -1 : a.similarity(b);
            boolean same = Boolean.parseBoolean(p[2]);
            (same ? g : im).add(s);
            if ((s >= thr) == same) {
                ok++;
            }
        }
        double acc = ok / (double) sub.size();
        System.out.printf("[lfw-subset] %d pairs, accuracy at the FAR-1%% threshold %.4f: %.2f%%%n", sub.size(), thr, acc * 100);
        assertThat(acc).isGreaterThan(0.95);
        float[] ga = new float[g.size()], ia = new float[im.size()];
        for (int i = 0; i < ga.length; i++) {
            ga[i] = g.get(i);
        }
        for (int i = 0; i < ia.length; i++) {
            ia[i] = im.get(i);
        }
        assertThat(Metrics.eer(ga, ia).eer()).isLessThan(0.06);
    }
}
