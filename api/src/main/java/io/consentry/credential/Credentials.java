package io.consentry.credential;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.crypto.Sha256;
import io.consentry.core.crypto.TenantCrypto;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.CallerTenant;
import io.consentry.subject.SubjectDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues, lists, revokes and checks the non-biometric credentials that let anyone in without their face.
 * Checking runs inside the caller's transaction so that failure counts and one-time use are recorded with the decision.
 * <p>
 * Every state change of a credential is made under a row lock ({@code SELECT … FOR UPDATE}) taken before anything is
 * read: two devices presenting the same one-time QR code at the same moment get one GRANTED between them, and parallel
 * wrong PINs are evaluated one after the other, so no more than {@code max-failures} are ever checked before the
 * credential locks. The lock is always taken before the audit log's (a decision appends to it afterwards), so the
 * two cannot deadlock.
 */
@ApplicationScoped
public class Credentials {

    /** Prefix of every QR payload the platform issues: {@code CQ1.O.<id>.<token>} or {@code CQ1.T.<id>.<code>}. */
    static final String QR_PREFIX = "CQ1";
    private static final int DEFAULT_QR_MINUTES = 24 * 60;
    private static final int MAX_PAYLOAD = 300;

    private final SecureRandom random = new SecureRandom();
    private final CallerTenant caller;
    private final TenantCrypto crypto;
    private final PinHasher pins;
    private final SubjectDirectory subjects;
    private final AuditTrail audit;
    private final int maxFailures;
    private final Lockouts lockouts;
    private final io.consentry.core.limits.SharedLimits limits;
    private final int selfIssuePerDay;

    Credentials(CallerTenant caller, TenantCrypto crypto, PinHasher pins, SubjectDirectory subjects, AuditTrail audit,
                @ConfigProperty(name = "consentry.credential.max-failures", defaultValue = "5") int maxFailures,
                @ConfigProperty(name = "consentry.credential.lockout", defaultValue = "PT15M") Duration lockout,
                @ConfigProperty(name = "consentry.credential.max-lockout", defaultValue = "PT24H") Duration maxLockout,
                io.consentry.core.limits.SharedLimits limits,
                @ConfigProperty(name = "consentry.credential.self-issue-per-day", defaultValue = "10") int selfIssuePerDay) {
        this.limits = limits;
        this.selfIssuePerDay = selfIssuePerDay;
        this.caller = caller;
        this.crypto = crypto;
        this.pins = pins;
        this.subjects = subjects;
        this.audit = audit;
        this.maxFailures = maxFailures;
        this.lockouts = new Lockouts(lockout, maxLockout);
    }

    // ---------------------------------------------------------------- admin side

    @Transactional
    public CredentialView issue(IssueCredentialRequest request) {
        checkFieldsFit(request);
        if (subjects.findById(request.subjectId()).isEmpty()) {
            throw new ApiException(ProblemCode.SUBJECT_NOT_FOUND, 400, "There is no subject " + request.subjectId() + " in this tenant.");
        }
        Minted minted = mint(request);
        audit("credential.issued", minted.credential());
        return minted.view();
    }

    // ---------------------------------------------------------------- subject side (the consent portal)

    /** The kinds a subject may issue to themselves: a card is a physical object the controller hands out. */
    public static final java.util.Set<CredentialKind> SELF_ISSUABLE = java.util.EnumSet.of(CredentialKind.PIN,
            CredentialKind.QR_ONE_TIME, CredentialKind.QR_TOTP);

    /**
     * A credential the subject issues to themselves, without an admin (refusing face must cost nothing). At most one
     * active credential of each kind: a new one replaces (revokes) the subject's active one of that kind, whoever
     * issued it. At most {@code consentry.credential.self-issue-per-day} a day, so a stolen portal session cannot
     * churn credentials. Audited as issued by the subject. The caller checked that a site accepts the kind.
     */
    @Transactional
    public CredentialView issueBySubject(UUID subjectId, CredentialKind kind) {
        if (!SELF_ISSUABLE.contains(kind)) {
            throw new ApiException(ProblemCode.CREDENTIAL_NOT_SELF_ISSUABLE, "A " + kind + " credential is handed out by the "
                    + "controller; in the portal you can get a PIN, a one-time QR code or a time-based QR code.");
        }
        subjects.lock(subjectId);
        if (limits.increment("self-issue:" + caller.require().id + ":" + subjectId, java.time.Duration.ofDays(1)) > selfIssuePerDay) {
            throw new ApiException(ProblemCode.RATE_LIMITED, "You have issued " + selfIssuePerDay + " credentials today; "
                    + "use the ones you have or try again tomorrow.");
        }
        Instant now = Instant.now();
        AltCredential.<AltCredential>find("subjectId = ?1 and kind = ?2 and status = ?3", subjectId, kind, AltCredential.Status.ACTIVE)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list().forEach(old -> {
                    revoke(old, now);
                    audit(Actor.subject(subjectId.toString()), "credential.revoked", old, "replaced-by-subject");
                });
        AltCredential.flush();
        Minted minted = mint(new IssueCredentialRequest(subjectId, kind, "self-issued in the portal", null, null, null));
        audit(Actor.subject(subjectId.toString()), "credential.issued", minted.credential(), "subject");
        return minted.view();
    }

