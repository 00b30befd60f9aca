package io.consentry.devicekit;

import java.time.Duration;
import java.time.Instant;

/**
 * A device's bearer token and when it stops being accepted. A cached token is used only while it has more than a
 * margin left: a token that expires on its way to the api would be refused, and the gate would wait for a retry.
 */
public record AccessToken(String value, Instant expiresAt) {

    public AccessToken {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A token needs a value");
        }
    }

    /** The token the token endpoint issued at {@code issuedAt}, valid {@code expiresInSeconds} (OAuth2 {@code expires_in}). */
    public static AccessToken issued(String value, long expiresInSeconds, Instant issuedAt) {
        return new AccessToken(value, issuedAt.plusSeconds(Math.max(0, expiresInSeconds)));
    }

    /**
     * Whether to send this token at {@code now}: only while more than {@code margin} is left. A token whose whole
     * lifetime is shorter than twice the margin is used for half its lifetime instead, so very short lifetimes do
     * not make every call fetch a new token.
     */
    public boolean usableAt(Instant now, Duration margin, Duration lifetime) {
        Duration effective = lifetime.compareTo(margin.multipliedBy(2)) < 0 ? lifetime.dividedBy(2) : margin;
        return now.isBefore(expiresAt.minus(effective));
    }
}
