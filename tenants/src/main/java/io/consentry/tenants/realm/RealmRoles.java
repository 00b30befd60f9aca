package io.consentry.tenants.realm;

import java.util.List;

/** The realm roles the platform relies on. Resources name them through these constants only. */
public final class RealmRoles {

    public static final String PLATFORM_OPERATOR = "platform-operator";
    public static final String TENANT_ADMIN = "tenant-admin";
    public static final String GUARD = "guard";
    public static final String AUDITOR = "auditor";
    /** Held by the service accounts of gates, turnstiles and kiosks. */
    public static final String DEVICE = "device";

    public static final List<String> TENANT_ROLES = List.of(TENANT_ADMIN, GUARD, AUDITOR, DEVICE);

    /** The roles a tenant's staff (people, not devices) hold; each staff member holds exactly one. */
    public static final List<String> STAFF_ROLES = List.of(TENANT_ADMIN, GUARD, AUDITOR);

    /**
     * Not granted to anyone directly: tenant-admin and auditor contain it (composite roles), and the realm's browser
     * flow asks everyone holding it for a one-time code from an authenticator app (see {@link SecondFactorPolicy}).
     */
    public static final String SECOND_FACTOR_REQUIRED = "second-factor-required";
    public static final List<String> SECOND_FACTOR_ROLES = List.of(TENANT_ADMIN, AUDITOR);

    /** Browser console client (authorization code flow, backend-for-frontend). */
    public static final String CONSOLE_CLIENT = "consentry-console";
    /** Public client for scripts and tests; password grant only when enabled by configuration. */
    public static final String CLI_CLIENT = "consentry-cli";

    private RealmRoles() {
    }
}
