package io.consentry.devstack;

/**
 * The configuration property names the api reads (defined in the api's application.properties).
 * {@link DevStack#apiConfig()} produces exactly these.
 */
public final class ApiConfigKeys {

    public static final String DATASOURCE_JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String DATASOURCE_USERNAME = "quarkus.datasource.username";
    public static final String DATASOURCE_PASSWORD = "quarkus.datasource.password";
    /** The owner role: platform and tenant migrations, tenant schemas (the runtime role above serves requests). */
    public static final String OWNER_DATASOURCE_USERNAME = "quarkus.datasource.owner.username";
    public static final String OWNER_DATASOURCE_PASSWORD = "quarkus.datasource.owner.password";
    public static final String S3_ENDPOINT = "consentry.s3.endpoint";
    public static final String S3_ACCESS_KEY = "consentry.s3.access-key";
    public static final String S3_SECRET_KEY = "consentry.s3.secret-key";
    public static final String KEYCLOAK_URL = "consentry.keycloak.url";
    /** The api's service-account client in the master realm (create-realm only; see ApiServiceAccount). */
    public static final String KEYCLOAK_ADMIN_CLIENT_ID = "consentry.keycloak.admin-client-id";
    public static final String KEYCLOAK_ADMIN_CLIENT_SECRET = "consentry.keycloak.admin-client-secret";
    public static final String MASTER_KEY_KEYSET_FILE = "consentry.master-key.keyset-file";
    public static final String MASTER_KEY_GENERATE_IF_MISSING = "consentry.master-key.generate-if-missing";
    public static final String STATE_DIR = "consentry.state-dir";
    /** Where the api delivers mail (SMTP, no TLS on the loopback). */
    public static final String MAILER_HOST = "quarkus.mailer.host";
    public static final String MAILER_PORT = "quarkus.mailer.port";
    /** The local web mailbox (not an api setting: the api ignores it; tests and the browser journey read mail there). */
    public static final String MAILBOX_URL = "consentry.devstack.mailbox-url";

    private ApiConfigKeys() {
    }

    /** Quarkus' environment-variable form: upper case, every non-alphanumeric character becomes '_'. */
    public static String toEnvironmentVariable(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }
}
