package io.consentry.purpose;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/**
 * An impact assessment as an admin records it (PIPL art. 56 lists what it covers). Recording it is the approval: the
 * reviewer named here approved it on {@code approvedOn}.
 *
 * @param purposeAndNecessity why the purpose is pursued and why face processing is necessary for it
 * @param impactOnIndividuals what it means for the people whose faces are processed
 * @param risksAndMeasures    the risks and the security measures taken against them
 * @param alternatives        the non-face ways offered to whoever refuses
 * @param processingLocation  where the processing happens
 * @param reviewer            the person who reviewed and approved the assessment
 * @param approvedOn          the approval date (not in the future)
 * @param nextReviewOn        when it is reviewed again (after the approval date); past it, the review is overdue
 */
public record AssessmentRequest(@NotBlank @Size(max = 20000) String purposeAndNecessity,
                                @NotBlank @Size(max = 20000) String impactOnIndividuals,
                                @NotBlank @Size(max = 20000) String risksAndMeasures,
                                @NotBlank @Size(max = 20000) String alternatives,
                                @NotNull ProcessingLocation processingLocation,
                                @NotBlank @Size(max = 200) String reviewer,
                                @NotNull LocalDate approvedOn,
                                @NotNull LocalDate nextReviewOn) {
}
