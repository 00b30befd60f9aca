package io.consentry.face;

import io.consentry.face.IdentificationCalibration.NotMeetable;
import io.consentry.face.IdentificationCalibration.OperatingPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open-set 1:N with the default pack's identification calibration, on real photos: the photos of
 * {@code shared/testdata/faces} and the identities of lfw-dev fold 5, plus synthetic identities that fill the gallery
 * to 1,000 members. Synthetic members are mixes of real embeddings of other people (lfw-dev fold 1), so their scores
 * against a stranger spread like a real impostor's (a random 512-d vector would never come close to anyone and would
 * prove nothing). The lfw-dev images were part of the pack's calibration data; the out-of-sample measurements are the
 * documented {@code eval --identification} runs (face-engine/README.md), and the gallery-size model behind the pack's
 * cells is checked on the same fold by face-engine/tools ({@code eval.GallerySizeModelLfwTest}).
 */
class IdentificationTest {
    static FaceEngine engine;
    static IdentificationCalibration calibration;
    /** lfw-dev identities of fold 5: name -> subject templates (face nearest the centre). */
    static final Map<String, List<Template>> fold5 = new TreeMap<>();
    /** Real embeddings of other people (fold 1), the material synthetic identities are mixed from. */
    static final List<Template> otherPeople = new ArrayList<>();

    @BeforeAll
    static void embed() throws Exception {
        engine = TestData.engine();
        calibration = engine.decision().identification();
        List<String> fold5Images = TestData.lfwImagesOfFold(5), fold1Images = TestData.lfwImagesOfFold(1);
        Map<String, Template> t = TestData.embed(engine, fold5Images);
        for (String img : fold5Images) {
            if (t.containsKey(img)) {
                fold5.computeIfAbsent(img.split("/")[1], k -> new ArrayList<>()).add(t.get(img));
            }
        }
        Map<String, Template> o = TestData.embed(engine, fold1Images.subList(0, 300));
        o.keySet().stream().sorted().forEach(k -> otherPeople.add(o.get(k)));
    }

    /**
     * A synthetic identity: a random mix of 8 real templates of other people, the same mix for each of the pack's
     * recognisers (a fused pack scores all of them).
     */
    static Template synthetic(Random r) {
        return synthetic(r, engine, otherPeople);
    }

    static Template synthetic(Random r, FaceEngine engine, List<Template> otherPeople) {
        Template first = otherPeople.get(0);
        List<float[]> mixed = new ArrayList<>();
        for (int v = 0; v < first.vectorCount(); v++) {
            mixed.add(new float[first.vector(v).length]);
        }
        for (int k = 0; k < 8; k++) {
            Template e = otherPeople.get(r.nextInt(otherPeople.size()));
            double w = r.nextGaussian();
            for (int v = 0; v < mixed.size(); v++) {
                float[] into = mixed.get(v), from = e.vector(v);
                for (int j = 0; j < into.length; j++) {
                    into[j] += (float) (w * from[j]);
                }
            }
        }
        return Template.ofMulti(engine.pack().id(), engine.pack().version(), mixed, 1f);
    }

