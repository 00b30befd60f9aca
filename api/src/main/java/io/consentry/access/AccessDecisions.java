package io.consentry.access;

import io.consentry.accessrights.SiteRights;
import io.consentry.accessrights.Verdict;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.CallerTenant;
import io.consentry.credential.CheckResult;
import io.consentry.credential.Credentials;
import io.consentry.device.ActiveDevice;
import io.consentry.device.DeviceCaller;
import io.consentry.device.DeviceRateLimiter;
import io.consentry.policy.AccessMethod;
import io.consentry.policy.EffectivePolicy;
import io.consentry.policy.Policies;
import io.consentry.purpose.PurposeRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Non-biometric decisions: credentials presented at a device, and guards' manual decisions. Each runs in one
 * transaction with its audit entry and the credential's state change (failure count, one-time use).
 */
@ApplicationScoped
public class AccessDecisions {

    static final String PURPOSE_ACCESS = "SITE_ACCESS";

    private final DeviceCaller deviceCaller;
    private final DeviceRateLimiter limiter;
    private final Policies policies;
    private final Credentials credentials;
    private final SubjectResolver subjects;
    private final DecisionJournal journal;
    private final CallerTenant caller;
    private final io.consentry.biometric.TemplateVault vault;
    private final SiteRights rights;

    AccessDecisions(DeviceCaller deviceCaller, DeviceRateLimiter limiter, Policies policies, Credentials credentials,
                    SubjectResolver subjects, DecisionJournal journal, CallerTenant caller,
                    io.consentry.biometric.TemplateVault vault, SiteRights rights) {
        this.vault = vault;
        this.rights = rights;
        this.deviceCaller = deviceCaller;
        this.limiter = limiter;
        this.policies = policies;
        this.credentials = credentials;
        this.subjects = subjects;
        this.journal = journal;
        this.caller = caller;
    }

    @Transactional
    public AccessDecision alternative(AlternativeRequest request) {
        ActiveDevice device = deviceCaller.require();
        limiter.acquire(device.id());
        AccessMethod method = AccessMethod.valueOf(request.method().name());
        requireFields(request);
        EffectivePolicy policy = policies.effective(device.siteId());
        Instant now = Instant.now();

        if (!policy.allows(method)) {
            return decide(device, policy, method, Outcome.DENIED, "method_not_allowed", null, null, now, Map.of());
        }
        if (!policy.openAt(now)) {
            return decide(device, policy, method, Outcome.DENIED, "site_closed", null, null, now, Map.of());
        }
        CheckResult result = switch (request.method()) {
            // Nobody of that reference costs and answers like a wrong PIN (see Credentials.checkPin).
            case PIN -> credentials.checkPin(subjects.resolve(request.subjectId(), request.subjectRef())
                    .map(SubjectResolver.Subject::id).orElse(null), request.pin());
            case QR -> credentials.checkQr(request.qr());
            case CARD -> credentials.checkCard(request.cardId());
        };
        if (result.valid() && subjects.resolve(result.subjectId(), null).isEmpty()) {
            // The subject was erased: a card or QR code left behind opens nothing.
            result = new CheckResult(false, null, result.credentialId(), result.kind(), "unknown_credential");
        }
        Map<String, String> details = new LinkedHashMap<>();
        if (result.credentialId() != null) {
            details.put("credentialId", result.credentialId().toString());
        }
        if (!result.cause().equals(result.reason())) {
            details.put("cause", result.cause()); // what the device was not told
        }
        if (result.valid()) {
            // Rights after the credential: only someone who proved who they are learns whether they may enter here, so
            // a guessed PIN or subject reference tells nothing about anybody's groups.
            Verdict verdict = rights.check(device.siteId(), result.subjectId());
            if (!verdict.admits()) {
                return decide(device, policy, method, Outcome.DENIED, verdict.reason(), result.subjectId(), null, now, details);
            }
        }
        return decide(device, policy, method, result.valid() ? Outcome.GRANTED : Outcome.DENIED, result.reason(),
                result.subjectId(), null, now, details);
    }

