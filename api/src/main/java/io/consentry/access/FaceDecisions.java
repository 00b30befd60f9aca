package io.consentry.access;

import io.consentry.accessrights.SiteRights;
import io.consentry.accessrights.Verdict;
import io.consentry.core.problem.ProblemCode;
import io.consentry.biometric.TemplateVault;
import io.consentry.consent.ConsentGuard;
import io.consentry.consent.ConsentRequiredException;
import io.consentry.core.audit.Actor;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.engine.ImageProblems;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.CallerTenant;
import io.consentry.core.work.TenantWork;
import io.consentry.tenants.registry.Tenant;
import io.consentry.credential.CheckResult;
import io.consentry.credential.Credentials;
import io.consentry.device.ActiveDevice;
import io.consentry.device.DeviceCaller;
import io.consentry.device.DeviceRateLimiter;
import io.consentry.face.AnalyzeOptions;
import io.consentry.face.ErrorCode;
import io.consentry.face.Face;
import io.consentry.face.FaceEngineException;
import io.consentry.face.Template;
import io.consentry.face.IdentificationCalibration;
import io.consentry.face.Pick;
import io.consentry.gallery.GalleryMatch;
import io.consentry.gallery.GallerySearch;
import io.consentry.gallery.IdentificationGalleries;
import io.consentry.policy.AccessMethod;
import io.consentry.policy.ClaimType;
import io.consentry.policy.EffectivePolicy;
import io.consentry.core.engine.MatchCalibration;
import io.consentry.policy.Policies;
import io.consentry.purpose.PurposeRef;
import io.consentry.subject.SubjectDirectory;
import io.consentry.subject.SubjectRef;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Face decisions at a device. Consent first: the frame is only analysed once the consent enforcement point has
 * agreed (1:1), and a face that matches nobody (1:N) is answered with "use an alternative", never stored, never
 * analysed further. Three short steps so that the tenant's audit lock is never held while the engine works:
 * (1) policy, claim and templates in one transaction, (2) the engine outside any transaction, (3) the decision
 * and its audit entry in a second transaction.
 * <p>
 * Purposes: each face method runs under the purpose the site's policy names for it, and only a consent to exactly that
 * purpose lets a frame be analysed (1:1) or a subject be found (1:N: the gallery of that purpose). Without a chosen
 * purpose the answer is FALLBACK_REQUIRED {@code purpose_not_set} and no frame is analysed.
 * <p>
 * A decision is final only under a live consent: the decision transaction locks the subject (as a withdrawal does)
 * and checks the consent again after the engine ran, so a withdrawal that committed meanwhile yields
 * FALLBACK_REQUIRED {@code no_face_consent}, never GRANTED.
 * <p>
 * Model packs: only templates of the configured pack are ever compared with a probe (scored with that pack's
 * decision score, fused for multi-recogniser packs). A subject whose templates are all of a previous pack gets
 * FALLBACK_REQUIRED {@code reenrolment_required} until the migration rebuilt them or they enrolled again.
 */
@ApplicationScoped
public class FaceDecisions {

    private final DeviceCaller deviceCaller;
    private final DeviceRateLimiter limiter;
    private final Policies policies;
    private final Credentials credentials;
    private final SubjectDirectory directory;
    private final ConsentGuard guard;
    private final CurrentEngine engine;
    private final TemplateVault vault;
    private final MatchCalibration calibration;
    private final IdentificationGalleries galleries;
    private final FaceAttempts attempts;
    private final AccessDecisions decisions;
    private final CallerTenant caller;
    private final Event<FaceAnalysed> analysed;
    private final io.consentry.core.engine.DecodeBudget budget;
    private final SiteRights rights;
    private final TenantWork work;

    FaceDecisions(DeviceCaller deviceCaller, DeviceRateLimiter limiter, Policies policies, Credentials credentials,
                  SubjectDirectory directory, ConsentGuard guard, CurrentEngine engine, TemplateVault vault,
                  MatchCalibration calibration, IdentificationGalleries galleries, FaceAttempts attempts,
                  AccessDecisions decisions, CallerTenant caller, Event<FaceAnalysed> analysed,
                  io.consentry.core.engine.DecodeBudget budget, SiteRights rights, TenantWork work) {
        this.work = work;
        this.budget = budget;
        this.rights = rights;
        this.deviceCaller = deviceCaller;
        this.limiter = limiter;
        this.policies = policies;
        this.credentials = credentials;
        this.directory = directory;
        this.guard = guard;
        this.engine = engine;
        this.vault = vault;
        this.calibration = calibration;
        this.galleries = galleries;
        this.attempts = attempts;
        this.decisions = decisions;
        this.caller = caller;
        this.analysed = analysed;
    }

