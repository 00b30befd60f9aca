package io.consentry.purpose;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Impact assessments of the tenant's purposes (PIPL arts. 55-56): recorded in versions that never change, and the
 * gate every face purpose passes before it is used — a purpose whose kind processes face data is in force only once an
 * approved assessment is recorded for it. The other features ask through {@link PurposeCatalog}.
 */
@ApplicationScoped
public class ImpactAssessments {

    private final EntityManager em;

    ImpactAssessments(EntityManager em) {
        this.em = em;
    }

    /** Whether the purpose may be used: its kind needs no assessment, or one is recorded. One indexed query. */
    boolean inForce(UUID purposeId, PurposeKind kind) {
        if (!kind.needsImpactAssessment()) {
            return true;
        }
        return !em.createNativeQuery("SELECT 1 FROM impact_assessment WHERE purpose_id = ?1 LIMIT 1")
                .setParameter(1, purposeId).getResultList().isEmpty();
    }

    /** The purposes (ids) that have at least one recorded assessment. */
    @SuppressWarnings("unchecked")
    java.util.Set<UUID> assessedPurposes() {
        return new java.util.HashSet<>(em.createNativeQuery("SELECT DISTINCT purpose_id FROM impact_assessment").getResultList());
    }

    /** Records the next version for the purpose; the caller audits it. */
    @Transactional(Transactional.TxType.MANDATORY)
    AssessmentView record(Purpose purpose, AssessmentRequest request, String recordedBy) {
        check(request);
        // Versions are numbered per purpose; two admins recording at once: the unique (purpose, version) refuses one.
        Number last = (Number) em.createNativeQuery("SELECT coalesce(max(version), 0) FROM impact_assessment WHERE purpose_id = ?1")
                .setParameter(1, purpose.id).getSingleResult();
        ImpactAssessment a = new ImpactAssessment();
        a.id = UUID.randomUUID();
        a.purposeId = purpose.id;
        a.version = last.intValue() + 1;
        a.purposeAndNecessity = request.purposeAndNecessity().strip();
        a.impactOnIndividuals = request.impactOnIndividuals().strip();
        a.risksAndMeasures = request.risksAndMeasures().strip();
        a.alternatives = request.alternatives().strip();
        a.processingLocation = request.processingLocation();
        a.reviewer = request.reviewer().strip();
        a.approvedOn = request.approvedOn();
        a.nextReviewOn = request.nextReviewOn();
        a.recordedBy = recordedBy;
        a.recordedAt = Instant.now();
        a.contentHash = PurposeCatalog.hash(String.join("\u001f", purpose.code, Integer.toString(a.version), a.purposeAndNecessity,
                a.impactOnIndividuals, a.risksAndMeasures, a.alternatives, a.processingLocation.name(), a.reviewer,
                a.approvedOn.toString(), a.nextReviewOn.toString()));
        a.persist();
        return view(a, purpose, null, today());
    }

    /** Dates that make sense: approved already (a day's slack for time zones ahead of UTC), reviewed again later. */
    static void check(AssessmentRequest request) {
        if (request.approvedOn().isAfter(today().plusDays(1))) {
            throw new ApiException(ProblemCode.ASSESSMENT_INVALID, "approvedOn " + request.approvedOn()
                    + " lies in the future: record an assessment once it has been approved.");
        }
        if (!request.nextReviewOn().isAfter(request.approvedOn())) {
            throw new ApiException(ProblemCode.ASSESSMENT_INVALID, "nextReviewOn " + request.nextReviewOn()
                    + " must come after approvedOn " + request.approvedOn() + ".");
        }
    }