    @Test
    void nonMembersAreNotIdentifiedAtMoreThanTheTargetRateInAGalleryOfAThousand() throws Exception {
        OperatingPoint op = (OperatingPoint) calibration.operatingPoint(0.01, 1000);
        Gallery gallery = engine.newGallery();
        List<String[]> memberProbes = new ArrayList<>();
        Map<String, Template> probes = new LinkedHashMap<>();
        // real members: the photos of shared/testdata/faces, first photo enrolled, the others searched
        Map<String, List<Path>> byPerson = new TreeMap<>();
        for (Path p : FacesTest.singlePersonPhotos()) {
            byPerson.computeIfAbsent(FacesTest.identity(p.getFileName().toString()), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<String, List<Path>> e : byPerson.entrySet()) {
            List<Path> photos = e.getValue();
            gallery.add("faces:" + e.getKey(), engine.analyzeSingle(Files.readAllBytes(photos.get(0)),
                    AnalyzeOptions.defaults().withLiveness(false)).template());
            for (Path p : photos.subList(1, photos.size())) {
                String key = "faces:" + p.getFileName();
                probes.put(key, engine.analyzeSingle(Files.readAllBytes(p), AnalyzeOptions.defaults().withLiveness(false)).template());
                memberProbes.add(new String[] {key, "faces:" + e.getKey()});
            }
        }
        // lfw-dev fold 5: every other identity with two or more images is a member (first image enrolled, second searched);
        // the rest are strangers, every one of their images a non-mated search
        List<Template> strangers = new ArrayList<>();
        Set<String> enrolled = enrolledIdentities(fold5);
        for (Map.Entry<String, List<Template>> e : fold5.entrySet()) {
            List<Template> imgs = e.getValue();
            if (enrolled.contains(e.getKey())) {
                gallery.add("lfw:" + e.getKey(), imgs.get(0));
                probes.put("lfw:" + e.getKey() + ":probe", imgs.get(1));
                memberProbes.add(new String[] {"lfw:" + e.getKey() + ":probe", "lfw:" + e.getKey()});
            } else {
                strangers.addAll(imgs);
            }
        }
        Random r = new Random(1000);
        int synthetic = 0;
        while (gallery.size() < 1000) {
            gallery.add("synthetic:" + synthetic++, synthetic(r));
        }
        assertThat(gallery.size()).isEqualTo(1000);

        int falsePositives = 0;
        for (Template probe : strangers) {
            Gallery.Hit best = gallery.search(probe, 1).get(0);
            if (op.accepts(best.score(), Float.NEGATIVE_INFINITY)) {
                falsePositives++;
            }
        }
        int hits = 0, facesHits = 0, facesProbes = 0;
        for (String[] m : memberProbes) {
            Gallery.Hit best = gallery.search(probes.get(m[0]), 1).get(0);
            boolean hit = best.id().equals(m[1]) && op.accepts(best.score(), Float.NEGATIVE_INFINITY);
            hits += hit ? 1 : 0;
            if (m[0].startsWith("faces:")) {
                facesProbes++;
                facesHits += hit ? 1 : 0;
            }
        }
        double fpir = falsePositives / (double) strangers.size();
        double atTarget = atLeast(falsePositives, strangers.size(), 0.01);
        System.out.printf("[identification] G=1000 (%d synthetic), threshold %.4f for FPIR 1%%: %d of %d non-mated searches returned"
                        + " a candidate (FPIR %.2f%%; at a true FPIR of 1%%, P(as many or more) = %.3f); %d of %d mated searches identified%n",
                synthetic, op.threshold(), falsePositives, strangers.size(), fpir * 100, atTarget, hits, memberProbes.size());
        assertThat(strangers.size()).isGreaterThan(400);
        // the data must not show an FPIR above the target: the lower end of its exact (Clopper-Pearson) 95 % interval
        // stays at or below 1 %, which is the same as: at a true FPIR of 1 %, this many false positives or more have a
        // probability of at least 2.5 % (the lower end is the rate at which that probability is exactly 2.5 %)
        assertThat(atTarget).as("FPIR %s (%d of %d)", fpir, falsePositives, strangers.size()).isGreaterThanOrEqualTo(0.025);
        assertThat(fpir).isLessThanOrEqualTo(0.015);
        assertThat(facesHits).as("every searched photo of shared/testdata/faces is identified as its person").isEqualTo(facesProbes);
        assertThat(hits / (double) memberProbes.size()).as("mated searches identified").isGreaterThan(0.85);
    }

    /**
     * A gallery holds each member's primary vector as 12-bit codes, and an identification re-scores the short-list of
     * the coarse scan with the pack's decision score on the member as held: the primary vector rebuilt from its codes,
     * a fused pack's further vectors as decrypted (the api's {@code IdentificationGalleries}, short-list of 10). On real
     * faces, a gallery of 1,000 and every fold-5 image searched: each short-listed member scores as its float template
     * does (within 2·10⁻⁴ of the primary cosine, scaled as a fused score scales it); with one recogniser the best member
     * is the float scan's; and no identification is made that the float scan over all members would refuse, except at
     * that distance from the threshold. How often a fused pack's best member lies off the short-list (ranked by the
     * primary vector alone), and whether that cost an identification, is printed.
     */
    @Test
    void theGalleryAsHeldAnswersAsTheFloatScanOnRealFaces() {
        galleryAsHeldAgainstTheFloatScan(engine, fold5, otherPeople);
    }

    /** The same for the two-recogniser pack: the primary vector from its codes, the dlib vector as decrypted. */
    @Test
    void theFusedPacksGalleryAsHeldAnswersAsTheFloatScanOnRealFaces() throws Exception {
        try (FaceEngine fused = FaceEngine.load(FusedPackTest.fusedPack())) {
            List<String> fold5Images = TestData.lfwImagesOfFold(5);
            Map<String, Template> t = TestData.embed(fused, fold5Images);
            Map<String, List<Template>> identities = new TreeMap<>();
            for (String img : fold5Images) {
                if (t.containsKey(img)) {
                    identities.computeIfAbsent(img.split("/")[1], k -> new ArrayList<>()).add(t.get(img));
                }
            }
            List<String> fold1Images = TestData.lfwImagesOfFold(1).subList(0, 300);
            Map<String, Template> o = TestData.embed(fused, fold1Images);
            List<Template> others = o.keySet().stream().sorted().map(o::get).toList();
            assertThat(others.get(0).vectorCount()).isEqualTo(2);
            galleryAsHeldAgainstTheFloatScan(fused, identities, others);
        }
    }

    private static void galleryAsHeldAgainstTheFloatScan(FaceEngine engine, Map<String, List<Template>> identities, List<Template> others) {
        IdentificationCalibration calibration = engine.decision().identification();
        Map<String, Template> members = new LinkedHashMap<>();
        List<Template> probes = new ArrayList<>();
        Set<String> enrolled = enrolledIdentities(identities);
        for (Map.Entry<String, List<Template>> e : identities.entrySet()) {
            List<Template> imgs = e.getValue();
            if (enrolled.contains(e.getKey())) {
                members.put("lfw:" + e.getKey(), imgs.get(0));
                probes.addAll(imgs.subList(1, imgs.size()));
            } else {
                probes.addAll(imgs);
            }
        }
        Random r = new Random(1001);
        for (int s = 0; members.size() < 1000; s++) {
            members.put("synthetic:" + s, synthetic(r, engine, others));
        }
        Gallery gallery = engine.newGallery();
        members.forEach(gallery::add);
        List<OperatingPoint> points = new ArrayList<>();
        for (double fpir : new double[] {0.1, 0.01, 0.001}) {
            if (calibration.operatingPoint(fpir, 1000) instanceof OperatingPoint op) {
                points.add(op);
            }
        }
        assertThat(points).isNotEmpty();
        // The codes' error is in the primary cosine: below 10⁻⁴ as measured here, allowed twice that (the bound,
        // ||q||₁·scale/2, is larger still); a fused score carries it scaled by the primary's weight over its impostor spread.
        Decision.Fusion fusion = engine.decision().fusion();
        double tolerance = 2e-4 * (fusion == null ? 1 : fusion.weight()[0] / fusion.std()[0]), largestDifference = 0;
        int decisions = 0, differing = 0, bestOutside = 0, missed = 0;
        for (Template probe : probes) {
            Ranked exact = new Ranked();
            members.forEach((id, member) -> exact.offer(id, engine.score(member, probe)));
            Ranked held = new Ranked();
            for (Gallery.Hit hit : gallery.search(probe, SHORT_LIST)) {
                List<float[]> vectors = new ArrayList<>();
                vectors.add(gallery.storedVector(hit.id()));
                Template member = members.get(hit.id());
                for (int v = 1; v < member.vectorCount(); v++) {
                    vectors.add(member.vector(v));
                }
                float asHeld = engine.score(Template.ofMulti(probe.packId(), probe.packVersion(), vectors, probe.quality()), probe);
                // the codes: each short-listed member scores as its float template does
                assertThat((double) Math.abs(asHeld - engine.score(member, probe))).isLessThanOrEqualTo(tolerance);
                largestDifference = Math.max(largestDifference, Math.abs(asHeld - engine.score(member, probe)));
                held.offer(hit.id(), asHeld);
            }
            boolean sameBest = held.bestId.equals(exact.bestId) || exact.best - exact.runnerUp <= 2 * tolerance;
            bestOutside += sameBest ? 0 : 1;
            if (fusion == null) {
                // one recogniser: the short-list is ranked by the score itself, so the best is always on it
                assertThat(sameBest).isTrue();
                assertThat((double) Math.abs(held.best - exact.best)).isLessThanOrEqualTo(tolerance);
            }
            for (OperatingPoint op : points) {
                decisions++;
                boolean heldAccepts = op.accepts(held.best, held.runnerUp), exactAccepts = op.accepts(exact.best, exact.runnerUp);
                if (heldAccepts != exactAccepts) {
                    differing++;
                    missed += exactAccepts ? 1 : 0;
                    if (heldAccepts) {
                        // never an identification the float scan would refuse, but at the codes' error from the boundary
                        assertThat((double) Math.min(Math.abs(exact.best - op.threshold()), Math.abs(exact.best - exact.runnerUp - op.margin())))
                                .isLessThanOrEqualTo(tolerance);
                    }
                }
            }
        }
        System.out.printf("[identification] G=1000, pack %s (%d recogniser(s)), %d searches of real faces, short-list %d: the"
                        + " gallery as held against the float scan, largest score difference %.2e (allowed %.2e); best member"
                        + " off the short-list in %d searches; %d of %d decisions differ (%d missed identifications)%n",
                engine.pack().id(), probes.get(0).vectorCount(), probes.size(), SHORT_LIST, largestDifference, tolerance,
                bestOutside, differing, decisions, missed);
        assertThat(probes.size()).isGreaterThan(500);
    }

    /** Candidates re-scored with the pack's score, as the api's {@code IdentificationGalleries.RESCORED}. */
    static final int SHORT_LIST = 10;

    /** The members of an lfw-dev gallery: every other identity (in name order) with two or more images. */
    static Set<String> enrolledIdentities(Map<String, List<Template>> identities) {
        Set<String> enrolled = new java.util.HashSet<>();
        int withTwoOrMore = 0;
        for (Map.Entry<String, List<Template>> e : identities.entrySet()) {
            if (e.getValue().size() >= 2 && withTwoOrMore++ % 2 == 0) {
                enrolled.add(e.getKey());
            }
        }
        return enrolled;
    }

    /** Best and runner-up of one search: one score per member. */
    private static final class Ranked {
        String bestId;
        float best = Float.NEGATIVE_INFINITY;
        float runnerUp = Float.NEGATIVE_INFINITY;

        void offer(String id, float score) {
            if (score > best) {
                runnerUp = best;
                best = score;
                bestId = id;
            } else if (score > runnerUp) {
                runnerUp = score;
            }
        }
    }

    /** P(X >= k) for X binomial(n, p), summed exactly (n is a few hundred here). */
    static double atLeast(int k, int n, double p) {
        double pmf = Math.pow(1 - p, n), below = 0;
        for (int i = 0; i < k; i++) {
            below += pmf;
            pmf *= (n - i) / (i + 1.0) * p / (1 - p);
        }
        return Math.max(0, 1 - below);
    }

    @Test
    void theThresholdFollowsTheGallerySize() {
        OperatingPoint small = (OperatingPoint) calibration.operatingPoint(0.01, 100);
        OperatingPoint mid = (OperatingPoint) calibration.operatingPoint(0.01, 150);
        OperatingPoint large = (OperatingPoint) calibration.operatingPoint(0.01, 1000);
        assertThat(mid.calibratedGallerySize()).as("a gallery between two calibrated sizes uses the larger").isEqualTo(200);
        assertThat(small.threshold()).isLessThan(mid.threshold());
        assertThat(mid.threshold()).isLessThan(large.threshold());
        assertThat(large.expectedFnir()).isGreaterThan(small.expectedFnir());
        // a stricter FPIR at the same size needs a higher threshold; a target between calibrated rates uses the stricter
        OperatingPoint strict = (OperatingPoint) calibration.operatingPoint(0.001, 100);
        assertThat(strict.threshold()).isGreaterThan(small.threshold());
        OperatingPoint between = (OperatingPoint) calibration.operatingPoint(0.005, 100);
        assertThat(between.calibratedFpir()).isEqualTo(0.001);
        // the cells a console draws: thresholds and expected misses grow with the gallery; large galleries are provisional
        List<IdentificationCalibration.Cell> cells = calibration.cells(0.01);
        for (int k = 1; k < cells.size(); k++) {
            assertThat(cells.get(k).gallerySize()).isGreaterThan(cells.get(k - 1).gallerySize());
            assertThat(cells.get(k).threshold()).isGreaterThanOrEqualTo(cells.get(k - 1).threshold());
            assertThat(cells.get(k).expectedFnir()).isGreaterThanOrEqualTo(cells.get(k - 1).expectedFnir());
        }
        assertThat(cells.get(cells.size() - 1).provisional()).isTrue();
        // identification never uses the 1:1 threshold of the same nominal rate: at 1,000 members it is far stricter
        assertThat(large.threshold()).isGreaterThan(engine.decision().threshold(0.01));
    }

    @Test
    void whatThePackCannotMeetIsATypedAnswerNotAGuess() {
        NotMeetable tooLarge = (NotMeetable) calibration.operatingPoint(0.01, 50_000);
        assertThat(tooLarge.reason()).isEqualTo(IdentificationCalibration.Reason.GALLERY_TOO_LARGE);
        assertThat(tooLarge.code()).isEqualTo("gallery_too_large_for_pack");
        assertThat(tooLarge.largestGallerySize()).isEqualTo(calibration.largestGallerySize(0.01)).isBetween(1000, 49_999);
        assertThat(tooLarge.message()).contains("50,000");
        NotMeetable beyondGrid = (NotMeetable) calibration.operatingPoint(0.1, 10_000_000);
        assertThat(beyondGrid.code()).isEqualTo("gallery_too_large_for_pack");
        // a site that tolerates fewer misses than the pack's ceiling gets the ceiling answer, with the expected FNIR
        NotMeetable ceiling = (NotMeetable) calibration.operatingPoint(0.01, 1000, 0.02);
        assertThat(ceiling.reason()).isEqualTo(IdentificationCalibration.Reason.FNIR_ABOVE_CEILING);
        assertThat(ceiling.code()).isEqualTo("gallery_too_large_for_pack");
        assertThat(ceiling.expectedFnir()).isGreaterThan(0.02);
        assertThat(((NotMeetable) calibration.operatingPoint(1e-5, 10)).reason())
                .isEqualTo(IdentificationCalibration.Reason.FPIR_NOT_CALIBRATED);
        assertThat(IdentificationCalibration.none("x").operatingPoint(0.01, 10)).isInstanceOfSatisfying(NotMeetable.class,
                n -> assertThat(n.reason()).isEqualTo(IdentificationCalibration.Reason.NOT_CALIBRATED));
    }

    @Test
    void theOperatingPointCarriesWhatADecisionMustRecord() {
        OperatingPoint op = (OperatingPoint) calibration.operatingPoint(0.01, 731);
        assertThat(op.targetFpir()).isEqualTo(0.01);
        assertThat(op.gallerySize()).isEqualTo(731);
        assertThat(op.calibratedGallerySize()).isEqualTo(1000);
        assertThat(op.calibrationId()).isEqualTo(engine.pack().property("identification.calibration-id", null))
                .startsWith(engine.pack().id() + "/");
        assertThat(op.margin()).as("a runner-up margin did not lower FPIR at equal FNIR: not used").isZero();
        String cell = java.util.Arrays.stream(engine.pack().property("identification.fpir.0.01", "").split(","))
                .filter(c -> c.startsWith("1000:")).findFirst().orElseThrow();
        assertThat(op.threshold()).isEqualTo(Float.parseFloat(cell.split(":")[1]));
        assertThat(engine.decision().calibrationId()).isEqualTo(engine.pack().property("calibration.id", null));
    }
}