    private record Prepared(ActiveDevice device, EffectivePolicy policy, AccessDecision early, UUID subjectId,
                            PurposeRef purpose, List<Template> templates) {
    }

    public AccessDecision verify(VerifyRequest request) {
        ActiveDevice device = deviceCaller.require();
        limiter.acquire(device.id());
        byte[] image = decode(request.image());
        Prepared prepared = QuarkusTransaction.requiringNew().call(() -> prepareVerify(device, request));
        if (prepared.early() != null) {
            return prepared.early();
        }
        Face face = analyse(image, prepared.policy());
        analysed.fire(new FaceAnalysed(prepared.subjectId(), prepared.purpose().code(), AccessMethod.FACE_1_1));
        return QuarkusTransaction.requiringNew().call(() -> decideVerify(prepared, face));
    }

    private Prepared prepareVerify(ActiveDevice device, VerifyRequest request) {
        EffectivePolicy policy = policies.effective(device.siteId());
        Instant now = Instant.now();
        if (!policy.allows(AccessMethod.FACE_1_1)) {
            return early(device, policy, decisions.decide(device, policy, AccessMethod.FACE_1_1, Outcome.FALLBACK_REQUIRED,
                    "method_not_allowed", null, null, now, Map.of()));
        }
        if (!policy.openAt(now)) {
            return early(device, policy, decisions.decide(device, policy, AccessMethod.FACE_1_1, Outcome.DENIED,
                    "site_closed", null, null, now, Map.of()));
        }
        Optional<PurposeRef> purposeOfSite = policy.purposeOf(AccessMethod.FACE_1_1);
        if (purposeOfSite.isEmpty()) {
            return early(device, policy, purposeNotSet(device, policy, AccessMethod.FACE_1_1, now));
        }
        PurposeRef purpose = purposeOfSite.get();
        ClaimType claimType = request.claim().type();
        if (!policy.faceClaimTypes().contains(claimType)) {
            throw new ApiException(ProblemCode.CLAIM_NOT_ALLOWED, "This site's policy accepts face verification claims of type "
                    + policy.faceClaimTypes() + " only.");
        }
        Optional<UUID> subject = switch (claimType) {
            case CARD -> claimed(credentials.checkCard(request.claim().value()));
            case QR -> claimed(credentials.checkQr(request.claim().value()));
            case SUBJECT_REF -> directory.findByExternalRef(request.claim().value().strip()).map(SubjectRef::id);
        };
        if (subject.isEmpty()) {
            return early(device, policy, decisions.decide(device, policy, AccessMethod.FACE_1_1, Outcome.DENIED,
                    "unknown_claim", null, null, now, Map.of("claimType", claimType.name())));
        }
        UUID subjectId = subject.get();
        // Rights before consent and before any face processing: someone who may not enter here is refused without their
        // frame or templates being touched. The claim already named a known subject (unknown_claim otherwise), and the
        // answer is the same whether or not they consented or enrolled, so it says nothing about their face data.
        Verdict verdict = rights.check(device.siteId(), subjectId);
        if (!verdict.admits()) {
            return early(device, policy, decisions.decide(device, policy, AccessMethod.FACE_1_1, Outcome.DENIED,
                    verdict.reason(), subjectId, null, now, Map.of()));
        }
        // Consent first: without an active consent to this site's purpose the frame is not even looked at.
        if (!guard.hasActiveConsent(subjectId, purpose)) {
            return early(device, policy, decisions.decide(device, policy, AccessMethod.FACE_1_1, Outcome.FALLBACK_REQUIRED,
                    "no_face_consent", subjectId, null, now, Map.of()));
        }
        if (attempts.failures(device.id(), subjectId) >= policy.faceAttempts()) {
            return early(device, policy, decisions.decide(device, policy, AccessMethod.FACE_1_1, Outcome.FALLBACK_REQUIRED,
                    "face_attempts_exhausted", subjectId, null, now, Map.of()));
        }
        List<Template> templates;
        try {
            templates = guard.templatesFor(subjectId, purpose, Actor.device(device.clientId()));
        } catch (ConsentRequiredException withdrawnMeanwhile) {
            return early(device, policy, decisions.decide(device, policy, AccessMethod.FACE_1_1, Outcome.FALLBACK_REQUIRED,
                    "no_face_consent", subjectId, null, now, Map.of()));
        }
        if (templates.isEmpty()) {
            // Templates of a previous model pack are never compared with this pack's probes: ask for an alternative.
            boolean stale = vault.staleCount(subjectId) > 0 || vault.reenrolment(subjectId).isPresent();
            return early(device, policy, decisions.decide(device, policy, AccessMethod.FACE_1_1, Outcome.FALLBACK_REQUIRED,
                    stale ? "reenrolment_required" : "not_enrolled", subjectId, null, now, Map.of()));
        }
        if (calibration.threshold(policy.targetFar()).isEmpty()) {
            return early(device, policy, notCalibrated(device, policy, AccessMethod.FACE_1_1, subjectId, now));
        }
        return new Prepared(device, policy, null, subjectId, purpose, templates);
    }

