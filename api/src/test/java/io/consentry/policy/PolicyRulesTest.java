package io.consentry.policy;

import io.consentry.core.engine.MatchCalibration;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.face.FaceEngine;
import io.consentry.face.pack.ModelPack;
import io.consentry.purpose.PurposeKind;
import io.consentry.purpose.PurposeRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Site-policy rules over the default model pack's real calibration (its manifest; no native code is loaded). */
class PolicyRulesTest {

    private static PolicyRules rules;
    private static MatchCalibration calibration;
    private static final PurposeRef GATE = new PurposeRef(UUID.randomUUID(), "gate", "Gate", PurposeKind.FACE_VERIFICATION);
    private static final PurposeRef LOBBY = new PurposeRef(UUID.randomUUID(), "lobby", "Lobby", PurposeKind.FACE_VERIFICATION);
    private static final PurposeRef MEMBERS = new PurposeRef(UUID.randomUUID(), "members", "Members", PurposeKind.FACE_IDENTIFICATION);
    private static final PurposeRef MOOD = new PurposeRef(UUID.randomUUID(), "mood", "Mood", PurposeKind.ATTRIBUTE_ANALYSIS);

    @BeforeAll
    static void realCalibration() {
        ModelPack pack = ModelPack.load(FaceEngine.defaultPackDir(), false);
        calibration = new MatchCalibration(() -> pack);
        Map<String, PurposeRef> live = Map.of("gate", GATE, "lobby", LOBBY, "members", MEMBERS, "mood", MOOD);
        rules = new PolicyRules(calibration, code -> Optional.ofNullable(live.get(code)));
    }

