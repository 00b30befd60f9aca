package io.consentry.purpose;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.crypto.Sha256;
import io.consentry.core.problem.ApiException;
import io.consentry.tenants.profile.TenantProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The tenant's purpose catalogue. Defaults for the tenant's kind are seeded lazily on first use (idempotent, race-safe
 * through the unique purpose code), which also covers tenants provisioned before consent existed.
 */
@ApplicationScoped
public class PurposeCatalog {

    private final EntityManager em;
    private final Event<NoticePublished> published;
    private final ImpactAssessments assessments;

    PurposeCatalog(EntityManager em, Event<NoticePublished> published, ImpactAssessments assessments) {
        this.em = em;
        this.published = published;
        this.assessments = assessments;
    }

    record Default(String code, String title, PurposeKind kind, int retentionDays, String notice) {
    }

    private static final Default GATE = new Default("gate-verification", "Face verification at the gates",
            PurposeKind.FACE_VERIFICATION, 365,
            "We compare your face with the template made from your enrolment selfie when you present yourself at a gate "
                    + "(1:1). Only a template is kept, encrypted; you can use a PIN, QR code, card or the guard instead.");
    private static final Default IDENT = new Default("member-identification", "Face identification among members",
            PurposeKind.FACE_IDENTIFICATION, 365,
            "Cameras may recognise you among the members who agreed to this (1:N search) without you presenting a card. "
                    + "Refusing changes nothing else: every other way in stays open.");
    private static final Default BANK = new Default("counter-verification", "Face verification at the counter",
            PurposeKind.FACE_VERIFICATION, 365,
            "We compare your face with your enrolled template to confirm your identity at the counter (1:1). "
                    + "You can always identify yourself with your ID document instead.");

    /**
     * Defaults per tenant kind (MALL, BANK, COMPOUND, OTHER). A mall gets no analysis purpose unless an admin adds one.
     * They are seeded without an impact assessment, so they stay switched off (see {@link #inForce}) until an admin
     * records one: nobody can approve an assessment for the tenant in advance.
     */
    static List<Default> defaultsFor(String tenantKind) {
        return switch (tenantKind) {
            case "COMPOUND" -> List.of(GATE, IDENT);
            case "BANK" -> List.of(BANK);
            case "MALL" -> List.of(IDENT);
            default -> List.of(GATE);
        };
    }

    @Transactional
    public void ensureDefaults() {
        Number count = (Number) em.createNativeQuery("SELECT count(*) FROM purpose").getSingleResult();
        if (count.longValue() > 0) {
            return;
        }
        String kind = TenantProfile.current().kind;
        Instant now = Instant.now();
        for (Default d : defaultsFor(kind)) {
            UUID id = UUID.randomUUID();
            int inserted = em.createNativeQuery("INSERT INTO purpose (id, code, title, kind, retention_days, created_at) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (code) DO NOTHING")
                    .setParameter(1, id).setParameter(2, d.code()).setParameter(3, d.title()).setParameter(4, d.kind().name())
                    .setParameter(5, d.retentionDays()).setParameter(6, now).executeUpdate();
            if (inserted == 1) {
                em.createNativeQuery("INSERT INTO notice_version (id, purpose_id, version, language, text, content_hash, published_at) "
                                + "VALUES (?1, ?2, 1, 'en', ?3, ?4, ?5)")
                        .setParameter(1, UUID.randomUUID()).setParameter(2, id).setParameter(3, d.notice())
                        .setParameter(4, hash(d.notice())).setParameter(5, now).executeUpdate();
            }
        }
    }

    @Transactional
    public List<PurposeView> list() {
        ensureDefaults();
        List<Purpose> purposes = Purpose.list("retiredAt is null order by createdAt, code");
        return purposes.stream().map(p -> PurposeView.of(p, NoticeVersion.current(p.id).orElse(null))).toList();
    }

    @Transactional
    public PurposeView get(String code) {
        ensureDefaults();
        Purpose p = require(code);
        return PurposeView.of(p, NoticeVersion.current(p.id).orElse(null));
    }

    @Transactional
    public List<PurposeView.Notice> notices(String code) {
        Purpose p = require(code);
        List<NoticeVersion> versions = NoticeVersion.list("purposeId = ?1 order by version", p.id);
        return versions.stream().map(PurposeView.Notice::of).toList();
    }

