package io.consentry.face;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GalleryTest {
    static Template tpl(Random r) {
        return Template.of("p", "1", TemplateTest.randomVec(r, 512), 0.5f);
    }

    @Test
    void addRemoveReplaceById() {
        Gallery g = new Gallery("p", 512);
        Random r = new Random(1);
        Template a = tpl(r), b = tpl(r), c = tpl(r);
        g.add("a", a);
        g.add("b", b);
        g.add("c", c);
        assertThat(g.size()).isEqualTo(3);
        assertThat(g.search(b, 1).get(0).id()).isEqualTo("b");
        assertThatThrownBy(() -> g.add("a", b)).isInstanceOf(IllegalArgumentException.class);
        g.replace("a", b);
        assertThat(g.search(b, 2)).extracting(Gallery.Hit::id).containsExactlyInAnyOrder("a", "b");
        assertThat(g.remove("a")).isTrue();
        assertThat(g.remove("a")).isFalse();
        assertThat(g.contains("c")).isTrue();
        assertThat(g.search(c, 5)).extracting(Gallery.Hit::id).containsExactly("c", "b");
        assertThatThrownBy(() -> g.replace("zz", a)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.add("x", Template.of("other-pack", "1", a.vector(), 0.5f)))
                .isInstanceOf(FaceEngineException.class);
        assertThat(g.search(c, 1).get(0).score()).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
    }

    @Test
    void aBulkAddOnEveryCoreHoldsExactlyWhatAddingOneByOneHolds() {
        Random r = new Random(19);
        // Existing templates in a partly filled first block, more than one block per task, a repeated id (last wins).
        int n = 3 * 2048 + 77;
        List<String> ids = new java.util.ArrayList<>();
        List<Template> templates = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("t" + i);
            templates.add(tpl(r));
        }
        ids.add("t5");
        templates.add(tpl(r));
        Template held = tpl(r);
        Gallery one = new Gallery("p", 512);
        Gallery bulk = new Gallery("p", 512);
        one.put("held", held);
        bulk.put("held", held);
        for (int i = 0; i < ids.size(); i++) {
            one.put(ids.get(i), templates.get(i));
        }
        bulk.putAll(ids, templates);
        // Quantised where they were decrypted (a gallery's load), then copied in: the same index.
        Gallery indexed = new Gallery("p", 512);
        indexed.put("held", held);
        indexed.putAllIndexed(ids, templates.stream().map(IndexedTemplate::of).toList());
        assertThat(bulk.size()).isEqualTo(one.size()).isEqualTo(indexed.size()).isEqualTo(n + 1);
        for (int q = 0; q < ids.size(); q += 97) {
            assertThat(bulk.search(templates.get(q), 5)).as("query %d", q).isEqualTo(one.search(templates.get(q), 5));
            assertThat(indexed.search(templates.get(q), 5)).as("query %d", q).isEqualTo(one.search(templates.get(q), 5));
        }
        assertThat(indexed.storedVector("t5")).containsExactly(one.storedVector("t5"));
        assertThat(bulk.search(templates.get(n), 1).get(0).id()).isEqualTo("t5");
        assertThat(bulk.search(held, 1).get(0).id()).isEqualTo("held");
        assertThat(bulk.remove("t100")).isTrue();
        assertThat(bulk.contains("t100")).isFalse();
        assertThatThrownBy(() -> bulk.putAll(List.of("x"), List.of(Template.of("other-pack", "1", held.vector(), 0.5f))))
                .isInstanceOf(FaceEngineException.class);
        assertThatThrownBy(() -> indexed.putAllIndexed(List.of("x"), List.of(IndexedTemplate.of(Template.of("other-pack", "1", held.vector(), 0.5f)))))
                .isInstanceOf(FaceEngineException.class);
    }

    @Test
    void theStoredVectorIsTheTemplateWithinItsQuantisationStepAndScoresAsTheIndexDoes() {
        Random r = new Random(23);
        Gallery g = new Gallery("p", 512);
        Template t = tpl(r);
        g.put("a", t);
        float[] stored = g.storedVector("a");
        float[] exact = t.vector();
        float max = 0;
        for (float x : exact) {
            max = Math.max(max, Math.abs(x));
        }
        float step = max / 2047;
        for (int j = 0; j < exact.length; j++) {
            assertThat(Math.abs(stored[j] - exact[j])).as("dimension %d", j).isLessThanOrEqualTo(step / 2 * 1.0001f);
        }
        // The index's own re-scored hit is the dot product of the probe with exactly this vector.
        Template probe = tpl(r);
        float fromStored = Template.dot(probe.vector(), stored);
        assertThat(g.search(probe, 1).get(0).score()).isCloseTo(fromStored, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Math.abs(fromStored - probe.similarity(t))).isLessThan(1e-4f);
        assertThat(g.storedVector("missing")).isNull();
    }

    @Test
    void anIndexedTemplateOfAFusedPackKeepsItsFurtherVectorsAsTheyAre() {
        Random r = new Random(29);
        float[] primary = tpl(r).vector();
        float[] second = new float[128];
        for (int j = 0; j < second.length; j++) {
            second[j] = (float) r.nextGaussian();
        }
        Template fused = Template.ofMulti("p", "1", List.of(primary, second), 0.9f);
        IndexedTemplate indexed = IndexedTemplate.of(fused);
        assertThat(indexed.dimension()).isEqualTo(512);
        assertThat(indexed.secondary()).hasSize(1);
        assertThat(indexed.secondary().get(0)).containsExactly(fused.vector(1));
        assertThat(IndexedTemplate.of(Template.of("p", "1", primary, 1f)).secondary()).isEmpty();
    }

    @Test
    void topKEqualsExactSearchOnRandomDataAcrossSlices() {
        Gallery g = new Gallery("p", 512);
        Random r = new Random(2);
        int n = 60_001; // several parallel slices, a partial last block
        float[] v = new float[512];
        float[][] all = new float[n][];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 512; j++) {
                v[j] = (float) r.nextGaussian();
            }
            normalise(v);
            g.putVector("id" + i, v);
            all[i] = v.clone();
        }
        for (int q = 0; q < 50; q++) {
            float[] query = new float[512];
            // a noisy copy of a member: a clear nearest neighbour
            int target = r.nextInt(n);
            for (int j = 0; j < 512; j++) {
                query[j] = (float) r.nextGaussian();
            }
            normalise(query);
            List<Gallery.Hit> exact = g.searchExact(query, 5);
            List<Gallery.Hit> fast = g.search(query, 5);
            assertThat(fast.get(0).id()).isEqualTo(exact.get(0).id());
            assertThat(fast.get(0).score()).isEqualTo(exact.get(0).score());
            assertThat(fast).isEqualTo(exact);
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (Template.dot(query, all[i]) > Template.dot(query, all[best])) {
                    best = i;
                }
            }
            assertThat(fast.get(0).id()).isEqualTo("id" + best);
            assertThat(fast.get(0).score()).isCloseTo(Template.dot(query, all[best]), org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(target).isNotNegative();
        }
        // remove keeps the index consistent
        for (int i = 0; i < n; i += 2) {
            g.remove("id" + i);
        }
        assertThat(g.size()).isEqualTo(n / 2);
        float[] q = new float[512];
        for (int j = 0; j < 512; j++) {
            q[j] = (float) r.nextGaussian();
        }
        normalise(q);
        assertThat(g.search(q, 3)).isEqualTo(g.searchExact(q, 3));
    }

    static void normalise(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        float inv = (float) (1 / Math.sqrt(s));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
    }
}
