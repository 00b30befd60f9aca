package io.consentry.load;

import io.consentry.biometric.TemplateVault;
import io.consentry.consent.ConsentService;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.security.CallerTenant;
import io.consentry.face.Template;
import io.consentry.gallery.IdentificationGalleries;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.subject.Subjects;
import io.consentry.testing.CellServers;
import io.consentry.testing.Devices;
import io.consentry.testing.Management;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.keycloak.admin.client.Keycloak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale benchmark's in-process half (issue 19, item 5): N tenants, each with an identifying gate and T synthetic
 * members, then cold and warm 1:N identification latency with all N tenants active, this replica's gallery memory
 * against its budget, and each cell's table count. A measurement, not a check: it runs only when asked, e.g.
 * <pre>
 * mvn -B -o -pl api -am -Dtest=ScaleBenchmarkRun -Dsurefire.failIfNoSpecifiedTests=false -Dconsentry.scalebench=true \
 *     -Dconsentry.scalebench.tenants=50,200 -Dconsentry.scalebench.templates=1000 test
 * </pre>
 * Settings: {@code consentry.scalebench.tenants} (ascending checkpoints, default 200), {@code .templates} (per tenant,
 * default 1000), {@code .warm-rounds} (identifications per tenant after the cold one, default 5); the budget is the
 * api's {@code consentry.gallery.memory-budget} (512M unless given as a system property). The Markdown table is printed
 * and written to {@code api/target/scale-benchmark.md}.
 * <p>
 * How the synthetic members get into the galleries, honestly: the api serves 1:N only over subjects with an active
 * consent to the site's identification purpose. Each synthetic member is created in the subject directory, grants that
 * purpose through {@link ConsentService#decide} against the purpose's current notice (the same call the portal makes,
 * recorded with method {@code synthetic-benchmark}, with its receipt and audit entry), and only then gets a random
 * unit-norm template stored through {@link TemplateVault} (encrypted under the tenant's keyset, bound to its row).
 * No endpoint is added or bypassed: the identifications themselves go through the device API with real photos, so they
 * pay the face analysis, the consent-filtered gallery load and the decision record as a gate's request does.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@EnabledIfSystemProperty(named = "consentry.scalebench", matches = "true")
class ScaleBenchmarkRun {

    static final String PURPOSE = "member-identification";
    static final int DIMENSION = 512;
    static final int BATCH = 100;

    @Inject
    Keycloak keycloak;
    @Inject
    TemplateVault vault;
    @Inject
    ConsentService consents;
    @Inject
    PurposeCatalog purposes;
    @Inject
    Subjects subjects;
    @Inject
    CallerTenant caller;
    @Inject
    TenantRegistry registry;
    @Inject
    CurrentEngine engine;
    @Inject
    IdentificationGalleries galleries;

    /** One benchmark tenant: its gate and the cell the api placed it on. */
    record Gate(String slug, String cell, Devices.Registered device) {
    }

    /** What one checkpoint measured. */
    record Row(int tenants, int templatesPerTenant, long enrolMillis, Map<String, Integer> tenantsPerCell, double[] cold,
               double[] warm, long peakBytes, long bytesAfter, long budget, double evictions, Map<String, String> outcomes,
               Map<String, int[]> tables) {
    }

    @Test
    @ActivateRequestContext
    void measure() throws Exception {
        List<Integer> checkpoints = Arrays.stream(System.getProperty("consentry.scalebench.tenants", "200").split(","))
                .map(String::strip).map(Integer::valueOf).toList();
        int templates = Integer.getInteger("consentry.scalebench.templates", 1000);
        int warmRounds = Integer.getInteger("consentry.scalebench.warm-rounds", 5);
        String probe = Base64.getEncoder().encodeToString(photo("obama_1.jpg"));

        List<Gate> gates = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        Random random = new Random(19);
        long enrolMillis = 0;
        for (int checkpoint : checkpoints) {
            while (gates.size() < checkpoint) {
                Gate gate = prepareTenant(gates.size() + 1);
                long started = System.nanoTime();
                enrolSynthetic(gate.slug(), templates, random);
                enrolMillis += (System.nanoTime() - started) / 1_000_000;
                gates.add(gate);
                if (gates.size() % 10 == 0 || gates.size() == 1) {
                    System.out.printf("scale benchmark: %d tenants ready (%d templates each)%n", gates.size(), templates);
                }
            }
            rows.add(identifyAll(gates, templates, warmRounds, probe, enrolMillis / gates.size()));
        }
        String md = markdown(rows);
        System.out.println(md);
        Files.writeString(Path.of("target", "scale-benchmark.md"), md);
        assertThat(rows).allSatisfy(r -> assertThat(r.peakBytes()).isLessThanOrEqualTo(r.budget()));
    }

    /** A tenant as an operator and its admin make one: provisioned by the platform API, a gate that identifies. */
    private Gate prepareTenant(int index) {
        String slug = Tenants.uniqueSlug("scale" + index);
        Tenants.create(Users.tokenFor(keycloak, "platform", "platform-operator"), slug, "COMPOUND");
        // Placed on the least-loaded cell: its admin is made in the Keycloak that holds its realm.
        Tenants.WithAdmin t = new Tenants.WithAdmin(slug, Users.tokenFor(CellServers.realmAdmin(slug), slug, "tenant-admin"));
        String site = Devices.createSite(t.admin(), t.slug(), "Main gate");
        given().auth().oauth2(t.admin()).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", PURPOSE, "livenessRequired", false))
                .put("/api/v1/tenants/" + t.slug() + "/sites/" + site + "/policy").then().statusCode(200);
        Devices.Registered device = Devices.register(t.admin(), t.slug(), site, "Gate 1");
        Tenant tenant = registry.findBySlug(t.slug()).orElseThrow();
        return new Gate(t.slug(), tenant.cell, device);
    }

    /** Synthetic members: each consents to the identification purpose first, then its template goes into the store. */
    private void enrolSynthetic(String slug, int count, Random random) {
        caller.assume(registry.findBySlug(slug).orElseThrow());
        String hash = QuarkusTransaction.requiringNew().call(() -> purposes.find(PURPOSE).orElseThrow().notice().contentHash());
        String pack = engine.engine().pack().id();
        String version = engine.engine().pack().version();
        Arrays.fill(phases, 0);
        // In transactions of BATCH: one for everything would outlive the transaction timeout on a busy machine.
        for (int from = 0; from < count; from += BATCH) {
            int first = from;
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = first; i < Math.min(count, first + BATCH); i++) {
                    long t0 = System.nanoTime();
                    UUID subject = subjects.create("synthetic-" + i, null, null).id();
                    long t1 = System.nanoTime();
                    consents.decide(subject, PURPOSE, ConsentService.Decision.GRANT, hash, "synthetic-benchmark", "benchmark");
                    long t2 = System.nanoTime();
                    vault.store(subject, Template.of(pack, version, unitVector(random), 1f));
                    long t3 = System.nanoTime();
                    phases[0] += t1 - t0;
                    phases[1] += t2 - t1;
                    phases[2] += t3 - t2;
                }
            });
        }
        System.out.printf("scale benchmark: enrolment of %d members: subjects %d ms, consent %d ms, store %d ms%n", count,
                phases[0] / 1_000_000, phases[1] / 1_000_000, phases[2] / 1_000_000);
    }

    private final long[] phases = new long[3];

    private static float[] unitVector(Random random) {
        float[] v = new float[DIMENSION];
        double norm = 0;
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) random.nextGaussian();
            norm += v[j] * v[j];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int j = 0; j < v.length; j++) {
            v[j] *= scale;
        }
        return v;
    }

    /**
     * Every gallery dropped first (as on a fresh replica), then one identification per tenant (cold: the gallery loads
     * inside it), then warm rounds over all tenants in turn, so all N stay active.
     */
    private Row identifyAll(List<Gate> gates, int templates, int warmRounds, String probe, long enrolMillisPerTenant) throws SQLException {
        galleries.invalidateAll();
        double evictionsBefore = metric("consentry_gallery_evictions_total");
        Map<String, String> tokens = new LinkedHashMap<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        double[] cold = new double[gates.size()];
        long peak = 0;
        for (int i = 0; i < gates.size(); i++) {
            Gate gate = gates.get(i);
            tokens.put(gate.slug(), Devices.token(gate.slug(), gate.device()));
            cold[i] = identify(tokens.get(gate.slug()), probe, outcomes);
            peak = Math.max(peak, (long) metric("consentry_gallery_bytes"));
        }
        double[] warm = new double[gates.size() * warmRounds];
        int w = 0;
        long tokensAt = System.nanoTime();
        for (int round = 0; round < warmRounds; round++) {
            if (System.nanoTime() - tokensAt > 120_000_000_000L) {
                // Device tokens are short-lived: fetch fresh ones outside the timed requests.
                gates.forEach(g -> tokens.put(g.slug(), Devices.token(g.slug(), g.device())));
                tokensAt = System.nanoTime();
            }
            for (Gate gate : gates) {
                warm[w++] = identify(tokens.get(gate.slug()), probe, outcomes);
            }
            // Galleries only grow when one (re)loads; once per round is enough to see a warm round's high-water mark.
            peak = Math.max(peak, (long) metric("consentry_gallery_bytes"));
        }
        Map<String, Integer> perCell = new TreeMap<>();
        gates.forEach(g -> perCell.merge(g.cell(), 1, Integer::sum));
        Map<String, String> outcomeText = new TreeMap<>();
        outcomes.forEach((k, v) -> outcomeText.put(k, Integer.toString(v)));
        return new Row(gates.size(), templates, enrolMillisPerTenant, perCell, cold, warm, peak,
                (long) metric("consentry_gallery_bytes"), (long) metric("consentry_gallery_budget_bytes"),
                metric("consentry_gallery_evictions_total") - evictionsBefore, outcomeText, tables());
    }

    /** One identification through the device API, timed from the gate's side; 429 (rate limit) waits and retries. */
    private static double identify(String token, String probe, Map<String, Integer> outcomes) {
        while (true) {
            long start = System.nanoTime();
            Response response = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("image", probe))
                    .post("/api/v1/device/identify");
            double millis = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() == 429) {
                sleepQuietly(200);
                continue;
            }
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
            outcomes.merge(response.jsonPath().getString("decision") + "/" + response.jsonPath().getString("reason"), 1, Integer::sum);
            return millis;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A gallery metric as Prometheus scrapes it. */
    private static double metric(String name) {
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }

    /** Per cell, in its own database as its owner role: tenant schemas, tables (information_schema), pg_class rows. */
    private static Map<String, int[]> tables() throws SQLException {
        Config config = ConfigProvider.getConfig();
        Map<String, String[]> cells = new LinkedHashMap<>();
        cells.put(config.getOptionalValue("consentry.cell.name", String.class).orElse("default"), new String[] {
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.owner.username", String.class).orElse("consentry"),
                config.getOptionalValue("quarkus.datasource.owner.password", String.class).orElse("")});
        for (String name : config.getOptionalValues("consentry.cells.names", String.class).orElse(List.of())) {
            String prefix = "consentry.cells." + name.strip() + ".";
            cells.put(name.strip(), new String[] {config.getValue(prefix + "jdbc-url", String.class),
                    config.getOptionalValue(prefix + "db-owner-username", String.class).orElse("consentry"),
                    config.getValue(prefix + "db-owner-password", String.class)});
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> cell : cells.entrySet()) {
            String[] c = cell.getValue();
            try (Connection connection = DriverManager.getConnection(c[0], c[1], c[2]); Statement s = connection.createStatement()) {
                counts.put(cell.getKey(), new int[] {
                        count(s, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 't\\_%'"),
                        count(s, "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"),
                        count(s, "SELECT count(*) FROM pg_class")});
            }
        }
        return counts;
    }

    private static int count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
    }

    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| tenants (per cell) | templates / tenant | enrolment / tenant (s) | cold identify p50 / p95 / p99 (ms) "
                + "| warm identify p50 / p95 / p99 (ms) | gallery bytes peak / budget | evictions | tables per cell (schemas / tables / pg_class) |\n");
        md.append("|---|---:|---:|---|---|---|---:|---|\n");
        for (Row r : rows) {
            StringBuilder tables = new StringBuilder();
            r.tables().forEach((cell, t) -> tables.append(tables.length() == 0 ? "" : "; ")
                    .append(cell).append(": ").append(t[0]).append(" / ").append(t[1]).append(" / ").append(t[2]));
            md.append(String.format(Locale.ROOT, "| %d (%s) | %d | %.1f | %.0f / %.0f / %.0f | %.0f / %.0f / %.0f | %.1f MiB / %.0f MiB | %.0f | %s |%n",
                    r.tenants(), r.tenantsPerCell().toString().replaceAll("[{}]", ""), r.templatesPerTenant(), r.enrolMillis() / 1000.0,
                    percentile(r.cold(), 0.5), percentile(r.cold(), 0.95), percentile(r.cold(), 0.99),
                    percentile(r.warm(), 0.5), percentile(r.warm(), 0.95), percentile(r.warm(), 0.99),
                    r.peakBytes() / 1048576.0, r.budget() / 1048576.0, r.evictions(), tables));
        }
        md.append("\noutcomes of the last checkpoint's identifications: ").append(rows.get(rows.size() - 1).outcomes()).append('\n');
        return md.toString();
    }
}
