package io.consentry.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole stack in this JVM, started once for the class: Keycloak alone takes 10-30 s. */
class DevStackTest {

    private static DevStack stack;
    private static Map<String, String> config;

    @BeforeAll
    static void startStack() {
        stack = DevStack.start(DevStack.Options.ephemeral().withProgress(line -> System.out.println("[devstack] " + line)));
        config = stack.apiConfig();
        assertThat(stack.stateDir()).as("ephemeral state in a temporary directory")
                .startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
    }

    @AfterAll
    static void stopStackAndCheckNothingIsLeft() {
        ProcessHandle keycloak = stack.keycloak().processHandle();
        List<ProcessHandle> keycloakTree = keycloak.descendants().collect(Collectors.toList());
        ProcessHandle postmaster = stack.postgres().serverProcess().orElseThrow();
        Path state = stack.stateDir();

        stack.close();
        stack.close(); // idempotent

        assertThat(keycloak.isAlive()).as("kc.sh").isFalse();
        assertThat(postmaster.isAlive()).as("PostgreSQL (daemonised by pg_ctl)").isFalse();
        assertThat(keycloakTree).as("Keycloak JVM and any other child of kc.sh").noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("?")).collect(Collectors.toList()))
                .as("processes still running under the test JVM")
                .isEmpty();
        assertThat(Files.exists(state)).as("ephemeral state deleted").isFalse();
    }

    @Test
    void producesExactlyTheApiConfigurationKeys() {
        assertThat(config).containsOnlyKeys(
                ApiConfigKeys.DATASOURCE_JDBC_URL, ApiConfigKeys.DATASOURCE_USERNAME, ApiConfigKeys.DATASOURCE_PASSWORD,
                ApiConfigKeys.OWNER_DATASOURCE_USERNAME, ApiConfigKeys.OWNER_DATASOURCE_PASSWORD,
                ApiConfigKeys.S3_ENDPOINT, ApiConfigKeys.S3_ACCESS_KEY, ApiConfigKeys.S3_SECRET_KEY,
                ApiConfigKeys.KEYCLOAK_URL, ApiConfigKeys.KEYCLOAK_ADMIN_CLIENT_ID, ApiConfigKeys.KEYCLOAK_ADMIN_CLIENT_SECRET,
                ApiConfigKeys.MASTER_KEY_KEYSET_FILE, ApiConfigKeys.MASTER_KEY_GENERATE_IF_MISSING,
                ApiConfigKeys.STATE_DIR, ApiConfigKeys.MAILER_HOST, ApiConfigKeys.MAILER_PORT, ApiConfigKeys.MAILBOX_URL);
        assertThat(config.get(ApiConfigKeys.MAILER_HOST)).isEqualTo("127.0.0.1");
        assertThat(config.get(ApiConfigKeys.MAILBOX_URL)).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(config.get(ApiConfigKeys.KEYCLOAK_URL)).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(config.get(ApiConfigKeys.S3_ENDPOINT)).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(config.get(ApiConfigKeys.MASTER_KEY_KEYSET_FILE))
                .isEqualTo(stack.stateDir().resolve("master-keyset.json").toString());
        assertThat(config.get(ApiConfigKeys.MASTER_KEY_GENERATE_IF_MISSING)).isEqualTo("true");
        assertThat(ApiConfigKeys.toEnvironmentVariable(ApiConfigKeys.DATASOURCE_JDBC_URL))
                .isEqualTo("QUARKUS_DATASOURCE_JDBC_URL");
        assertThat(ApiConfigKeys.toEnvironmentVariable(ApiConfigKeys.S3_ACCESS_KEY)).isEqualTo("CONSENTRY_S3_ACCESS_KEY");
    }

    @Test
    void databaseIsReachableAsTheRuntimeRoleWhichMayNotCreateSchemas() throws Exception {
        assertThat(config.get(ApiConfigKeys.DATASOURCE_USERNAME)).isEqualTo(EmbeddedPostgres.API_USER);
        assertThat(config.get(ApiConfigKeys.OWNER_DATASOURCE_USERNAME)).isEqualTo(EmbeddedPostgres.APP_USER);
        try (Connection connection = DriverManager.getConnection(config.get(ApiConfigKeys.DATASOURCE_JDBC_URL),
                config.get(ApiConfigKeys.DATASOURCE_USERNAME), config.get(ApiConfigKeys.DATASOURCE_PASSWORD));
             var statement = connection.createStatement()) {
            assertThat(connection.isValid(5)).isTrue();
            assertThatThrownBy(() -> statement.execute("CREATE SCHEMA runtime_role_must_not"))
                    .hasMessageContaining("permission denied");
            try (var role = statement.executeQuery("SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user")) {
                role.next();
                assertThat(List.of(role.getBoolean(1), role.getBoolean(2), role.getBoolean(3))).containsOnly(false);
            }
        }
        try (Connection owner = DriverManager.getConnection(config.get(ApiConfigKeys.DATASOURCE_JDBC_URL),
                config.get(ApiConfigKeys.OWNER_DATASOURCE_USERNAME), config.get(ApiConfigKeys.OWNER_DATASOURCE_PASSWORD));
             var statement = owner.createStatement();
             var role = statement.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            role.next();
            assertThat(role.getBoolean(1)).as("the owner is no superuser either").isFalse();
        }
    }

    @Test
    void theApiGetsAServiceAccountThatMayCreateRealmsButNotAdministerTheMasterRealm() {
        String keycloak = config.get(ApiConfigKeys.KEYCLOAK_URL);
        String token = clientCredentialsToken(keycloak, config.get(ApiConfigKeys.KEYCLOAK_ADMIN_CLIENT_ID),
                config.get(ApiConfigKeys.KEYCLOAK_ADMIN_CLIENT_SECRET));
        var created = KeycloakAdminClient.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(keycloak + "/admin/realms"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"realm\":\"sa-made\",\"enabled\":true}")).build());
        assertThat(created.statusCode()).as("create-realm").isEqualTo(201);
        // The same token administers the realm it just created (its roles are resolved when used), and stays small
        // however many realms the api creates.
        var users = KeycloakAdminClient.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(keycloak + "/admin/realms/sa-made/users"))
                .header("Authorization", "Bearer " + token).GET().build());
        assertThat(users.statusCode()).as("the new realm's users").isEqualTo(200);
        assertThat(token.length()).as("a lightweight token").isLessThan(2000);
        var masterUsers = KeycloakAdminClient.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(keycloak + "/admin/realms/master/users"))
                .header("Authorization", "Bearer " + token).GET().build());
        assertThat(masterUsers.statusCode()).as("the master realm's users are not the api's business").isEqualTo(403);
        assertThat(config).as("the bootstrap admin is not part of the api's configuration")
                .doesNotContainValue(stack.keycloak().adminPassword());
    }

    private static String clientCredentialsToken(String keycloak, String clientId, String secret) {
        var response = KeycloakAdminClient.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(keycloak + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId
                        + "&client_secret=" + secret)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void keycloakIssuesAdminTokensAndSeedsUsersIdempotently() {
        KeycloakAdminClient admin = new KeycloakAdminClient(config.get(ApiConfigKeys.KEYCLOAK_URL),
                stack.keycloak().adminUsername(), stack.keycloak().adminPassword());
        assertThat(admin.adminToken()).isNotBlank();
        assertThat(admin.realmExists("master")).isTrue();
        assertThat(admin.realmExists("no-such-realm")).isFalse();

        // master has the built-in realm role "admin"; seeding twice must be harmless
        String first = admin.ensureUserWithRealmRole("master", "seeded", "pw-one-Aa1", "admin");
        String second = admin.ensureUserWithRealmRole("master", "seeded", "pw-two-Aa1", "admin");
        assertThat(second).isEqualTo(first);

        // the latest password works, and the role took effect: the seeded user may use the admin API
        KeycloakAdminClient seeded = new KeycloakAdminClient(config.get(ApiConfigKeys.KEYCLOAK_URL), "seeded", "pw-two-Aa1");
        assertThat(seeded.realmExists("master")).isTrue();
    }

    @Test
    void mailSentOverSmtpIsReadInTheWebMailboxAndOverImap() throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.put("mail.smtp.host", config.get(ApiConfigKeys.MAILER_HOST));
        props.put("mail.smtp.port", config.get(ApiConfigKeys.MAILER_PORT));
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(props);
        jakarta.mail.internet.MimeMessage message = new jakarta.mail.internet.MimeMessage(session);
        message.setFrom("platform@consentry.test");
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, "Li Wei <li.wei@example.test>");
        message.setSubject("Your invitation");
        message.setText("Open https://consentry.test/consent/demo#invitation=abc to decide.", "UTF-8");
        jakarta.mail.Transport.send(message);

        String mailbox = config.get(ApiConfigKeys.MAILBOX_URL);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String messages = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(mailbox + "/api/messages?to=li.wei%40example.test")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(messages).contains("\"subject\":\"Your invitation\"", "#invitation=abc");
        String page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(mailbox + "/mailbox/li.wei@example.test")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("<a href=\"https://consentry.test/consent/demo#invitation=abc\">");
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(mailbox + "/api/messages?to=nobody%40example.test")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("[]");

        // A mail client reads the same message over IMAP (user = the address, any password).
        jakarta.mail.Store store = session.getStore("imap");
        store.connect(config.get(ApiConfigKeys.MAILER_HOST), stack.mail().imapPort(), "li.wei@example.test", "any");
        try {
            jakarta.mail.Folder inbox = store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            assertThat(inbox.getMessages()).extracting(jakarta.mail.Message::getSubject).contains("Your invitation");
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void keycloakHealthIsServedOnTheManagementPortOnly() {
        assertThat(Readiness.answers200(stack.keycloak().healthReadyUrl())).isTrue();
        assertThat(stack.keycloak().managementPort()).isNotEqualTo(stack.keycloak().httpPort());
    }
}
