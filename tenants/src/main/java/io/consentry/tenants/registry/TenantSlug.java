package io.consentry.tenants.registry;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's stable, URL-safe name. It must be a DNS label (it ends up in host names, realm and bucket
 * names), at most {@value #MAX_LENGTH} characters so that every derived name stays within its own limits.
 */
public record TenantSlug(String value) {

    public static final int MAX_LENGTH = 40;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    /** Names the platform itself uses in Keycloak, S3 or PostgreSQL. */
    private static final Set<String> RESERVED = Set.of("master", "platform", "admin", "api", "public", "consentry", "keycloak", "www");

    public TenantSlug {
        String problem = problemWith(value);
        if (problem != null) {
            throw new InvalidSlugException(problem);
        }
    }

    /** Returns why the text is not a valid slug, or null when it is one. */
    public static String problemWith(String value) {
        if (value == null || value.isEmpty()) {
            return "The slug is missing.";
        }
        if (value.length() > MAX_LENGTH) {
            return "The slug '" + value + "' is longer than " + MAX_LENGTH + " characters.";
        }
        if (!DNS_LABEL.matcher(value).matches()) {
            return "The slug '" + value + "' is not a DNS label: use lower-case letters, digits and inner hyphens only.";
        }
        if (RESERVED.contains(value)) {
            return "The slug '" + value + "' is reserved by the platform.";
        }
        return null;
    }

    /** PostgreSQL schema of the tenant; the prefix keeps tenant schemas apart from the platform's own. */
    public String schemaName() {
        return "t_" + value.replace('-', '_').toLowerCase(Locale.ROOT);
    }

    /** Keycloak realm of the tenant. */
    public String realmName() {
        return value;
    }

    public String bucketName(String prefix) {
        return prefix + value;
    }

    @Override
    public String toString() {
        return value;
    }

    public static final class InvalidSlugException extends IllegalArgumentException {
        public InvalidSlugException(String message) {
            super(message);
        }
    }
}