    /** The subject's credentials that can still open something (active, and for one-time codes not expired). */
    @Transactional
    public List<CredentialView> usable(UUID subjectId) {
        Instant now = Instant.now();
        return AltCredential.<AltCredential>list("subjectId = ?1 and status = ?2 order by createdAt", subjectId, AltCredential.Status.ACTIVE)
                .stream().filter(c -> c.expiresAt == null || now.isBefore(c.expiresAt)).map(CredentialView::of).toList();
    }

    /**
     * The QR payload a time-based credential of the subject shows right now ({@code CQ1.T.<id>.<code>}), for the portal to
     * draw; empty when the subject has no such active credential (another subject's id included).
     */
    @Transactional
    public Optional<String> currentTotpPayload(UUID subjectId, UUID credentialId) {
        AltCredential c = AltCredential.findById(credentialId);
        if (c == null || !c.subjectId.equals(subjectId) || c.kind != CredentialKind.QR_TOTP || c.status != AltCredential.Status.ACTIVE) {
            return Optional.empty();
        }
        byte[] secret = decrypt(c.id, c.totpSecret);
        return Optional.of(String.join(".", QR_PREFIX, "T", c.id.toString(), Totp.code(secret, Totp.step(Instant.now().getEpochSecond()))));
    }

    private record Minted(AltCredential credential, CredentialView view) {
    }

    private Minted mint(IssueCredentialRequest request) {
        AltCredential c = new AltCredential();
        c.id = UUID.randomUUID();
        c.subjectId = request.subjectId();
        c.kind = request.kind();
        c.status = AltCredential.Status.ACTIVE;
        c.label = request.label();
        c.createdAt = Instant.now();
        String pin = null;
        String qr = null;
        String totpSecret = null;
        switch (request.kind()) {
            case PIN -> {
                // One PIN per subject: a new one replaces the old one.
                AltCredential.<AltCredential>find("subjectId = ?1 and kind = ?2 and status = ?3", c.subjectId, CredentialKind.PIN,
                        AltCredential.Status.ACTIVE).withLock(LockModeType.PESSIMISTIC_WRITE).list().forEach(old -> revoke(old, c.createdAt));
                AltCredential.flush();
                pin = request.pin() != null ? request.pin() : String.format("%06d", random.nextInt(1_000_000));
                c.pinHash = pins.hash(pin);
            }
            case QR_ONE_TIME -> {
                byte[] token = new byte[32];
                random.nextBytes(token);
                String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
                c.tokenHash = sha256(encoded);
                int minutes = request.validForMinutes() == null ? DEFAULT_QR_MINUTES : request.validForMinutes();
                c.expiresAt = c.createdAt.plus(Duration.ofMinutes(minutes));
                qr = String.join(".", QR_PREFIX, "O", c.id.toString(), encoded);
            }
            case QR_TOTP -> {
                byte[] secret = new byte[20];
                random.nextBytes(secret);
                c.totpSecret = encrypt(c.id, secret);
                c.totpKeyId = TenantCrypto.keyIdOf(c.totpSecret);
                totpSecret = Totp.base32(secret);
            }
            case CARD -> {
                String card = request.cardId().strip();
                if (AltCredential.count("kind = ?1 and status = ?2 and cardId = ?3", CredentialKind.CARD, AltCredential.Status.ACTIVE, card) > 0) {
                    throw new ApiException(ProblemCode.CARD_IN_USE, "This card is already issued to a subject; revoke that credential first.");
                }
                c.cardId = card;
            }
        }
        c.persist();
        return new Minted(c, CredentialView.of(c).withSecret(pin, qr, totpSecret));
    }