    /** A new purpose, with the impact assessment it was created with (null when its kind needs none). */
    public record Created(PurposeView purpose, AssessmentView assessment) {
    }

    /**
     * Creates a purpose with its first notice and, for a face purpose, its impact assessment — in one transaction, so
     * a face purpose never exists in force without one.
     */
    @Transactional
    public Created create(String code, String title, PurposeKind kind, int retentionDays, String noticeText, String language,
                          AssessmentRequest assessment, String recordedBy) {
        ensureDefaults();
        if (Purpose.findByCode(code).isPresent()) {
            throw new ApiException(ProblemCode.PURPOSE_EXISTS, "A purpose with the code '" + code + "' already exists.");
        }
        if (kind.needsImpactAssessment() && assessment == null) {
            throw new ApiException(ProblemCode.IMPACT_ASSESSMENT_REQUIRED, 400, "A " + kind + " purpose processes face data: "
                    + "send its approved impact assessment in the field 'assessment' (purpose and necessity, impact on "
                    + "individuals, risks and measures, alternatives, processing location, reviewer, approval and next "
                    + "review dates).");
        }
        if (assessment != null) {
            ImpactAssessments.check(assessment);
        }
        Purpose p = new Purpose();
        p.id = UUID.randomUUID();
        p.code = code;
        p.title = title;
        p.kind = kind;
        p.retentionDays = retentionDays;
        p.createdAt = Instant.now();
        p.persist();
        NoticeVersion notice = publish(p, noticeText, language, false);
        AssessmentView recorded = assessment == null ? null : assessments.record(p, assessment, recordedBy);
        return new Created(PurposeView.of(p, notice), recorded);
    }

    /** Records a new version of the impact assessment of a live purpose; the first one switches the purpose on. */
    @Transactional
    public AssessmentView recordAssessment(String code, AssessmentRequest assessment, String recordedBy) {
        ensureDefaults();
        Purpose p = require(code);
        if (p.retiredAt != null) {
            throw new ApiException(ProblemCode.PURPOSE_NOT_FOUND, "The purpose '" + code + "' is retired; its assessments are kept but no new one is recorded.");
        }
        return assessments.record(p, assessment, recordedBy);
    }

    /**
     * Whether a live purpose may be used: offered in the portal, decided on, named by a site policy and run at a device.
     * A purpose that processes face data needs an approved impact assessment first (PIPL art. 55).
     */
    @Transactional
    public boolean inForce(UUID purposeId) {
        Purpose p = Purpose.findById(purposeId);
        return p != null && p.retiredAt == null && assessments.inForce(p.id, p.kind);
    }

    /** The purposes the portal offers: live and in force (see {@link #inForce}), with their current notices. */
    @Transactional
    public List<PurposeView> offered() {
        ensureDefaults();
        java.util.Set<UUID> assessed = assessments.assessedPurposes();
        List<Purpose> purposes = Purpose.list("retiredAt is null order by createdAt, code");
        return purposes.stream().filter(p -> !p.kind.needsImpactAssessment() || assessed.contains(p.id))
                .map(p -> PurposeView.of(p, NoticeVersion.current(p.id).orElse(null))).toList();
    }

    /**
     * Publishes a new notice version; consents already given stay tied to the version they were given for. A
     * {@code material} version means they no longer cover the purpose: observers of {@link NoticePublished} (the consent
     * feature) apply that in this transaction.
     */
    @Transactional
    public PurposeView.Notice publishNotice(String code, String text, String language, boolean material) {
        Purpose p = require(code);
        NoticeVersion n = publish(p, text, language, material);
        em.flush(); // observers read the new version through their own queries
        published.fire(new NoticePublished(PurposeRef.of(p), n.version, n.material));
        return PurposeView.Notice.of(n);
    }

    /**
     * The version of the purpose's latest material notice (0 when none): a grant given to an earlier version needs
     * re-consent.
     */
    @Transactional
    public int reconsentBelow(UUID purposeId) {
        Number v = (Number) em.createNativeQuery("SELECT coalesce(max(version), 0) FROM notice_version WHERE purpose_id = ?1 AND material")
                .setParameter(1, purposeId).getSingleResult();
        return v.intValue();
    }

