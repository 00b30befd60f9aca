package io.consentry.access;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/** A guard's manual decision at a site, with the reason they give (kept in the audit log). */
public record GuardOverrideRequest(@NotNull UUID siteId,
                                   UUID deviceId,
                                   @NotNull GuardDecision decision,
                                   @NotBlank @Size(min = 3, max = 500) String reason,
                                   UUID subjectId,
                                   @Size(max = 200) String subjectRef) {

    public enum GuardDecision { GRANTED, DENIED }
}
