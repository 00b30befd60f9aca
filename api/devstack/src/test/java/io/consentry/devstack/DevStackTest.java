package io.consentry.devstack;

import static org.assertj.core.api.Assertions.assertThat;

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
                ApiConfigKeys.S3_ENDPOINT, ApiConfigKeys.S3_ACCESS_KEY, ApiConfigKeys.S3_SECRET_KEY,
                ApiConfigKeys.KEYCLOAK_URL, ApiConfigKeys.KEYCLOAK_ADMIN_USERNAME, ApiConfigKeys.KEYCLOAK_ADMIN_PASSWORD,
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
    void databaseIsReachableWithTheConfiguredCredentials() throws Exception {
        try (Connection connection = DriverManager.getConnection(config.get(ApiConfigKeys.DATASOURCE_JDBC_URL),
                config.get(ApiConfigKeys.DATASOURCE_USERNAME), config.get(ApiConfigKeys.DATASOURCE_PASSWORD))) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void keycloakIssuesAdminTokensAndSeedsUsersIdempotently() {
        KeycloakAdminClient admin = new KeycloakAdminClient(config.get(ApiConfigKeys.KEYCLOAK_URL),
                config.get(ApiConfigKeys.KEYCLOAK_ADMIN_USERNAME), config.get(ApiConfigKeys.KEYCLOAK_ADMIN_PASSWORD));
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
