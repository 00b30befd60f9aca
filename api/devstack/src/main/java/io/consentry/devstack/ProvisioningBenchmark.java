package io.consentry.devstack;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * How provisioning time grows with the number of tenants on one Keycloak: starts a throw-away stack and api,
 * provisions N tenants one after another through the platform API, prints the time of the 1st, 10th, …, Nth
 * and deletes them again. Bounded by N and a per-request timeout; talks to loopback only.
 */
@Command(name = "provisioning-benchmark", mixinStandardHelpOptions = true,
        description = "Times tenant provisioning on one Keycloak (1st … Nth tenant) and the api start-up with none and with N tenants, against a throw-away local platform.")
public final class ProvisioningBenchmark implements Callable<Integer> {

    @Option(names = "--tenants", defaultValue = "100", description = "How many tenants to provision (default: ${DEFAULT-VALUE})")
    int tenants;

    @Option(names = "--api-jar", defaultValue = "api/target/quarkus-app/quarkus-run.jar",
            description = "The api's Quarkus runner jar (default: ${DEFAULT-VALUE})")
    Path apiJar;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProvisioningBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (tenants < 1 || tenants > 1000) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--tenants must be between 1 and 1000");
        }
        try (DevStack stack = DevStack.start(DevStack.Options.ephemeral().withProgress(line -> out.println("  " + line)))) {
            Path log = Files.createTempFile("consentry-bench-api-", ".log");
            double firstStart;
            long launched = System.nanoTime();
            try (ApiProcess api = ApiProcess.start(apiJar, stack.apiConfig(), LocalPorts.freePort(), LocalPorts.freePort(), log, new PrintStream(PrintStream.nullOutputStream()))) {
                api.awaitReady(Duration.ofSeconds(180));
                firstStart = (System.nanoTime() - launched) / 1e9;
                out.printf("api ready in %.1f s with no tenant%n", firstStart);
                KeycloakServer keycloak = stack.keycloak();
                KeycloakAdminClient admin = new KeycloakAdminClient(keycloak.url(), keycloak.adminUsername(), keycloak.adminPassword());
                String password = UUID.randomUUID().toString();
                admin.ensureUserWithRealmRole(DemoSeed.PLATFORM_REALM, "bench-operator", password, DemoSeed.OPERATOR_ROLE);

                List<Double> millis = new ArrayList<>();
                String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 6) + "-";
                for (int i = 1; i <= tenants; i++) {
                    // Tokens live 5 minutes; a fresh one per request keeps long runs valid and costs ~10 ms.
                    String token = KeycloakAdminClient.passwordGrantToken(keycloak.url(), DemoSeed.PLATFORM_REALM,
                            DemoSeed.CLI_CLIENT, "bench-operator", password);
                    long start = System.nanoTime();
                    HttpResponse<String> response = KeycloakAdminClient.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/platform/tenants"))
                            .timeout(Duration.ofSeconds(120))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"" + prefix + i + "\",\"displayName\":\"Bench " + i + "\",\"kind\":\"OTHER\","
                                    + "\"firstAdmin\":{\"name\":\"Bench Admin\",\"email\":\"admin@" + prefix + i + ".example.test\"}}"))
                            .build());
                    double elapsed = (System.nanoTime() - start) / 1e6;
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException("Tenant " + i + " was not created: HTTP " + response.statusCode() + " " + response.body());
                    }
                    millis.add(elapsed);
                    if (i == 1 || i % 10 == 0 || i == tenants) {
                        out.printf("tenant %4d provisioned in %7.0f ms%n", i, elapsed);
                    }
                }
                double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                out.printf("%nprovisioned %d tenants: 1st %.0f ms, last %.0f ms, median %.0f ms, p95 %.0f ms, total %.1f s%n",
                        tenants, millis.get(0), millis.get(millis.size() - 1), sorted[sorted.length / 2],
                        sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)],
                        Arrays.stream(sorted).sum() / 1000);
            }
            // Start-up must not grow with the tenant count: start the api again on the same stack, now with N tenants.
            long relaunched = System.nanoTime();
            try (ApiProcess again = ApiProcess.start(apiJar, stack.apiConfig(), LocalPorts.freePort(), LocalPorts.freePort(), log, new PrintStream(PrintStream.nullOutputStream()))) {
                again.awaitReady(Duration.ofSeconds(180));
                double secondStart = (System.nanoTime() - relaunched) / 1e9;
                out.printf("api ready in %.1f s with %d tenants (%.2f x the start with none)%n", secondStart, tenants, secondStart / firstStart);
            }
        }
        return 0;
    }
}
