package io.consentry.core.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Base64;
import java.util.Optional;

/** Reads the issuer claim of a JWT without verifying it — only to decide which realm's keys verify it. */
final class BearerTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private BearerTokens() {
    }

    static Optional<String> unverifiedIssuer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode issuer = claims.get("iss");
            return issuer != null && issuer.isTextual() ? Optional.of(issuer.asText()) : Optional.empty();
        } catch (Exception malformed) {
            return Optional.empty();
        }
    }
}
