package io.consentry.credential;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/**
 * Issue a credential to a subject.
 *
 * @param pin             PIN only: 6–12 digits; omitted → a random 6-digit PIN is generated and shown once
 * @param cardId          CARD only: the card's identifier as the reader reports it
 * @param validForMinutes QR_ONE_TIME only: how long the code stays usable (default 1440 = one day)
 */
public record IssueCredentialRequest(@NotNull UUID subjectId,
                                     @NotNull CredentialKind kind,
                                     @Size(max = 200) String label,
                                     @Pattern(regexp = "\\d{6,12}", message = "must be 6 to 12 digits") String pin,
                                     @Size(min = 4, max = 200) @Pattern(regexp = "[\\x21-\\x7e]+", message = "must be printable ASCII without spaces") String cardId,
                                     @Min(1) @Max(60 * 24 * 30) Integer validForMinutes) {
}
