package io.consentry.purpose;

import io.consentry.controller.Controller;
import io.consentry.controller.ControllerProfile;
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
import java.util.TreeMap;
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
    private final ControllerProfile controller;
    private final ImpactAssessments assessments;

    PurposeCatalog(EntityManager em, Event<NoticePublished> published, ControllerProfile controller, ImpactAssessments assessments) {
        this.em = em;
        this.published = published;
        this.controller = controller;
        this.assessments = assessments;
    }

    /**
     * Default purposes per tenant kind (MALL, BANK, COMPOUND, OTHER). A mall gets no analysis purpose unless an admin adds one.
     * They are seeded without an impact assessment, so they stay switched off (see {@link #inForce}) until an admin
     * records one: nobody can approve an assessment for the tenant in advance.
     */
    static List<PurposeKind> defaultsFor(String tenantKind) {
        return switch (tenantKind) {
            case "COMPOUND" -> List.of(PurposeKind.FACE_VERIFICATION, PurposeKind.FACE_IDENTIFICATION);
            case "MALL" -> List.of(PurposeKind.FACE_IDENTIFICATION);
            default -> List.of(PurposeKind.FACE_VERIFICATION);
        };
    }

    /**
     * Seeds the default purposes of the tenant's kind, published from the notice templates in the controller's first
     * language with the other language beside it. A notice names the controller, so nothing is seeded until the
     * controller profile is complete: until then the catalogue is empty and the console asks for the profile.
     */
    @Transactional
    public void ensureDefaults() {
        Number count = (Number) em.createNativeQuery("SELECT count(*) FROM purpose").getSingleResult();
        if (count.longValue() > 0 || !controller.complete()) {
            return;
        }
        Controller c = controller.requireComplete();
        String kind = TenantProfile.current().kind;
        Instant now = Instant.now();
        for (PurposeKind purposeKind : defaultsFor(kind)) {
            NoticeTemplates.Template d = NoticeTemplates.template(kind, purposeKind);
            UUID id = UUID.randomUUID();
            int inserted = em.createNativeQuery("INSERT INTO purpose (id, code, title, kind, retention_days, created_at) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (code) DO NOTHING")
                    .setParameter(1, id).setParameter(2, d.code()).setParameter(3, d.title()).setParameter(4, d.purposeKind().name())
                    .setParameter(5, d.retentionDays()).setParameter(6, now).executeUpdate();
            if (inserted == 1) {
                String language = c.defaultLanguage();
                StructuredNotice notice = freeze(d.content(), null, language, d.retentionDays(), c);
                String json = NoticeJson.write(notice);
                em.createNativeQuery("INSERT INTO notice_version (id, purpose_id, version, language, text, content_hash, published_at, content) "
                                + "VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7)")
                        .setParameter(1, UUID.randomUUID()).setParameter(2, id).setParameter(3, language)
                        .setParameter(4, NoticeRendering.render(notice, language)).setParameter(5, hash(json))
                        .setParameter(6, now).setParameter(7, json).executeUpdate();
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
        ensureDefaults();
        Purpose p = require(code);
        List<NoticeVersion> versions = NoticeVersion.list("purposeId = ?1 order by version", p.id);
        return versions.stream().map(PurposeView.Notice::of).toList();
    }

    /** A new purpose, with the impact assessment it was created with (null when its kind needs none). */
    public record Created(PurposeView purpose, AssessmentView assessment) {
    }

    /**
     * Adds a purpose with its first notice and, for a face purpose, its impact assessment — in one transaction, so a
     * face purpose never exists in force without one. The notice is checked field by field (400 naming each gap) and
     * the controller profile must be complete (409 naming each missing field) before anything is written.
     *
     * @param summary an optional lead paragraph in {@code language} (the request's plain {@code notice} text)
     */
    @Transactional
    public Created create(String code, String title, PurposeKind kind, int retentionDays, NoticeContent content, String summary,
                          String language, AssessmentRequest assessment, String recordedBy) {
        Controller c = controller.requireComplete();
        String lang = NoticeRules.language(language, content, c.defaultLanguage());
        NoticeRules.check("noticeContent", content, kind, lang);
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
        NoticeVersion notice = publish(p, freeze(content, summary, lang, retentionDays, c), lang, false);
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
    public PurposeView.Notice publishNotice(String code, NoticeContent content, String summary, String language, boolean material) {
        ensureDefaults();
        Purpose p = require(code);
        Controller c = controller.requireComplete();
        String lang = NoticeRules.language(language, content, c.defaultLanguage());
        NoticeRules.check("content", content, p.kind, lang);
        NoticeVersion n = publish(p, freeze(content, summary, lang, p.retentionDays, c), lang, material);
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

    private NoticeVersion publish(Purpose p, StructuredNotice notice, String language, boolean material) {
        int next = NoticeVersion.current(p.id).map(n -> n.version + 1).orElse(1);
        NoticeVersion n = new NoticeVersion();
        n.id = UUID.randomUUID();
        n.purposeId = p.id;
        n.version = next;
        n.language = language;
        n.content = NoticeJson.write(notice);
        n.text = NoticeRendering.render(notice, language);
        n.contentHash = hash(n.content);
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

    /** The admin's content with what publication adds: the retention days and the controller as it stands now. */
    private static StructuredNotice freeze(NoticeContent content, String summary, String language, int retentionDays, Controller c) {
        Map<String, NoticeTexts> texts = new TreeMap<>(content.texts());
        NoticeTexts own = texts.get(language);
        if (summary != null && !summary.isBlank() && (own.summary() == null || own.summary().isBlank())) {
            texts.put(language, own.withSummary(summary.strip()));
        }
        return new StructuredNotice(c, content.method(), content.processingLocation(), retentionDays,
                content.purposeCategory().stream().map(String::strip).toList(), content.piiCategory().stream().map(String::strip).toList(),
                content.consentType(), content.thirdPartyDisclosure(),
                content.thirdPartyDisclosure() ? content.thirdPartyName().strip() : null, texts);
    }

    private Purpose require(String code) {
        return Purpose.findByCode(code).orElseThrow(() ->
                new ApiException(ProblemCode.PURPOSE_NOT_FOUND, "There is no purpose with the code '" + code + "'."));
    }

    public static String hash(String text) {
        return Sha256.hex(text);
    }
}
