package io.consentry.accessrights;

import java.time.Instant;
import java.util.UUID;

/** @param validNow whether the membership counts at this moment (its period includes now) */
public record MembershipView(UUID groupId, String groupName, UUID subjectId, String subjectRef, String displayName,
                             Instant validFrom, Instant validUntil, Instant addedAt, boolean validNow) {
}