    private AccessDecision decideVerify(Prepared p, Face face) {
        Instant now = Instant.now();
        if (!stillConsented(p.subjectId(), p.purpose())) {
            return withdrawnMeanwhile(p.device(), p.policy(), AccessMethod.FACE_1_1, p.subjectId(), now);
        }
        if (face == null) {
            int failures = attempts.fail(p.device().id(), p.subjectId());
            return decisions.decide(p.device(), p.policy(), AccessMethod.FACE_1_1,
                    failures >= p.policy().faceAttempts() ? Outcome.FALLBACK_REQUIRED : Outcome.DENIED,
                    "spoof_suspected", p.subjectId(), null, now, Map.of());
        }
        var scorer = engine.engine();
        Template probe = face.template();
        float best = Float.NEGATIVE_INFINITY;
        for (Template template : p.templates()) {
            // Same pack on both sides, or no comparison at all (vectors of different recognisers mean nothing together).
            if (template.packId().equals(probe.packId()) && scorer.pack().id().equals(probe.packId())) {
                best = Math.max(best, scorer.score(template, probe));
            }
        }
        if (best == Float.NEGATIVE_INFINITY) {
            // The pack changed while this request ran: nothing comparable is left, so no face decision.
            return decisions.decide(p.device(), p.policy(), AccessMethod.FACE_1_1, Outcome.FALLBACK_REQUIRED,
                    "reenrolment_required", p.subjectId(), null, now, Map.of());
        }
        Optional<Float> calibrated = calibration.threshold(p.policy().targetFar());
        if (calibrated.isEmpty()) {
            return notCalibrated(p.device(), p.policy(), AccessMethod.FACE_1_1, p.subjectId(), now);
        }
        float threshold = calibrated.get();
        AccessDecisions.Evidence scores = new AccessDecisions.Evidence(best,
                OperatingPoint.far(p.policy().targetFar(), threshold, calibration.calibrationId()));
        if (best >= threshold) {
            attempts.reset(p.device().id(), p.subjectId());
            return decisions.decide(p.device(), p.policy(), AccessMethod.FACE_1_1, Outcome.GRANTED, "face_match",
                    p.subjectId(), scores, now, Map.of());
        }
        int failures = attempts.fail(p.device().id(), p.subjectId());
        boolean exhausted = failures >= p.policy().faceAttempts();
        return decisions.decide(p.device(), p.policy(), AccessMethod.FACE_1_1,
                exhausted ? Outcome.FALLBACK_REQUIRED : Outcome.DENIED, exhausted ? "face_attempts_exhausted" : "face_mismatch",
                p.subjectId(), scores, now, Map.of());
    }

