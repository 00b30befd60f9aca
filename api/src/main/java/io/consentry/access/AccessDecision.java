package io.consentry.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.consentry.policy.AccessMethod;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer to every device decision call.
 *
 * @param reason         stable code (e.g. {@code face_match}, {@code face_mismatch}, {@code no_face_consent},
 *                       {@code no_match}, {@code gallery_loading}, {@code gallery_too_large_for_replica}, {@code credential_valid}, {@code wrong_secret}, {@code credential_locked},
 *                       {@code method_not_allowed}, {@code site_closed}, {@code guard_override})
 * @param purpose        code of the purpose a face method ran under (the site policy's choice); absent for the other
 *                       methods and when the site has not chosen one ({@code purpose_not_set})
 * @param score          similarity score, only for face decisions that compared templates
 * @param threshold      the score threshold the decision used, alongside the score
 * @param operatingPoint face decisions: the rate and target, threshold, gallery size (1:N) and calibration they used
 * @param allowedMethods the non-biometric methods the site's policy offers (always present for fallbacks)
 * @param auditEntryId   the audit log entry that records this decision
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessDecision(Outcome decision, String reason, AccessMethod method, String purpose, Float score, Float threshold,
                             OperatingPoint operatingPoint, List<AccessMethod> allowedMethods, UUID subjectId, String subjectRef,
                             UUID siteId,
                             UUID deviceId, UUID auditEntryId, Instant decidedAt) {
}