    @Transactional
    public AccessDecision guardOverride(GuardOverrideRequest request) {
        EffectivePolicy policy = policies.effective(request.siteId());
        if (!policy.allows(AccessMethod.GUARD)) {
            throw new ApiException(ProblemCode.METHOD_NOT_ALLOWED, 409, "The policy of this site does not allow guard decisions.");
        }
        Optional<SubjectResolver.Subject> subject = Optional.empty();
        if (request.subjectId() != null || request.subjectRef() != null) {
            subject = subjects.resolve(request.subjectId(), request.subjectRef());
            if (subject.isEmpty()) {
                throw new ApiException(ProblemCode.SUBJECT_NOT_FOUND, "No subject of this tenant matches the given reference.");
            }
        }
        Outcome outcome = Outcome.valueOf(request.decision().name());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("site", request.siteId().toString());
        if (request.deviceId() != null) {
            details.put("device", request.deviceId().toString());
        }
        details.put("method", AccessMethod.GUARD.name());
        details.put("reason", "guard_override");
        details.put("guardReason", request.reason().strip());
        // A guard's decision is a human one and stands over the site's rights; what the rights said is kept beside it.
        subject.ifPresent(s -> details.put("rights", rights.check(request.siteId(), s.id()).name().toLowerCase(java.util.Locale.ROOT)));
        UUID subjectId = subject.map(SubjectResolver.Subject::id).orElse(null);
        UUID entry = journal.record(DecisionJournal.ActorKind.USER, caller.username(), "access.guard-override", subjectId,
                PURPOSE_ACCESS, outcome, details);
        return new AccessDecision(outcome, "guard_override", AccessMethod.GUARD, null, null, null, null, policy.alternatives(), subjectId,
                subject.map(SubjectResolver.Subject::externalRef).orElse(null), request.siteId(), request.deviceId(), entry, Instant.now());
    }

    /** Records the decision and builds the answer; used by the face decisions too. */
    AccessDecision decide(ActiveDevice device, EffectivePolicy policy, AccessMethod method, Outcome outcome, String reason,
                          UUID subjectId, Evidence evidence, Instant now, Map<String, String> extra) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("site", device.siteId().toString());
        details.put("device", device.id().toString());
        details.put("method", method.name());
        details.put("reason", reason);
        if (evidence != null && evidence.score() != null) {
            details.put("score", String.format(java.util.Locale.ROOT, "%.4f", evidence.score()));
        }
        if (evidence != null) {
            details.putAll(evidence.operatingPoint().auditDetails());
        }
        details.putAll(extra);
        // A face decision records the purpose it ran under (its code): which processing activity the consent covered.
        String purpose = method.biometric() ? policy.purposeOf(method).map(PurposeRef::code).orElse(null) : PURPOSE_ACCESS;
        if (method.biometric()) {
            details.put("purposeKind", method == AccessMethod.FACE_1_1 ? "FACE_VERIFICATION" : "FACE_IDENTIFICATION");
        }
        UUID entry = journal.record(DecisionJournal.ActorKind.DEVICE, device.clientId(), "access." + method.name().toLowerCase(),
                subjectId, purpose, outcome, details);
        if (method.biometric() && outcome == Outcome.GRANTED && subjectId != null) {
            // The last-interaction clock of retention: a face that let its owner in was used, so it is kept longer.
            vault.verified(subjectId, now);
        }
        List<AccessMethod> alternatives = policy.alternatives();
        OperatingPoint op = evidence == null ? null : evidence.operatingPoint();
        return new AccessDecision(outcome, reason, method, method.biometric() ? purpose : null,
                evidence == null ? null : evidence.score(), op == null ? null : op.threshold(), op, alternatives, subjectId, null,
                device.siteId(), device.id(), entry, now);
    }

    /**
     * What a face decision rests on: the operating point always, the score only when it says nothing about a stranger
     * (a match, or the claimed subject's own comparison).
     */
    record Evidence(Float score, OperatingPoint operatingPoint) {
    }

    private static void requireFields(AlternativeRequest r) {
        switch (r.method()) {
            case PIN -> {
                if (r.pin() == null || r.pin().isBlank() || (r.subjectId() == null && (r.subjectRef() == null || r.subjectRef().isBlank()))) {
                    throw new ApiException(ProblemCode.MISSING_CREDENTIAL, "A PIN decision needs pin and the person's subjectRef (or subjectId).");
                }
            }
            case QR -> {
                if (r.qr() == null || r.qr().isBlank()) {
                    throw new ApiException(ProblemCode.MISSING_CREDENTIAL, "A QR decision needs qr, the scanned payload.");
                }
            }
            case CARD -> {
                if (r.cardId() == null || r.cardId().isBlank()) {
                    throw new ApiException(ProblemCode.MISSING_CREDENTIAL, "A CARD decision needs cardId.");
                }
            }
        }
    }
}
