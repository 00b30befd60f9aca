package io.consentry.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The console's first screen. "Today" starts at midnight in {@code timeZone} (the admin's, sent by the browser).
 *
 * @param verificationsToday face decisions at devices (1:1 and 1:N)
 * @param alternativesToday  decisions by PIN, QR code, card or a guard
 */
public record DashboardView(Instant asOf, String timeZone, Instant todayFrom, long subjects, List<PurposeConsents> activeConsents,
                            Enrolments enrolments, Decisions verificationsToday, Alternatives alternativesToday,
                            DeviceCounts devices, long auditEntries, Identification identification, Regulatory regulatory) {

    /**
     * @param overdueAssessments purposes whose impact assessment is past its next review date
     * @param unassessedPurposes face purposes switched off because no approved impact assessment is recorded
     * @param filing             the tenant's standing against the filing threshold (the console's banner)
     */
    public record Regulatory(List<String> overdueAssessments, List<String> unassessedPurposes,
                             io.consentry.filing.FilingStatus filing) {
    }

    /**
     * 1:N identification as the gallery grows: for each site that identifies, whether the model pack can still keep
     * its target FPIR at the gallery's size, and the share of members it expects to miss.
     */
    /** @param gallerySize the largest of the purposes' galleries */
    public record Identification(int gallerySize, List<SiteOutlook> sites) {
    }

    /** @param gallerySize templates in the gallery of the site's identification purpose */
    public record SiteOutlook(java.util.UUID siteId, java.util.UUID purposeId, int gallerySize, double targetFpir, boolean meetable,
                              String reason, Double expectedFnir, int largestGallerySize) {
    }

    public record PurposeConsents(String code, String title, String kind, long active) {
    }

    /** @param enrolledSubjects subjects with at least one template; @param today enrolments recorded today */
    public record Enrolments(long enrolledSubjects, long templates, long today) {
    }

    /** @param fallback FALLBACK_REQUIRED: the device was told to offer a non-biometric method */
    public record Decisions(long granted, long fallback, long denied, long total) {
    }

    public record Alternatives(long granted, long denied, long total, Map<String, Long> byMethod) {
    }

    /** @param online active devices whose last heartbeat is within {@code onlineWindowSeconds} */
    public record DeviceCounts(long active, long online, long unhealthy, long revoked, long onlineWindowSeconds) {
    }
}
