package io.consentry.devstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The run command: the whole platform on this machine. Starts PostgreSQL, S3 and Keycloak with
 * state under {@code .consentry/}, then the api, seeds the demo logins and tenant, prints where
 * everything is, and keeps running until Ctrl-C, which stops everything it started.
 */
@Command(name = "consentry-run", mixinStandardHelpOptions = true,
        description = "Runs the Consentry platform locally on real PostgreSQL, S3 (S3Proxy) and Keycloak.")
public final class RunPlatform implements Callable<Integer> {

    static final String STATE_DIR_ENV = "CONSENTRY_STATE_DIR";

    @Option(names = "--state-dir", description = "State directory (default: $" + STATE_DIR_ENV + " or ./.consentry)")
    Path stateDir;

    @Option(names = "--api-jar", defaultValue = "api/target/quarkus-app/quarkus-run.jar",
            description = "The api's Quarkus runner jar (default: ${DEFAULT-VALUE})")
    Path apiJar;

    @Option(names = "--api-port", defaultValue = "8080", description = "api HTTP port (default: ${DEFAULT-VALUE})")
    int apiPort;

    @Option(names = "--api-management-port", defaultValue = "9000",
            description = "api management port: health, metrics, OpenAPI, Swagger UI (default: ${DEFAULT-VALUE})")
    int apiManagementPort;

    @Option(names = "--pg-port", defaultValue = "" + DevStack.Options.DEFAULT_POSTGRES_PORT,
            description = "PostgreSQL port, 0 = any free port (default: ${DEFAULT-VALUE})")
    int postgresPort;

    @Option(names = "--s3-port", defaultValue = "" + DevStack.Options.DEFAULT_S3_PORT,
            description = "S3 port; tenants record the endpoint, so keep it stable (default: ${DEFAULT-VALUE})")
    int s3Port;

    @Option(names = "--keycloak-port", defaultValue = "" + DevStack.Options.DEFAULT_KEYCLOAK_PORT,
            description = "Keycloak port; token issuers contain it, so keep it stable (default: ${DEFAULT-VALUE})")
    int keycloakPort;

    @Option(names = "--keycloak-management-port", defaultValue = "" + DevStack.Options.DEFAULT_KEYCLOAK_MANAGEMENT_PORT,
            description = "Keycloak health port (default: ${DEFAULT-VALUE})")
    int keycloakManagementPort;

    @Option(names = "--smtp-port", defaultValue = "" + DevStack.Options.DEFAULT_SMTP_PORT,
            description = "SMTP port of the local mail server, 0 = any free port (default: ${DEFAULT-VALUE})")
    int smtpPort;

    @Option(names = "--imap-port", defaultValue = "" + DevStack.Options.DEFAULT_IMAP_PORT,
            description = "IMAP port of the local mail server (default: ${DEFAULT-VALUE})")
    int imapPort;

    @Option(names = "--mailbox-port", defaultValue = "" + DevStack.Options.DEFAULT_MAILBOX_PORT,
            description = "port of the local web mailbox (default: ${DEFAULT-VALUE})")
    int mailboxPort;

    @Option(names = "--api-ready-timeout", defaultValue = "180",
            description = "Seconds to wait for the api to report ready (default: ${DEFAULT-VALUE})")
    int apiReadyTimeoutSeconds;

    private final PrintStream out;
    private final PrintStream err;
    private volatile boolean shuttingDown;
    private boolean stopped;
    private final long startedAt = System.nanoTime();

    public RunPlatform() {
        this(System.out, System.err);
    }

    RunPlatform(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RunPlatform()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path state = resolveStateDir().toAbsolutePath().normalize();
        LocalPorts.claim(apiPort, "The api", "--api-port"); // fail before starting anything else
        LocalPorts.claim(apiManagementPort, "The api's management interface", "--api-management-port");
        progress("State directory " + state);

        AtomicReference<DevStack> stack = new AtomicReference<>();
        AtomicReference<ApiProcess> api = new AtomicReference<>();
        // One hook, in order: the api first (it still talks to the servers while shutting down), then the stack.
        Thread stopAll = new Thread(() -> {
            shuttingDown = true;
            stopEverything(api.get(), stack.get());
        }, "consentry-run-shutdown");
        Runtime.getRuntime().addShutdownHook(stopAll);
        try {
            DevStack.Options options = DevStack.Options.persistent(state)
                    .withPorts(postgresPort, s3Port, keycloakPort, keycloakManagementPort)
                    .withMailPorts(smtpPort, imapPort, mailboxPort)
                    .withProgress(this::progress);
            stack.set(DevStack.start(options).withoutShutdownHook());
            DevStack running = stack.get();

            progress("Starting the api (" + apiJar + ") ...");
            long apiStart = System.nanoTime();
            api.set(ApiProcess.start(apiJar, running.apiConfig(), apiPort, apiManagementPort, state.resolve("logs/api.log"), out));
            api.get().awaitReady(Duration.ofSeconds(apiReadyTimeoutSeconds));
            progress(String.format("api ready in %.1f s", seconds(apiStart)));

            KeycloakServer keycloak = running.keycloak();
            KeycloakAdminClient admin = new KeycloakAdminClient(keycloak.url(), keycloak.adminUsername(),
                    keycloak.adminPassword());
            long seedStart = System.nanoTime();
            GeneratedSecrets logins = new GeneratedSecrets(state.resolve("demo-logins.properties"));
            DemoSeed.Logins demo = DemoSeed.seed(admin, keycloak.url(), api.get().url(), logins, this::progress);
            progress(String.format("Demo data ready in %.1f s", seconds(seedStart)));

            printBanner(running, api.get(), demo, logins);
            int exit = api.get().process().waitFor();
            if (shuttingDown) {
                return 0; // Ctrl-C: the shutdown hook stops everything
            }
            out.println("The api exited on its own (status " + exit + "); stopping the servers. See "
                    + state.resolve("logs/api.log"));
            return exit == 0 ? 0 : 1;
        } catch (RuntimeException e) {
            out.flush();
            err.println();
            err.println("ERROR: " + e.getMessage());
            return 1;
        } finally {
            stopEverything(api.get(), stack.get());
            try {
                Runtime.getRuntime().removeShutdownHook(stopAll);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running or has run
            }
        }
    }