    public AccessDecision identify(IdentifyRequest request) {
        ActiveDevice device = deviceCaller.require();
        limiter.acquire(device.id());
        byte[] image = decode(request.image());
        EffectivePolicy policy = QuarkusTransaction.requiringNew().call(() -> policies.effective(device.siteId()));
        Instant now = Instant.now();
        if (!policy.allows(AccessMethod.FACE_1_N)) {
            return QuarkusTransaction.requiringNew().call(() -> decisions.decide(device, policy, AccessMethod.FACE_1_N,
                    Outcome.FALLBACK_REQUIRED, "method_not_allowed", null, null, now, Map.of()));
        }
        if (!policy.openAt(now)) {
            return QuarkusTransaction.requiringNew().call(() -> decisions.decide(device, policy, AccessMethod.FACE_1_N,
                    Outcome.DENIED, "site_closed", null, null, now, Map.of()));
        }
        Optional<PurposeRef> purposeOfSite = policy.purposeOf(AccessMethod.FACE_1_N);
        if (purposeOfSite.isEmpty()) {
            // Nobody can have consented to an unnamed activity: the frame is not analysed.
            return QuarkusTransaction.requiringNew().call(() -> purposeNotSet(device, policy, AccessMethod.FACE_1_N, now));
        }
        PurposeRef purpose = purposeOfSite.get();
        Face face = analyse(image, policy);
        if (face == null) {
            return QuarkusTransaction.requiringNew().call(() -> decisions.decide(device, policy, AccessMethod.FACE_1_N,
                    Outcome.FALLBACK_REQUIRED, "spoof_suspected", null, null, now, Map.of()));
        }
        // Only people allowed at this site at this moment are searched (null: the site is open to everyone). Anybody else
        // is, for this gate, a stranger: no_match, never someone allowed in their place.
        Set<UUID> allowed = QuarkusTransaction.requiringNew().call(() -> rights.allowedNow(device.siteId())).orElse(null);
        Map<String, String> restricted = allowed == null ? Map.of() : Map.of("siteRights", "restricted");
        Tenant tenant = caller.require();
        UUID tenantId = tenant.id;
        Actor actor = Actor.device(device.clientId());
        var scorer = engine.engine();
        // The gallery holds current-pack templates only (the vault decrypts no others); candidates are re-scored with
        // the pack's decision score, which is what the thresholds are calibrated for. A cold gallery loads in the
        // background, as this tenant in a request context of its own (the device's request may have been answered
        // gallery_loading and be gone by the time the load reads the database); its index is built as the vault hands the
        // members over.
        GallerySearch found = galleries.search(tenantId, purpose.id(), face.template(), scorer::score,
                sink -> work.as(tenant, () -> QuarkusTransaction.requiringNew().call(() -> guard.identificationGallery(purpose, actor, sink))),
                allowed);
        if (found.unavailable() != null) {
            // This replica cannot hold the purpose's gallery (gallery_too_large_for_replica), or it is not loaded yet
            // (gallery_loading): send everyone to the alternatives, with the reason. Never a guess from part of it.
            return QuarkusTransaction.requiringNew().call(() -> decisions.decide(device, policy, AccessMethod.FACE_1_N,
                    Outcome.FALLBACK_REQUIRED, found.unavailable(), null, null, now, Map.of()));
        }
        // The threshold follows the gallery actually searched: the best of N impostor scores grows with N, so a
        // per-pair threshold would let strangers through once the gallery is large.
        double fpir = policy.targetFpir();
        IdentificationCalibration identification = calibration.identification();
        double ceiling = policy.maxFnir() == null ? identification.fnirCeiling() : Math.min(policy.maxFnir(), identification.fnirCeiling());
        IdentificationCalibration.Answer answer = identification.operatingPoint(fpir, found.templates(), ceiling);
        if (answer instanceof IdentificationCalibration.NotMeetable no) {
            // The pack cannot keep this site's promise for a gallery this size: send everyone to the alternatives.
            OperatingPoint op = new OperatingPoint("FPIR", fpir, null, null, found.templates(), null,
                    Double.isFinite(no.expectedFnir()) ? no.expectedFnir() : null, no.calibrationId());
            return QuarkusTransaction.requiringNew().call(() -> decisions.decide(device, policy, AccessMethod.FACE_1_N,
                    Outcome.FALLBACK_REQUIRED, no.code(), null, new AccessDecisions.Evidence(null, op), now,
                    Map.of("largestGallerySize", Integer.toString(no.largestGallerySize()))));
        }
        IdentificationCalibration.OperatingPoint point = (IdentificationCalibration.OperatingPoint) answer;
        OperatingPoint op = new OperatingPoint("FPIR", fpir, point.threshold(), point.margin(), found.templates(),
                point.calibratedGallerySize(), point.expectedFnir(), point.calibrationId());
        if (found.best().isPresent() && point.accepts(found.best().get().score(), found.runnerUp())) {
            GalleryMatch hit = found.best().get();
            analysed.fire(new FaceAnalysed(hit.subjectId(), purpose.code(), AccessMethod.FACE_1_N));
            return QuarkusTransaction.requiringNew().call(() -> {
                // The gallery may lag a withdrawal that committed on another replica or while we searched.
                if (!stillConsented(hit.subjectId(), purpose)) {
                    return withdrawnMeanwhile(device, policy, AccessMethod.FACE_1_N, null, now);
                }
                if (allowed != null && !rights.check(device.siteId(), hit.subjectId()).admits()) {
                    // The rights changed since the search (or the minute turned): treated as nobody, without a name.
                    return decisions.decide(device, policy, AccessMethod.FACE_1_N, Outcome.FALLBACK_REQUIRED, "no_match", null,
                            new AccessDecisions.Evidence(null, op), now, Map.of("siteRights", "changed-meanwhile"));
                }
                return decisions.decide(device, policy, AccessMethod.FACE_1_N, Outcome.GRANTED, "face_match", hit.subjectId(),
                        new AccessDecisions.Evidence(hit.score(), op), now, Map.of());
            });
        }
        // Nobody: no subject, no score (the nearest stranger's score would say something about them), no storage.
        return QuarkusTransaction.requiringNew().call(() -> decisions.decide(device, policy, AccessMethod.FACE_1_N,
                Outcome.FALLBACK_REQUIRED, "no_match", null, new AccessDecisions.Evidence(null, op), now, restricted));
    }

