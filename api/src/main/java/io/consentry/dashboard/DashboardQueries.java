package io.consentry.dashboard;

import io.consentry.biometric.TemplateVault;
import io.consentry.consent.ConsentLedger;
import io.consentry.core.audit.AuditLog;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.device.Devices;
import io.consentry.gallery.IdentificationOutlook;
import io.consentry.policy.Policies;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.ImpactAssessments;
import io.consentry.purpose.PurposeAssessmentStatus;
import io.consentry.filing.FilingThreshold;
import io.consentry.purpose.PurposeRef;
import io.consentry.subject.Subjects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts for the dashboard, asked of the features that own them (the tenant comes from the caller's token through the
 * schema resolver). Decisions are counted from the audit log, which is where every device decision is recorded
 * ({@code access.<method>} entries with outcome GRANTED / DENIED / FALLBACK_REQUIRED).
 */
@ApplicationScoped
public class DashboardQueries {

    static final List<String> FACE_ACTIONS = List.of("access.face_1_1", "access.face_1_n");
    /** Alternative methods by their audit action; the guard's manual decision counts as an alternative too. */
    static final Map<String, String> ALTERNATIVE_ACTIONS = Map.of(
            "access.pin", "PIN", "access.qr", "QR", "access.card", "CARD", "access.guard-override", "GUARD");
    static final String ENROLMENT_ACTION = "enrolment";
    /** A face that replaced the enrolled one (explicit, from a fresh invitation) is an enrolment too. */
    static final String REPLACEMENT_ACTION = "enrolment.replaced";

    private final Subjects subjects;
    private final PurposeCatalog catalog;
    private final ConsentLedger ledger;
    private final TemplateVault vault;
    private final Devices devices;
    private final AuditLog auditLog;
    private final Policies policies;
    private final IdentificationOutlook outlook;
    private final Duration onlineWindow;
    private final ImpactAssessments assessments;
    private final FilingThreshold filing;

    DashboardQueries(Subjects subjects, PurposeCatalog catalog, ConsentLedger ledger, TemplateVault vault, Devices devices,
                     AuditLog auditLog, Policies policies, IdentificationOutlook outlook,
                     @ConfigProperty(name = "consentry.dashboard.device-online-window", defaultValue = "PT5M") Duration onlineWindow,
                     ImpactAssessments assessments, FilingThreshold filing) {
        this.assessments = assessments;
        this.filing = filing;
        this.subjects = subjects;
        this.catalog = catalog;
        this.ledger = ledger;
        this.vault = vault;
        this.devices = devices;
        this.auditLog = auditLog;
        this.policies = policies;
        this.outlook = outlook;
        this.onlineWindow = onlineWindow;
    }

    @Transactional
    public DashboardView counts(ZoneId zone) {
        Instant now = Instant.now();
        Instant today = LocalDate.now(zone).atStartOfDay(zone).toInstant();

        TemplateVault.Counts templates = vault.counts();
        long enrolledToday = auditLog.countSince(List.of(ENROLMENT_ACTION, REPLACEMENT_ACTION), today).stream()
                .filter(c -> AuditOutcome.OK.equals(c.outcome())).mapToLong(AuditLog.Count::count).sum();

        Map<String, Long> face = AuditLog.byOutcome(auditLog.countSince(FACE_ACTIONS, today));
        long granted = face.getOrDefault("GRANTED", 0L);
        long fallback = face.getOrDefault("FALLBACK_REQUIRED", 0L);
        long denied = face.getOrDefault("DENIED", 0L);

        long altGranted = 0, altDenied = 0;
        Map<String, Long> byMethod = new LinkedHashMap<>();
        for (String method : List.of("PIN", "QR", "CARD", "GUARD")) {
            byMethod.put(method, 0L);
        }
        for (AuditLog.Count row : auditLog.countSince(ALTERNATIVE_ACTIONS.keySet(), today)) {
            byMethod.merge(ALTERNATIVE_ACTIONS.get(row.action()), row.count(), Long::sum);
            if ("GRANTED".equals(row.outcome())) {
                altGranted += row.count();
            } else if ("DENIED".equals(row.outcome())) {
                altDenied += row.count();
            }
        }

        Devices.Counts fleet = devices.counts(now.minus(onlineWindow));
        return new DashboardView(now, zone.getId(), today, subjects.countLive(), activeConsents(),
                new DashboardView.Enrolments(templates.subjects(), templates.templates(), enrolledToday),
                new DashboardView.Decisions(granted, fallback, denied, granted + fallback + denied),
                new DashboardView.Alternatives(altGranted, altDenied, byMethod.values().stream().mapToLong(Long::longValue).sum(), byMethod),
                new DashboardView.DeviceCounts(fleet.active(), fleet.online(), fleet.unhealthy(), fleet.revoked(), onlineWindow.toSeconds()),
                auditLog.size(), identification(), regulatory());
    }

    /** What a regulator would ask about first: assessments overdue or missing, and the filing threshold. */
    private DashboardView.Regulatory regulatory() {
        var statuses = assessments.statuses();
        return new DashboardView.Regulatory(
                statuses.stream().filter(PurposeAssessmentStatus::overdue).map(PurposeAssessmentStatus::purpose).toList(),
                statuses.stream().filter(s -> !s.inForce()).map(PurposeAssessmentStatus::purpose).toList(),
                filing.status());
    }

    private DashboardView.Identification identification() {
        List<Policies.IdentifyingSite> sites = policies.identifyingSites();
        if (sites.isEmpty()) {
            return null;
        }
        java.util.Map<java.util.UUID, Integer> gallerySizes = new java.util.HashMap<>();
        List<DashboardView.SiteOutlook> outlooks = sites.stream().map(site -> {
            int gallerySize = gallerySizes.computeIfAbsent(site.purposeId(), outlook::currentGallerySize);
            IdentificationOutlook.Outlook o = outlook.at(site.targetFpir(), site.maxFnir(), gallerySize);
            return new DashboardView.SiteOutlook(site.siteId(), site.purposeId(), gallerySize, site.targetFpir(), o.meetable(),
                    o.reason(), o.expectedFnir(), o.largestGallerySize());
        }).toList();
        return new DashboardView.Identification(gallerySizes.values().stream().mapToInt(Integer::intValue).max().orElse(0), outlooks);
    }

    /** Per live purpose: subjects (not erased) whose latest event is an unexpired grant — the portal's own rule. */
    private List<DashboardView.PurposeConsents> activeConsents() {
        List<PurposeRef> purposes = catalog.live().stream()
                .sorted(java.util.Comparator.comparing(PurposeRef::code)).toList();
        Map<java.util.UUID, Long> active = ledger.activeCounts(purposes.stream().map(PurposeRef::id).toList());
        return purposes.stream().map(p -> new DashboardView.PurposeConsents(p.code(), p.title(), p.kind().name(),
                active.getOrDefault(p.id(), 0L))).toList();
    }
}
