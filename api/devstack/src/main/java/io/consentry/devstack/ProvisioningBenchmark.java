package io.consentry.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * How provisioning and start-up grow with the number of tenants, over one or two cells: starts throw-away stacks (one
 * per cell: PostgreSQL, Keycloak, S3) and an api serving all of them, times the api's start with no tenant, provisions
 * tenants one after another through the platform API (the api places each on the least loaded cell), and at every
 * checkpoint (e.g. 50 and 200 tenants) restarts the api to time its start and counts each cell's database tables.
 * Prints a Markdown table at the end. Bounded by N and a per-request timeout; talks to loopback only.
 */
@Command(name = "provisioning-benchmark", mixinStandardHelpOptions = true,
        description = "Times tenant provisioning per cell (1st … Nth tenant) and the api start-up with none and with N tenants, "
                + "and counts each cell's tables, against a throw-away local platform of one or two cells.")
public final class ProvisioningBenchmark implements Callable<Integer> {

    /** The second cell's name, as the api is told it (consentry.cells.names). */
    static final String CELL_B = "cell-b";

    @Option(names = "--tenants", split = ",", defaultValue = "200",
            description = "How many tenants to provision; several ascending counts (e.g. 50,200) measure start-up and tables at each (default: ${DEFAULT-VALUE})")
    List<Integer> checkpoints;

    @Option(names = "--cells", defaultValue = "2", description = "How many cells (1 or 2), each with its own PostgreSQL, Keycloak and S3 (default: ${DEFAULT-VALUE})")
    int cells;

    @Option(names = "--api-jar", defaultValue = "api/target/quarkus-app/quarkus-run.jar",
            description = "The api's Quarkus runner jar (default: ${DEFAULT-VALUE})")
    Path apiJar;