    /** The probe template, or null when liveness failed (a decision, not an input error). */
    private Face analyse(byte[] image, EffectivePolicy policy) {
        try {
            // A gate camera often sees people behind the one at the gate: the largest face is taken when it clearly
            // dominates the frame (FacePicker's gate rule), otherwise the frame is refused as multiple_faces.
            Face face = budget.run(image, () -> engine.engine().analyzeSingle(image,
                    AnalyzeOptions.defaults().withPick(Pick.DOMINANT).withLiveness(policy.livenessRequired())));
            // Written so that a missing (NaN) liveness score fails closed.
            if (policy.livenessRequired() && !(face.liveness() >= policy.livenessThreshold())) {
                return null;
            }
            return face;
        } catch (FaceEngineException e) {
            if (e.code() == ErrorCode.SPOOF_SUSPECTED) {
                return null;
            }
            throw ImageProblems.of(e);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            // A native failure on hostile input must not become a 500 or take the process down.
            throw ImageProblems.unprocessable();
        }
    }

    /**
     * Inside the decision transaction: holds the subject's row lock (a withdrawal takes the same lock), so no
     * withdrawal can commit between this check and the decision's commit.
     */
    private boolean stillConsented(UUID subjectId, PurposeRef purpose) {
        directory.lock(subjectId);
        return guard.hasActiveConsent(subjectId, purpose);
    }

    /**
     * The consent ended while the engine ran. For 1:N the subject is not named: nobody who withdrew from
     * identification is identified, not even in the answer.
     */
    private AccessDecision withdrawnMeanwhile(ActiveDevice device, EffectivePolicy policy, AccessMethod method, UUID subjectId,
                                              Instant now) {
        return decisions.decide(device, policy, method, Outcome.FALLBACK_REQUIRED, "no_face_consent", subjectId, null, now,
                Map.of("consentChecked", "after-engine"));
    }

    /** The face method is allowed but runs under no chosen (live) purpose: no face is processed at this site. */
    private AccessDecision purposeNotSet(ActiveDevice device, EffectivePolicy policy, AccessMethod method, Instant now) {
        return decisions.decide(device, policy, method, Outcome.FALLBACK_REQUIRED, "purpose_not_set", null, null, now, Map.of());
    }

    /** The site's target FAR is stricter than the configured pack was calibrated for: no face decision is possible. */
    private AccessDecision notCalibrated(ActiveDevice device, EffectivePolicy policy, AccessMethod method, UUID subjectId,
                                         Instant now) {
        return decisions.decide(device, policy, method, Outcome.FALLBACK_REQUIRED, "pack_not_calibrated", subjectId, null, now,
                Map.of("packId", calibration.packId()));
    }

    private static Optional<UUID> claimed(CheckResult result) {
        return result.valid() ? Optional.ofNullable(result.subjectId()) : Optional.empty();
    }

    private static Prepared early(ActiveDevice device, EffectivePolicy policy, AccessDecision decision) {
        return new Prepared(device, policy, decision, null, null, null);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ProblemCode.INVALID_IMAGE_ENCODING, "image must be the frame's bytes in base64.");
        }
    }
}