    /** Per purpose with a material notice: the version of its latest one (see {@link #reconsentBelow}). */
    @Transactional
    public Map<UUID, Integer> reconsentThresholds() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT purpose_id, max(version) FROM notice_version WHERE material GROUP BY purpose_id")
                .getResultList();
        return rows.stream().collect(Collectors.toMap(r -> (UUID) r[0], r -> ((Number) r[1]).intValue()));
    }

    /** The version numbers of notices, by notice id (what a consent event points at). */
    @Transactional
    public Map<UUID, Integer> noticeVersions(java.util.Collection<UUID> noticeIds) {
        if (noticeIds.isEmpty()) {
            return Map.of();
        }
        return NoticeVersion.<NoticeVersion>list("id in ?1", noticeIds).stream().collect(Collectors.toMap(n -> n.id, n -> n.version));
    }

    private NoticeVersion publish(Purpose p, String text, String language, boolean material) {
        int next = NoticeVersion.current(p.id).map(n -> n.version + 1).orElse(1);
        NoticeVersion n = new NoticeVersion();
        n.id = UUID.randomUUID();
        n.purposeId = p.id;
        n.version = next;
        n.language = language == null ? "en" : language;
        n.text = text;
        n.contentHash = hash(text);
        n.publishedAt = Instant.now();
        n.material = material && next > 1;
        n.persist();
        return n;
    }

    /** Takes a purpose out of the catalogue (its history stays). Callers end its grants first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void retire(UUID purposeId) {
        Purpose managed = Purpose.findById(purposeId);
        managed.retiredAt = Instant.now();
    }

    /** A live (not retired) purpose by code, with its current notice. */
    @Transactional
    public Optional<PurposeView> find(String code) {
        ensureDefaults();
        return Purpose.findByCode(code).filter(p -> p.retiredAt == null)
                .map(p -> PurposeView.of(p, NoticeVersion.current(p.id).orElse(null)));
    }

    /** A purpose by id, retired or not (consent history outlives the catalogue entry). */
    @Transactional
    public Optional<PurposeView> byId(UUID purposeId) {
        return Purpose.<Purpose>findByIdOptional(purposeId).map(p -> PurposeView.of(p, NoticeVersion.current(p.id).orElse(null)));
    }

    /** Every purpose ever created, retired ones included: id to code, for reading old history. */
    @Transactional
    public Map<UUID, String> codesById() {
        return Purpose.<Purpose>listAll().stream().collect(Collectors.toMap(p -> p.id, p -> p.code));
    }

    /** Live purposes in catalogue order, without notices: one query, for consent checks on hot paths. */
    @Transactional
    public List<PurposeRef> live() {
        return Purpose.<Purpose>list("retiredAt is null order by createdAt, code").stream().map(PurposeRef::of).toList();
    }

    /** A live purpose by code, without its notice (policy checks, hot paths). */
    @Transactional
    public Optional<PurposeRef> findRef(String code) {
        ensureDefaults();
        return Purpose.findByCode(code).filter(p -> p.retiredAt == null).map(PurposeRef::of);
    }

    /**
     * A live purpose in force by id, without its notice; empty once it is retired, and while a face purpose has no
     * approved impact assessment (a site must not run under it, a gate must not count its grants).
     */
    @Transactional
    public Optional<PurposeRef> liveRef(UUID purposeId) {
        return Purpose.<Purpose>findByIdOptional(purposeId).filter(p -> p.retiredAt == null)
                .filter(p -> assessments.inForce(p.id, p.kind)).map(PurposeRef::of);
    }

    /** Live purposes of one kind, e.g. every identification purpose. */
    @Transactional
    public List<PurposeRef> ofKind(PurposeKind kind) {
        return Purpose.<Purpose>list("retiredAt is null and kind = ?1 order by createdAt, code", kind).stream()
                .map(PurposeRef::of).toList();
    }

    /** The notice version of a purpose that has the given content hash (the one a subject answered). */
    @Transactional
    public Optional<PurposeView.Notice> noticeByHash(UUID purposeId, String contentHash) {
        return NoticeVersion.<NoticeVersion>find("contentHash = ?1 and purposeId = ?2", contentHash, purposeId)
                .firstResultOptional().map(PurposeView.Notice::of);
    }

    private Purpose require(String code) {
        return Purpose.findByCode(code).orElseThrow(() ->
                new ApiException(ProblemCode.PURPOSE_NOT_FOUND, "There is no purpose with the code '" + code + "'."));
    }

    public static String hash(String text) {
        return Sha256.hex(text);
    }
}
