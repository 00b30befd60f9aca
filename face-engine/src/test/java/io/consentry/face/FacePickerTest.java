package io.consentry.face;

import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate's face-picking rule: take the largest face only when it clearly dominates, else refuse. */
class FacePickerTest {

    static Box box(float cx, float cy, float size) {
        return new Box(cx - size / 2, cy - size / 2, size, size, 0.9f);
    }

    @Test
    void aSmallBystanderBehindTheSubjectIsIgnored() {
        List<Box> faces = List.of(box(600, 100, 60), box(320, 240, 160));
        assertThat(FacePicker.pick(faces, 640, 480, Pick.DOMINANT)).containsExactly(1);
        assertThat(FacePicker.dominates(faces, 640, 480, FacePicker.GATE)).isTrue();
    }

    @Test
    void twoComparableFacesAreRefusedNotGuessed() {
        // the second face has 0.9x the largest's area: which one is at the gate is a guess
        List<Box> faces = List.of(box(200, 240, 150), box(440, 240, (float) (150 * Math.sqrt(0.9))));
        assertThat(FacePicker.pick(faces, 640, 480, Pick.DOMINANT)).containsExactly(0, 1);
        assertThat(FacePicker.pick(faces, 640, 480, Pick.LARGEST)).containsExactly(0);
    }

    @Test
    void aDominantFaceAtTheEdgeOfTheFrameIsRefused() {
        // much larger than the other face, but its centre is near the left edge: not the one in front of the gate
        List<Box> faces = List.of(box(40, 240, 160), box(330, 240, 50));
        assertThat(FacePicker.centreOffset(faces.get(0), 640, 480)).isGreaterThan(FacePicker.GATE.maxCentreOffset());
        assertThat(FacePicker.pick(faces, 640, 480, Pick.DOMINANT)).hasSize(2);
    }

    @Test
    void oneFaceIsAlwaysTheSubjectAndCenterPicksTheCentralFace() {
        assertThat(FacePicker.pick(List.of(box(30, 30, 20)), 640, 480, Pick.DOMINANT)).containsExactly(0);
        List<Box> faces = List.of(box(100, 100, 200), box(320, 240, 80));
        assertThat(FacePicker.pick(faces, 640, 480, Pick.CENTER)).containsExactly(1);
        assertThat(FacePicker.pick(faces, 640, 480, Pick.ALL)).containsExactly(0, 1);
        assertThat(FacePicker.pick(List.of(), 640, 480, Pick.DOMINANT)).isEmpty();
    }

    /** Real photos: a bystander pasted small at the side is ignored, the subject still matches; two people are refused. */
    @Test
    void realPhotosWithABystanderAndWithTwoPeople() {
        FaceEngine engine = TestData.engine();
        Mat subject = engine.decode(TestData.face("obama_1.jpg"));
        Mat other = engine.decode(TestData.face("biden_2.jpg"));
        Mat small = new Mat();
        try {
            int w = subject.cols() / 5, h = other.rows() * w / other.cols();
            Imgproc.resize(other, small, new Size(w, h), 0, 0, Imgproc.INTER_AREA);
            small.copyTo(subject.submat(new Rect(subject.cols() - w - 4, 4, w, h)));
            byte[] frame = FacesTest.jpeg(subject);
            assertThat(engine.analyze(frame, AnalyzeOptions.defaults().withTemplate(false)).faces())
                    .as("the bystander is detected").hasSize(2);
            Face picked = engine.analyzeSingle(frame, AnalyzeOptions.defaults().withPick(Pick.DOMINANT).withLiveness(false));
            Face alone = engine.analyzeSingle(TestData.face("obama_1.jpg"), AnalyzeOptions.defaults().withLiveness(false));
            assertThat(picked.template().similarity(alone.template())).as("the subject, not the bystander").isGreaterThan(0.9f);
        } finally {
            subject.release();
            other.release();
            small.release();
        }
        assertThatThrownBy(() -> engine.analyzeSingle(TestData.face("multi_two_people.jpg"),
                AnalyzeOptions.defaults().withPick(Pick.DOMINANT)))
                .isInstanceOfSatisfying(FaceEngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MULTIPLE_FACES));
    }
}