    @Transactional
    public List<CredentialView> list(UUID subjectId) {
        List<AltCredential> found = subjectId == null
                ? AltCredential.list("order by createdAt")
                : AltCredential.list("subjectId = ?1 order by createdAt", subjectId);
        return found.stream().map(CredentialView::of).toList();
    }

    @Transactional
    public CredentialView revoke(UUID id) {
        AltCredential c = AltCredential.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw new ApiException(ProblemCode.CREDENTIAL_NOT_FOUND, "There is no credential " + id + " in this tenant.");
        }
        if (c.status == AltCredential.Status.ACTIVE) {
            revoke(c, Instant.now());
            audit("credential.revoked", c);
        }
        return CredentialView.of(c);
    }

    /** For subject erasure: every credential of the subject goes. */
    @Transactional
    public long eraseSubject(UUID subjectId) {
        return AltCredential.delete("subjectId", subjectId);
    }

    /** Kind and id only — never the PIN, token, secret or card number. */
    private void audit(String action, AltCredential c) {
        audit.append(new AuditEvent(Actor.user(caller.username()), action, c.subjectId.toString(), null, AuditOutcome.OK,
                Map.of("credentialId", c.id.toString(), "kind", c.kind.name())));
    }

    private void audit(Actor actor, String action, AltCredential c, String by) {
        audit.append(new AuditEvent(actor, action, c.subjectId.toString(), null, AuditOutcome.OK,
                Map.of("credentialId", c.id.toString(), "kind", c.kind.name(), "by", by)));
    }

    private static void revoke(AltCredential c, Instant when) {
        c.status = AltCredential.Status.REVOKED;
        c.revokedAt = when;
        c.pinHash = null;
        c.tokenHash = null;
        c.totpSecret = null;
        c.totpKeyId = null;
    }

    private static void checkFieldsFit(IssueCredentialRequest r) {
        if (r.pin() != null && r.kind() != CredentialKind.PIN) {
            throw new ApiException(ProblemCode.INVALID_CREDENTIAL_REQUEST, "pin only applies to kind PIN.");
        }
        if (r.validForMinutes() != null && r.kind() != CredentialKind.QR_ONE_TIME) {
            throw new ApiException(ProblemCode.INVALID_CREDENTIAL_REQUEST, "validForMinutes only applies to kind QR_ONE_TIME.");
        }
        if ((r.cardId() != null) != (r.kind() == CredentialKind.CARD)) {
            throw new ApiException(ProblemCode.INVALID_CREDENTIAL_REQUEST, r.kind() == CredentialKind.CARD ? "kind CARD needs the cardId." : "cardId only applies to kind CARD.");
        }
    }

    // ---------------------------------------------------------------- device side (inside the caller's transaction)

    /**
     * A PIN for a named subject ({@code null}: nobody of that name). Locked credentials are refused without looking at
     * the PIN. Nobody, or somebody without a PIN, gets the answer and the cost of a wrong PIN.
     */
    public CheckResult checkPin(UUID subjectId, String pin) {
        Optional<AltCredential> found = subjectId == null ? Optional.empty()
                : AltCredential.find("subjectId = ?1 and kind = ?2 and status = ?3", subjectId, CredentialKind.PIN,
                        AltCredential.Status.ACTIVE).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
        if (found.isEmpty()) {
            pins.matches(pin, decoyHash()); // same cost as a real check: no timing hint either
            return CheckResult.indistinguishable(subjectId == null ? "unknown_subject" : "unknown_credential");
        }
        AltCredential c = found.get();
        Instant now = Instant.now();
        if (locked(c, now)) {
            return CheckResult.refused(c, "credential_locked");
        }
        if (!pins.matches(pin, c.pinHash)) {
            return fail(c, now, "wrong_secret");
        }
        opened(c, now);
        return CheckResult.ok(c);
    }

    private volatile String decoyHash;

    /** One hash at the configured cost, made once: checking against it costs what checking a real PIN costs. */
    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            byte[] random = new byte[16];
            this.random.nextBytes(random);
            hash = pins.hash(Base64.getEncoder().encodeToString(random));
            decoyHash = hash;
        }
        return hash;
    }

    /** A scanned QR payload: one-time codes are consumed, time-based codes cannot be replayed. */
    public CheckResult checkQr(String payload) {
        String[] parts = payload == null || payload.length() > MAX_PAYLOAD ? new String[0] : payload.strip().split("\\.");
        if (parts.length != 4 || !QR_PREFIX.equals(parts[0])) {
            return CheckResult.refused(null, "unknown_credential");
        }
        UUID id;
        try {
            id = UUID.fromString(parts[2]);
        } catch (IllegalArgumentException e) {
            return CheckResult.refused(null, "unknown_credential");
        }
        AltCredential c = AltCredential.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null || !(("O".equals(parts[1]) && c.kind == CredentialKind.QR_ONE_TIME)
                || ("T".equals(parts[1]) && c.kind == CredentialKind.QR_TOTP))) {
            return CheckResult.refused(null, "unknown_credential");
        }
        Instant now = Instant.now();
        if (c.status == AltCredential.Status.USED) {
            return CheckResult.refused(c, "credential_used");
        }
        if (c.status == AltCredential.Status.REVOKED) {
            return CheckResult.refused(c, "credential_revoked");
        }
        if (locked(c, now)) {
            return CheckResult.refused(c, "credential_locked");
        }
        if (c.kind == CredentialKind.QR_ONE_TIME) {
            if (c.expiresAt != null && !now.isBefore(c.expiresAt)) {
                return CheckResult.refused(c, "credential_expired");
            }
            if (!MessageDigest.isEqual(sha256(parts[3]).getBytes(StandardCharsets.US_ASCII), c.tokenHash.getBytes(StandardCharsets.US_ASCII))) {
                return fail(c, now, "wrong_secret");
            }
            c.status = AltCredential.Status.USED;
            c.tokenHash = null;
            opened(c, now);
            return CheckResult.ok(c);
        }
        byte[] secret = decrypt(c.id, c.totpSecret);
        long current = Totp.step(now.getEpochSecond());
        for (long step = current - 1; step <= current + 1; step++) {
            if (MessageDigest.isEqual(Totp.code(secret, step).getBytes(StandardCharsets.US_ASCII), parts[3].getBytes(StandardCharsets.US_ASCII))) {
                if (c.totpLastStep != null && step <= c.totpLastStep) {
                    return CheckResult.refused(c, "code_replayed");
                }
                c.totpLastStep = step;
                opened(c, now);
                return CheckResult.ok(c);
            }
        }
        return fail(c, now, "wrong_secret");
    }

    public CheckResult checkCard(String cardId) {
        if (cardId == null || cardId.isBlank() || cardId.length() > 200) {
            return CheckResult.refused(null, "unknown_credential");
        }
        Optional<AltCredential> found = AltCredential.find("kind = ?1 and status = ?2 and cardId = ?3",
                CredentialKind.CARD, AltCredential.Status.ACTIVE, cardId.strip()).firstResultOptional();
        if (found.isEmpty()) {
            return CheckResult.refused(null, "unknown_credential");
        }
        found.get().usedAt = Instant.now();
        return CheckResult.ok(found.get());
    }

    private boolean locked(AltCredential c, Instant now) {
        return c.lockedUntil != null && now.isBefore(c.lockedUntil);
    }

    /**
     * A failed attempt. After a lockout the next series starts, but each lockout lasts twice as long as the one
     * before (up to the maximum) until the credential opens again: a guesser no longer gets a fresh series of attempts
     * every quarter of an hour.
     */
    private CheckResult fail(AltCredential c, Instant now, String reason) {
        if (c.lockedUntil != null && !now.isBefore(c.lockedUntil)) {
            c.failedAttempts = 0;
            c.lockedUntil = null;
        }
        c.failedAttempts++;
        if (c.failedAttempts >= maxFailures) {
            c.lockedUntil = now.plus(lockouts.duration(c.lockouts));
            c.lockouts++;
            return CheckResult.refused(c, "credential_locked");
        }
        return CheckResult.refused(c, reason);
    }

    /** The right secret: the failure series and the lockout history end. */
    private static void opened(AltCredential c, Instant now) {
        c.failedAttempts = 0;
        c.lockedUntil = null;
        c.lockouts = 0;
        c.usedAt = now;
    }

    // ---------------------------------------------------------------- crypto helpers

    private byte[] encrypt(UUID credentialId, byte[] secret) {
        return crypto.encrypt(secret, crypto.credentialBinding(credentialId));
    }

    private byte[] decrypt(UUID credentialId, byte[] ciphertext) {
        try {
            return crypto.decrypt(ciphertext, crypto.credentialBinding(credentialId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TOTP secret of credential " + credentialId + " does not decrypt under this tenant's keyset", e);
        }
    }

    static String sha256(String value) {
        return Sha256.hex(value);
    }
}
