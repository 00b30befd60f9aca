package io.consentry.purpose;

import java.util.List;

/**
 * A purpose with its impact assessments: what the console's assessment screen lists.
 *
 * @param required the purpose's kind processes face data, so it needs an assessment
 * @param inForce  the purpose may be used: no assessment needed, or one recorded
 * @param current  the version that applies, or null
 * @param overdue  the current version's next review date has passed
 * @param versions every version kept, newest first
 */
public record PurposeAssessmentStatus(String purpose, String title, PurposeKind kind, boolean required, boolean inForce,
                                      AssessmentView current, boolean overdue, List<AssessmentView> versions) {
}
