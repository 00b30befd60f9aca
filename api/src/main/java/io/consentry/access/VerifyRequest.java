package io.consentry.access;

import io.consentry.policy.ClaimType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * 1:1 verification: who the person claims to be, and one camera frame (JPEG/PNG/BMP/WebP, base64).
 * The image is only analysed when the claimed subject has an active FACE_VERIFICATION consent.
 */
public record VerifyRequest(@NotNull @Valid Claim claim, @NotBlank String image) {

    public record Claim(@NotNull ClaimType type, @NotBlank @Size(max = 300) String value) {
    }
}