    private Path resolveStateDir() {
        if (stateDir != null) {
            return stateDir;
        }
        String fromEnv = System.getenv(STATE_DIR_ENV);
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : Path.of(".consentry");
    }

    private synchronized void stopEverything(ApiProcess api, DevStack stack) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (api != null && api.process().isAlive()) {
            out.println("Stopping the api ...");
            api.close();
        }
        if (stack != null) {
            out.println("Stopping Keycloak, the mail server, S3 and PostgreSQL ...");
            stack.close();
            out.println("Stopped. Data is kept in " + stack.stateDir());
        }
    }

    private void printBanner(DevStack stack, ApiProcess api, DemoSeed.Logins demo, GeneratedSecrets logins) {
        KeycloakServer keycloak = stack.keycloak();
        String line = "=".repeat(78);
        out.println();
        out.println(line);
        out.printf("  Consentry is running (ready in %.1f s)%n", seconds(startedAt));
        out.println(line);
        out.println("  api                 " + api.url());
        out.println("  Admin console       " + api.url() + "/console/" + DemoSeed.DEMO_TENANT_SLUG
                + "   (sign in as the demo tenant admin below)");
        out.println("  Swagger UI          " + api.managementUrl() + "/q/swagger-ui   (management interface, loopback only)");
        out.println("  Health, metrics     " + api.managementUrl() + "/q/health   " + api.managementUrl() + "/q/metrics");
        out.println("  Keycloak            " + keycloak.url());
        out.println("  Keycloak console    " + keycloak.url() + "/admin/   (master realm: "
                + keycloak.adminUsername() + " / " + keycloak.adminPassword() + ")");
        out.println("  Platform operator   realm '" + DemoSeed.PLATFORM_REALM + "', client '" + DemoSeed.CLI_CLIENT + "': "
                + DemoSeed.OPERATOR_USERNAME + " / " + demo.operatorPassword());
        out.println("  Demo tenant admin   realm '" + DemoSeed.realmOfTenant(DemoSeed.DEMO_TENANT_SLUG) + "', client '"
                + DemoSeed.CLI_CLIENT + "': " + DemoSeed.TENANT_ADMIN_USERNAME + " / " + demo.tenantAdminPassword()
                + "   -> " + api.url() + "/api/v1/tenants/" + DemoSeed.DEMO_TENANT_SLUG + "/me");
        out.println("  Operator token      curl -s -d grant_type=password -d client_id=" + DemoSeed.CLI_CLIENT
                + " -d username=" + DemoSeed.OPERATOR_USERNAME + " -d password=" + demo.operatorPassword() + " \\");
        out.println("                        " + keycloak.url() + "/realms/" + DemoSeed.PLATFORM_REALM
                + "/protocol/openid-connect/token");
        MailServer mail = stack.mail();
        out.println("  Mail (local)        " + mail.mailboxUrl() + "   (every invitation, code and notice the platform sent, "
                + "by recipient; kept in memory)");
        out.println("                        SMTP " + mail.smtpHost() + ":" + mail.smtpPort() + ", IMAP " + mail.smtpHost() + ":"
                + mail.imapPort() + " (user = the address, any password)");
        out.println("  State               " + stack.stateDir() + "   (logs/, " + logins.file().getFileName() + ")");
        out.println("  Stop                Ctrl-C (stops the api, Keycloak, S3 and PostgreSQL; data is kept)");
        out.println(line);
        out.println();
    }

    private void progress(String message) {
        out.printf("[run %6.1f s] %s%n", seconds(startedAt), message);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
