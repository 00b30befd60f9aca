package io.consentry.accessrights;

import java.time.Instant;

/** The period of a membership; either bound may be absent (open). {@code validFrom} must come before {@code validUntil}. */
public record MembershipRequest(Instant validFrom, Instant validUntil) {
}