    private final PrintStream out = System.out;
    private final ObjectMapper json = new ObjectMapper();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProvisioningBenchmark()).execute(args));
    }

    /** One row of the result: what was measured with this many tenants. */
    record Checkpoint(int tenants, double startSeconds, Map<String, Provisioning> provisioning, Map<String, Tables> tables) {
    }

    /** Provisioning times of the tenants one cell received so far, in order. */
    record Provisioning(List<Double> millis) {
        double first() {
            return millis.get(0);
        }

        double last() {
            return millis.get(millis.size() - 1);
        }

        double percentile(double p) {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
        }
    }

    /** A cell database's size in catalogue terms: tenant schemas, tables (information_schema) and pg_class rows. */
    record Tables(int tenantSchemas, int tables, int pgClassRows) {
    }

    @Override
    public Integer call() throws Exception {
        validate();
        Map<String, DevStack> stacks = new LinkedHashMap<>();
        try {
            stacks.put("default", DevStack.start(DevStack.Options.ephemeral().withProgress(line -> out.println("  [default] " + line))));
            if (cells == 2) {
                stacks.put(CELL_B, DevStack.start(DevStack.Options.ephemeral().withProgress(line -> out.println("  [" + CELL_B + "] " + line))));
            }
            run(stacks);
        } finally {
            for (DevStack stack : stacks.values()) {
                stack.close();
            }
        }
        return 0;
    }

    private void validate() {
        CommandLine cmd = new CommandLine(this);
        if (cells < 1 || cells > 2) {
            throw new CommandLine.ParameterException(cmd, "--cells must be 1 or 2");
        }
        int previous = 0;
        for (int n : checkpoints) {
            if (n <= previous || n > 1000) {
                throw new CommandLine.ParameterException(cmd, "--tenants must be ascending counts between 1 and 1000");
            }
            previous = n;
        }
    }

    private void run(Map<String, DevStack> stacks) throws Exception {
        DevStack home = stacks.get("default");
        Map<String, String> config = apiConfig(stacks);
        Path log = Files.createTempFile("consentry-bench-api-", ".log");
        double emptyStart;
        List<Checkpoint> results = new ArrayList<>();
        Map<String, List<Double>> perCell = new LinkedHashMap<>();
        stacks.keySet().forEach(cell -> perCell.put(cell, new ArrayList<>()));

        KeycloakServer keycloak = home.keycloak();
        KeycloakAdminClient admin = new KeycloakAdminClient(keycloak.url(), keycloak.adminUsername(), keycloak.adminPassword());
        String password = UUID.randomUUID().toString();
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 6) + "-";

        // The very first start also pays for a cold file cache and the master keyset: started once unmeasured, the
        // baseline is the second start, as every later one is.
        try (ApiProcess first = ApiProcess.start(apiJar, config, LocalPorts.freePort(), LocalPorts.freePort(), log, quiet())) {
            first.awaitReady(Duration.ofSeconds(180));
        }
        long launched = System.nanoTime();
        ApiProcess api = ApiProcess.start(apiJar, config, LocalPorts.freePort(), LocalPorts.freePort(), log, quiet());
        try {
            api.awaitReady(Duration.ofSeconds(180));
            emptyStart = (System.nanoTime() - launched) / 1e9;
            out.printf("api ready in %.1f s with no tenant (%d cell(s))%n", emptyStart, stacks.size());
            // The platform realm exists once the api has started (it creates it).
            admin.ensureUserWithRealmRole(DemoSeed.PLATFORM_REALM, "bench-operator", password, DemoSeed.OPERATOR_ROLE);
            int provisioned = 0;
            for (int checkpoint : checkpoints) {
                for (int i = provisioned + 1; i <= checkpoint; i++) {
                    provisionOne(api, keycloak, password, prefix, i, perCell);
                }
                provisioned = checkpoint;
                api.close();
                // Start-up must not grow with the tenant count: start the api again on the same stacks.
                long relaunched = System.nanoTime();
                api = ApiProcess.start(apiJar, config, LocalPorts.freePort(), LocalPorts.freePort(), log, quiet());
                api.awaitReady(Duration.ofSeconds(180));
                double start = (System.nanoTime() - relaunched) / 1e9;
                out.printf("api ready in %.1f s with %d tenants (%.2f x the start with none)%n", start, checkpoint, start / emptyStart);
                Map<String, Provisioning> provisioning = new LinkedHashMap<>();
                perCell.forEach((cell, millis) -> {
                    if (!millis.isEmpty()) {
                        provisioning.put(cell, new Provisioning(List.copyOf(millis)));
                    }
                });
                Map<String, Tables> tables = new LinkedHashMap<>();
                for (Map.Entry<String, DevStack> cell : stacks.entrySet()) {
                    tables.put(cell.getKey(), tables(cell.getValue()));
                }
                results.add(new Checkpoint(checkpoint, start, provisioning, tables));
            }
        } finally {
            api.close();
        }
        out.println();
        out.println(markdown(emptyStart, results));
        Checkpoint last = results.get(results.size() - 1);
        last.provisioning().forEach((cell, p) -> {
            if (last.tables().get(cell).tenantSchemas() == 0) {
                // Placement recorded the cell, but the schemas went elsewhere: say so rather than print a flattering table.
                out.printf("NOTE: %d tenant(s) were placed on %s but its database holds no tenant schema: this api does not route "
                        + "tenant resources to their cell yet.%n", p.millis().size(), cell);
            }
        });
        out.println("api log: " + log);
    }

    private void provisionOne(ApiProcess api, KeycloakServer keycloak, String password, String prefix, int i,
                              Map<String, List<Double>> perCell) throws Exception {
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
        // The api chose the cell (least loaded per weight); the answer says which.
        JsonNode placement = json.readTree(response.body()).path("placement");
        String cell = placement.path("cell").asText("default");
        List<Double> millis = perCell.get(cell);
        if (millis == null) {
            throw new IllegalStateException("Tenant " + i + " was placed on cell '" + cell + "', which this benchmark did not start");
        }
        millis.add(elapsed);
        if (i == 1 || i % 10 == 0) {
            out.printf("tenant %4d provisioned on %-8s in %7.0f ms%n", i, cell, elapsed);
        }
    }

    /** The home stack's configuration, plus each further stack as a cell under consentry.cells.* (see Cells). */
    static Map<String, String> apiConfig(Map<String, DevStack> stacks) {
        Map<String, String> config = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, DevStack> stack : stacks.entrySet()) {
            if (stack.getKey().equals("default")) {
                config.putAll(stack.getValue().apiConfig());
            } else {
                names.add(stack.getKey());
                config.putAll(asCell(stack.getKey(), stack.getValue().apiConfig()));
            }
        }
        if (!names.isEmpty()) {
            config.put("consentry.cells.names", String.join(",", names));
        }
        return config;
    }

    private static Map<String, String> asCell(String name, Map<String, String> stack) {
        String prefix = "consentry.cells." + name + ".";
        Map<String, String> cell = new LinkedHashMap<>();
        cell.put(prefix + "keycloak-url", stack.get(ApiConfigKeys.KEYCLOAK_URL));
        cell.put(prefix + "admin-client-id", stack.get(ApiConfigKeys.KEYCLOAK_ADMIN_CLIENT_ID));
        cell.put(prefix + "admin-client-secret", stack.get(ApiConfigKeys.KEYCLOAK_ADMIN_CLIENT_SECRET));
        cell.put(prefix + "jdbc-url", stack.get(ApiConfigKeys.DATASOURCE_JDBC_URL));
        cell.put(prefix + "db-username", stack.get(ApiConfigKeys.DATASOURCE_USERNAME));
        cell.put(prefix + "db-password", stack.get(ApiConfigKeys.DATASOURCE_PASSWORD));
        cell.put(prefix + "db-owner-username", stack.get(ApiConfigKeys.OWNER_DATASOURCE_USERNAME));
        cell.put(prefix + "db-owner-password", stack.get(ApiConfigKeys.OWNER_DATASOURCE_PASSWORD));
        cell.put(prefix + "s3-endpoint", stack.get(ApiConfigKeys.S3_ENDPOINT));
        cell.put(prefix + "s3-access-key", stack.get(ApiConfigKeys.S3_ACCESS_KEY));
        cell.put(prefix + "s3-secret-key", stack.get(ApiConfigKeys.S3_SECRET_KEY));
        return cell;
    }

    /** Counted in the cell's own database, as its superuser: what grows there with each tenant placed on it. */
    private static Tables tables(DevStack stack) throws SQLException {
        try (Connection c = stack.postgres().superuserConnection("consentry"); Statement s = c.createStatement()) {
            return new Tables(
                    count(s, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 't\\_%'"),
                    count(s, "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"),
                    count(s, "SELECT count(*) FROM pg_class"));
        }
    }

    private static int count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static String markdown(double emptyStart, List<Checkpoint> results) {
        StringBuilder md = new StringBuilder();
        md.append("| tenants | api start-up (s) | vs. none | cell | tenants on cell | provisioning 1st / last / median / p95 (ms) "
                + "| tenant schemas | tables | pg_class rows |\n");
        md.append("|---:|---:|---:|---|---:|---|---:|---:|---:|\n");
        md.append(String.format("| 0 | %.1f | 1.00 | | | | | | |%n", emptyStart));
        for (Checkpoint r : results) {
            boolean firstRow = true;
            for (Map.Entry<String, Tables> cell : r.tables().entrySet()) {
                Provisioning p = r.provisioning().get(cell.getKey());
                Tables t = cell.getValue();
                md.append(String.format("| %s | %s | %s | %s | %d | %s | %d | %d | %d |%n",
                        firstRow ? Integer.toString(r.tenants()) : "",
                        firstRow ? String.format("%.1f", r.startSeconds()) : "",
                        firstRow ? String.format("%.2f", r.startSeconds() / emptyStart) : "",
                        cell.getKey(), p == null ? 0 : p.millis().size(),
                        p == null ? "–" : String.format("%.0f / %.0f / %.0f / %.0f", p.first(), p.last(), p.percentile(0.5), p.percentile(0.95)),
                        t.tenantSchemas(), t.tables(), t.pgClassRows()));
                firstRow = false;
            }
        }
        return md.toString();
    }

    private static PrintStream quiet() {
        return new PrintStream(PrintStream.nullOutputStream());
    }
}
