package io.consentry.face;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * Attributes are estimated only with a grant of the engine's own authority, only for the granted face, and the models
 * are in memory only once someone was granted an estimate. Each test has an engine of its own, so that "loaded" means
 * loaded by that test.
 */
class AttributeGrantTest {

    private FaceEngine engine;

    @BeforeEach
    void freshEngine() {
        engine = FaceEngine.load(TestData.packDir());
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void decisionsNeverLoadTheAttributeModels() {
        byte[] photo = TestData.face("obama_1.jpg");
        engine.analyzeSingle(photo, AnalyzeOptions.defaults());
        engine.analyze(TestData.face("multi_obama_and_biden.jpg"), AnalyzeOptions.defaults().withPick(Pick.ALL));
        assertThat(engine.attributeModelsLoaded()).isFalse();
    }

    @Test
    void theAuthorityIsHandedOutOnce() {
        engine.claimAttributeAuthority();
        assertThatThrownBy(engine::claimAttributeAuthority).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherEnginesGrantIsRefused() {
        byte[] photo = TestData.face("obama_1.jpg");
        Box face = largest(photo);
        try (FaceEngine other = FaceEngine.load(TestData.packDir())) {
            AttributeGrant foreign = other.claimAttributeAuthority().grant(face, "mood");
            assertThatThrownBy(() -> engine.attributes(photo, foreign)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> engine.attributes(photo, null)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(engine.attributeModelsLoaded()).isFalse();
    }

    @Test
    void onlyTheGrantedFaceIsEstimated() {
        byte[] photo = TestData.face("multi_obama_and_biden.jpg");
        // the two people in front (a third, small face is in the background)
        List<Face> faces = new ArrayList<>(engine.analyze(photo, AnalyzeOptions.defaults().withPick(Pick.ALL)
                .withLiveness(false).withTemplate(false)).faces());
        faces.sort(Comparator.comparingDouble((Face f) -> f.box().area()).reversed());
        faces = new ArrayList<>(faces.subList(0, 2));
        faces.sort(Comparator.comparingDouble(f -> f.box().x()));
        Box left = faces.get(0).box();
        Box right = faces.get(1).box();
        AttributeAuthority authority = engine.claimAttributeAuthority();

        Attributes ofRight = engine.attributes(photo, authority.grant(right, "mood"));
        Attributes ofLeft = engine.attributes(photo, authority.grant(left, "mood"));

        assertThat(ofRight.box().overlap(right)).isGreaterThan(0.9f);
        assertThat(ofRight.box().overlap(left)).isZero();
        assertThat(ofLeft.box().overlap(left)).isGreaterThan(0.9f);
        for (Attributes a : List.of(ofLeft, ofRight)) {
            assertThat(a.age()).isBetween(10f, 90f);
            assertThat(a.genderScore()).isBetween(0f, 1f);
            assertThat(a.expression()).hasSize(7);
            assertThat(a.expression().stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(1.0, offset(1e-3));
        }
        assertThat(ofLeft.age()).isNotEqualTo(ofRight.age());
    }

    @Test
    void aGrantForABoxWithoutAFaceEstimatesNothing() {
        byte[] photo = TestData.face("obama_1.jpg");
        Box face = largest(photo);
        // a box of the same size beside the face, where there is none
        Box beside = new Box(face.x() + 1.5f * face.width(), face.y(), face.width(), face.height(), 1f);
        AttributeGrant grant = engine.claimAttributeAuthority().grant(beside, "mood");
        assertThatThrownBy(() -> engine.attributes(photo, grant)).isInstanceOfSatisfying(FaceEngineException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_FACE_FOUND));
        assertThat(engine.attributeModelsLoaded()).as("nothing to estimate, nothing loaded").isFalse();
    }

    @Test
    void modelsLoadOnTheFirstGrantedEstimateAndUnloadWhileEstimatesRun() throws Exception {
        byte[] photo = TestData.face("obama_1.jpg");
        AttributeGrant grant = engine.claimAttributeAuthority().grant(largest(photo), "mood");
        assertThat(engine.attributeModelsLoaded()).isFalse();
        Attributes first = engine.attributes(photo, grant);
        assertThat(engine.attributeModelsLoaded()).isTrue();
        assertThat(engine.unloadAttributeModels()).isTrue();
        assertThat(engine.attributeModelsLoaded()).isFalse();
        assertThat(engine.unloadAttributeModels()).isFalse();

        // estimates running while the models are unloaded and reloaded underneath them all finish, with the same answer
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Attributes>> running = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                running.add(pool.submit(() -> engine.attributes(photo, grant)));
            }
            for (int i = 0; i < 4; i++) {
                engine.unloadAttributeModels();
                Thread.onSpinWait();
            }
            for (Future<Attributes> f : running) {
                Attributes a = f.get();
                assertThat(a.age()).isCloseTo(first.age(), offset(1e-4f));
                assertThat(a.genderScore()).isCloseTo(first.genderScore(), offset(1e-5f));
            }
        } finally {
            pool.shutdown();
        }
    }

    private Box largest(byte[] photo) {
        return engine.analyze(photo, AnalyzeOptions.defaults().withPick(Pick.LARGEST).withLiveness(false).withTemplate(false))
                .faces().get(0).box();
    }
}
