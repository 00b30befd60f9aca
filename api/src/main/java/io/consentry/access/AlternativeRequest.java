package io.consentry.access;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/**
 * A non-biometric credential presented at a device.
 * PIN: {@code pin} plus the person's {@code subjectRef} (or {@code subjectId}); QR: {@code qr}, the scanned payload;
 * CARD: {@code cardId}.
 */
public record AlternativeRequest(@NotNull AlternativeMethod method,
                                 UUID subjectId,
                                 @Size(max = 200) String subjectRef,
                                 @Size(max = 64) String pin,
                                 @Size(max = 300) String qr,
                                 @Size(max = 200) String cardId) {

    public enum AlternativeMethod { PIN, QR, CARD }
}
