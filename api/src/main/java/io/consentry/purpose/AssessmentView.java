package io.consentry.purpose;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One version of an impact assessment.
 *
 * @param current      the latest version of a live purpose: the one that applies
 * @param supersededAt when a later version replaced it (null while current)
 * @param overdue      current, and its next review date has passed
 */
public record AssessmentView(UUID id, String purpose, String purposeTitle, String purposeKind, int version,
                             String purposeAndNecessity, String impactOnIndividuals, String risksAndMeasures,
                             String alternatives, ProcessingLocation processingLocation, String reviewer,
                             LocalDate approvedOn, LocalDate nextReviewOn, String recordedBy, Instant recordedAt,
                             String contentHash, boolean current, Instant supersededAt, boolean overdue) {
}