    /** Every live purpose with its assessments, in catalogue order. */
    @Transactional
    public List<PurposeAssessmentStatus> statuses() {
        List<Purpose> purposes = Purpose.list("retiredAt is null order by createdAt, code");
        Map<UUID, List<ImpactAssessment>> byPurpose = new HashMap<>();
        for (ImpactAssessment a : ImpactAssessment.<ImpactAssessment>list("order by version desc")) {
            byPurpose.computeIfAbsent(a.purposeId, k -> new ArrayList<>()).add(a);
        }
        LocalDate today = today();
        return purposes.stream().map(p -> status(p, byPurpose.getOrDefault(p.id, List.of()), today)).toList();
    }

    /** One purpose with its assessments. */
    @Transactional
    public PurposeAssessmentStatus status(String code) {
        Purpose p = Purpose.findByCode(code).orElseThrow(() ->
                new ApiException(ProblemCode.PURPOSE_NOT_FOUND, "There is no purpose with the code '" + code + "'."));
        return status(p, ImpactAssessment.list("purposeId = ?1 order by version desc", p.id), today());
    }

    /** One version by id; another tenant's id is simply not found here (its schema is not this one). */
    @Transactional
    public AssessmentView get(UUID id) {
        ImpactAssessment a = ImpactAssessment.findById(id);
        if (a == null) {
            throw new ApiException(ProblemCode.ASSESSMENT_NOT_FOUND, "There is no impact assessment " + id + " in this tenant.");
        }
        Purpose p = Purpose.findById(a.purposeId);
        List<ImpactAssessment> versions = ImpactAssessment.list("purposeId = ?1 order by version desc", p.id);
        return views(p, versions, today()).stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }

    private PurposeAssessmentStatus status(Purpose p, List<ImpactAssessment> newestFirst, LocalDate today) {
        List<AssessmentView> versions = views(p, newestFirst, today);
        AssessmentView current = versions.stream().filter(AssessmentView::current).findFirst().orElse(null);
        boolean required = p.kind.needsImpactAssessment();
        return new PurposeAssessmentStatus(p.code, p.title, p.kind, required, !required || !newestFirst.isEmpty(), current,
                current != null && current.overdue(), versions);
    }

    private static List<AssessmentView> views(Purpose p, List<ImpactAssessment> newestFirst, LocalDate today) {
        List<AssessmentView> out = new ArrayList<>();
        Instant supersededAt = null;
        for (ImpactAssessment a : newestFirst) {
            out.add(view(a, p, supersededAt, today));
            supersededAt = a.recordedAt;
        }
        out.sort(Comparator.comparingInt(AssessmentView::version).reversed());
        return out;
    }

    private static AssessmentView view(ImpactAssessment a, Purpose p, Instant supersededAt, LocalDate today) {
        boolean current = supersededAt == null && p.retiredAt == null;
        return new AssessmentView(a.id, p.code, p.title, p.kind.name(), a.version, a.purposeAndNecessity, a.impactOnIndividuals,
                a.risksAndMeasures, a.alternatives, a.processingLocation, a.reviewer, a.approvedOn, a.nextReviewOn, a.recordedBy,
                a.recordedAt, a.contentHash, current, supersededAt, current && a.nextReviewOn.isBefore(today));
    }

    /**
     * Deletes the versions that stopped applying before {@code cutoff}: superseded by a version recorded before it, or
     * of a purpose retired before it. The version that applies is never deleted. Returns the deleted versions.
     */
    @Transactional
    public List<AssessmentView> deleteStoppedBefore(Instant cutoff) {
        List<AssessmentView> deleted = new ArrayList<>();
        LocalDate today = today();
        for (Purpose p : Purpose.<Purpose>listAll()) {
            List<ImpactAssessment> versions = ImpactAssessment.list("purposeId = ?1 order by version desc", p.id);
            Instant supersededAt = null;
            for (ImpactAssessment a : versions) {
                Instant stopped = supersededAt != null ? supersededAt : p.retiredAt;
                if (stopped != null && stopped.isBefore(cutoff)) {
                    deleted.add(view(a, p, stopped, today)); // supersededAt: when it stopped applying
                    a.delete();
                }
                supersededAt = a.recordedAt;
            }
        }
        return deleted;
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
