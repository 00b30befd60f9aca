package io.consentry.face.eval;

import io.consentry.face.Box;
import io.consentry.face.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The evaluation's data plumbing: identity folders and their folds, the embedding cache, cross-validation by identity. */
class EvalDataTest {

    @Test
    void identityFoldersTakeTheirFoldFromThePairListAndOverlappingFoldsAreRefused(@TempDir Path dir) throws Exception {
        for (String img : List.of("Ann/Ann_1.jpg", "Ann/Ann_2.jpg", "Bob/Bob_1.png", "Cid/Cid_1.jpg", "Cid/notes.txt")) {
            Files.createDirectories(dir.resolve(img).getParent());
            Files.writeString(dir.resolve(img), "x");
        }
        Path pairs = dir.resolve("pairs.csv");
        Files.writeString(pairs, "image_a,image_b,same,fold\nimages/Ann/Ann_1.jpg,images/Ann/Ann_2.jpg,true,2\n"
                + "images/Bob/Bob_1.png,images/Ann/Ann_1.jpg,false,2\n");
        IdentityImages set = IdentityImages.scan(dir, pairs, 5);
        assertThat(set.identities()).containsExactly("Ann", "Bob", "Cid");
        assertThat(set.images()).containsExactly("Ann/Ann_1.jpg", "Ann/Ann_2.jpg", "Bob/Bob_1.png", "Cid/Cid_1.jpg");
        assertThat(set.foldOf()[0]).isEqualTo(2);
        assertThat(set.foldOf()[1]).isEqualTo(2);
        assertThat(set.foldOf()[2]).as("not in the list: a stable fold from the name").isBetween(1, 5)
                .isEqualTo(IdentityImages.scan(dir, pairs, 5).foldOf()[2]);
        Files.writeString(pairs, "image_a,image_b,same,fold\nimages/Ann/Ann_1.jpg,images/Bob/Bob_1.png,false,1\n"
                + "images/Ann/Ann_2.jpg,images/Cid/Cid_1.jpg,false,3\n");
        assertThatThrownBy(() -> IdentityImages.scan(dir, pairs, 5)).hasMessageContaining("folds 1 and 3");
    }

    @Test
    void theCacheIsReusedOnlyForTheKeyItWasMadeFor(@TempDir Path dir) throws Exception {
        Template t = Template.of("pack-1", "1", new float[] {3, 4, 0}, 0.5f);
        List<EmbeddingCache.ImageRecord> records = List.of(
                new EmbeddingCache.ImageRecord("a/1.jpg", 250, 250, null,
                        List.of(new EmbeddingCache.FaceRecord(new Box(10, 20, 100, 110, 0.99f), true, "", t))),
                new EmbeddingCache.ImageRecord("b/1.jpg", 0, 0, "corrupt_image", List.of()));
        Path file = dir.resolve("sub").resolve("set.emb");
        EmbeddingCache.write(file, "key-1", records);
        List<EmbeddingCache.ImageRecord> back = EmbeddingCache.read(file, "key-1", "pack-1");
        assertThat(back).hasSize(2);
        assertThat(back.get(0).faces().get(0).box()).isEqualTo(records.get(0).faces().get(0).box());
        assertThat(back.get(0).faces().get(0).template().similarity(t)).isEqualTo(1f);
        assertThat(back.get(1).failed()).isTrue();
        assertThat(back.get(1).error()).isEqualTo("corrupt_image");
        assertThat(EmbeddingCache.read(file, "key-2", "pack-1")).as("another pack or image list: recompute").isNull();
    }

    /** 600 synthetic identities in 5 folds: thresholds fitted on 4 folds hold on the 5th; tiny rates are provisional. */
    @Test
    void crossValidationMeasuresHeldOutIdentitiesAndMarksUnresolvableRates() throws Exception {
        Random r = new Random(4);
        int ids = 600, d = 32;
        List<String> images = new java.util.ArrayList<>(), names = new java.util.ArrayList<>();
        List<Integer> owner = new java.util.ArrayList<>();
        List<Template> templates = new java.util.ArrayList<>();
        for (int i = 0; i < ids; i++) {
            names.add("id" + i);
            float[] u = GallerySizeModelTest.gaussian(r, d, 1);
            for (int j = 0; j < 2; j++) {
                float[] v = u.clone();
                float[] n = GallerySizeModelTest.gaussian(r, d, 0.6);
                for (int k = 0; k < d; k++) {
                    v[k] += n[k];
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
        PairScores scores = PairScores.of(set, templates.toArray(new Template[0]), Template::similarity, Long.MAX_VALUE, 2, 1);
        assertThat(scores.allImpostors()).hasSize(1200 * 1199 / 2 - 600);
        assertThat(scores.impostors(f -> f == 1)).hasSize(240 * 239 / 2 - 120);
        List<CrossValidation.Row> rows = CrossValidation.run(scores, 5, new double[] {1e-2, 1e-6});
        CrossValidation.Row onePercent = rows.get(0);
        assertThat(onePercent.folds()).hasSize(5);
        assertThat(onePercent.testPairs()).isEqualTo(5L * (240 * 239 / 2 - 120));
        assertThat(onePercent.ratio()).isBetween(0.8, 1.2);
        assertThat(onePercent.selectable()).isTrue();
        assertThat(rows.get(1).selectable()).as("1e-6 on 143,000 held-out pairs cannot be vouched for").isFalse();
    }
}