    @Test
    void eachFaceMethodNamesOneLivePurposeOfItsKind() {
        PolicyRules.Checked checked = rules.check(new PolicyRequest(Set.of(AccessMethod.FACE_1_1, AccessMethod.FACE_1_N,
                AccessMethod.PIN), Set.of(ClaimType.CARD), "lobby", "members", null, null, null, null, null, null, null));
        assertThat(checked.verificationPurposeId()).isEqualTo(LOBBY.id());
        assertThat(checked.identificationPurposeId()).isEqualTo(MEMBERS.id());

        assertInvalid(new PolicyRequest(Set.of(AccessMethod.FACE_1_1, AccessMethod.PIN), Set.of(ClaimType.CARD), null, null,
                null, null, null, null, null, null, null), "verificationPurpose must name a live purpose of kind FACE_VERIFICATION");
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.FACE_1_N, AccessMethod.PIN), null, null, " ", null, null, null, null, null,
                null, null), "identificationPurpose must name");
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.FACE_1_1, AccessMethod.PIN), Set.of(ClaimType.CARD), "members", null,
                null, null, null, null, null, null, null), "is of kind FACE_IDENTIFICATION; FACE_1_1 needs a purpose of kind FACE_VERIFICATION");
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.FACE_1_N, AccessMethod.PIN), null, null, "mood", null, null, null, null, null,
                null, null), "is of kind ATTRIBUTE_ANALYSIS");
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.FACE_1_1, AccessMethod.PIN), Set.of(ClaimType.CARD), "retired-gate",
                null, null, null, null, null, null, null, null), "not a live purpose");
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.PIN), null, "gate", null, null, null, null, null, null, null, null),
                "verificationPurpose only applies to FACE_1_1");
    }

    @Test
    void faceAsTheOnlyWayInIsRefused() {
        assertInvalid(request(Set.of(AccessMethod.FACE_1_N), null, null), "only way in");
        assertInvalid(request(Set.of(AccessMethod.FACE_1_1, AccessMethod.FACE_1_N), Set.of(ClaimType.CARD), null), "only way in");
    }

    @Test
    void aFaceOnePolicyNeedsClaimTypesAndOnlyItMayHaveThem() {
        assertInvalid(request(Set.of(AccessMethod.FACE_1_1, AccessMethod.PIN), null, null), "faceClaimTypes");
        assertInvalid(request(Set.of(AccessMethod.PIN), Set.of(ClaimType.QR), null), "only apply to FACE_1_1");
    }

    @Test
    void defaultsAreFilledInForAValidPolicy() {
        PolicyRules.Checked checked = rules.check(request(Set.of(AccessMethod.FACE_1_1, AccessMethod.GUARD), Set.of(ClaimType.CARD), null));
        assertThat(checked.livenessRequired()).isTrue();
        assertThat(checked.faceAttempts()).isEqualTo(PolicyRules.DEFAULT_FACE_ATTEMPTS);
        assertThat(checked.targetFar()).isIn(calibration.calibratedFars());
        assertThat(rules.check(request(Set.of(AccessMethod.PIN), null, null)).livenessRequired())
                .as("no face method, no liveness").isFalse();
    }

    @Test
    void aTargetFarThePackIsNotCalibratedForIsRefused() {
        double strictest = calibration.calibratedFars().first();
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.FACE_1_N, AccessMethod.PIN), null, null, "members", null, null,
                strictest / 10, null, null, null, null), "stricter than the model pack");
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.PIN), null, null, null, null, null, 1.0, null, null, null, null), "strictly between 0 and 1");
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.PIN), null, null, null, null, 1.5, null, null, null, null, null), "between 0 and 1");
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.PIN), null, null, null, null, null, null, null, null, 11, null), "between 1 and 10");
    }

    @Test
    void identificationStatesATargetFpirThePackIsCalibratedFor() {
        PolicyRules.Checked checked = rules.check(request(Set.of(AccessMethod.FACE_1_N, AccessMethod.PIN), null, null));
        assertThat(checked.targetFpir()).as("default: one non-member in a hundred").isEqualTo(0.01);
        assertThat(checked.targetFpir()).isIn(calibration.identification().targetFpirs());
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.FACE_1_N, AccessMethod.PIN), null, null, "members", null, null, null,
                0.02, null, null, null), "not one the model pack");
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.FACE_1_N, AccessMethod.PIN), null, null, "members", null, null, null,
                0.01, 0.0, null, null), "maxFnir");
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.PIN), null, null, null, null, null, null, 0.01, null, null, null),
                "only apply to FACE_1_N");
        assertThat(rules.check(request(Set.of(AccessMethod.PIN), null, null)).targetFpir()).isNull();
    }

    @Test
    void aProvisionalFarIsNotSelectable() {
        ModelPack pack = ModelPack.load(FaceEngine.defaultPackDir(), false);
        for (double provisional : pack.provisionalFars()) {
            assertInvalid(new PolicyRequest(Set.of(AccessMethod.FACE_1_1, AccessMethod.PIN), Set.of(ClaimType.CARD), "gate", null,
                    null, null, provisional, null, null, null, null), "stricter than the model pack");
        }
    }

    @Test
    void openingWindowsMustBeCompleteAndEndAfterTheyStart() {
        OpeningWindow overnight = new OpeningWindow(Set.of(DayOfWeek.MONDAY), LocalTime.of(22, 0), LocalTime.of(6, 0));
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.PIN), null, null, null, null, null, null, null, null, null, List.of(overnight)), "split windows");
        OpeningWindow noDays = new OpeningWindow(Set.of(), LocalTime.of(8, 0), LocalTime.of(18, 0));
        assertInvalid(new PolicyRequest(Set.of(AccessMethod.PIN), null, null, null, null, null, null, null, null, null, List.of(noDays)), "needs days");
    }

    /** A request whose face methods name matching purposes, so that only the rule under test can fail. */
    private static PolicyRequest request(Set<AccessMethod> methods, Set<ClaimType> claims, Double far) {
        return new PolicyRequest(methods, claims, methods.contains(AccessMethod.FACE_1_1) ? "gate" : null,
                methods.contains(AccessMethod.FACE_1_N) ? "members" : null, null, null, far, null, null, null, null);
    }

    private static void assertInvalid(PolicyRequest request, String because) {
        assertThatThrownBy(() -> rules.check(request)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ProblemCode.POLICY_INVALID))
                .hasMessageContaining(because);
    }
}
