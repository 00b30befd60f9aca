package io.consentry.faults;

import io.agroal.api.AgroalDataSource;
import io.consentry.credential.Totp;
import io.consentry.testing.Devices;
import io.consentry.testing.Management;
import io.consentry.testing.RealServers;
import io.minio.MinioClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite: PostgreSQL, S3 and Keycloak are each stopped in the middle of enrolments, withdrawals, erasures,
 * device registrations and a key rotation, then started again, while the api keeps running. Afterwards no consent event that was answered as
 * recorded is missing, no biometric data is left without its consent (or of an erased subject, in the database or the
 * bucket), every operation either completed or was refused cleanly (a 503 problem document, nothing half done), the
 * rotation completed and everything still decrypts, the audit log verifies, and the api recovered without a restart.
 * Not part of the normal test run (tag "fault"): {@code api/faults/fault-suite.sh}. Report: {@code api/target/fault-report.txt}.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@Tag("fault")
class FaultSuite {

    private static final Path REPORT = Path.of("target", "fault-report.txt");
    private static final int POOL = 30;
    private static final int SPARE_CREDENTIALS = 40;
    private static final long PACING_MILLIS = 500;
    /** Subjects of each pool kept for after the fault, when the operations must succeed again. */
    private static final int RESERVE = 4;
    /** The least time a server stays down, so that each operation meets the outage more than once. */
    private static final Duration MIN_OUTAGE = Duration.ofSeconds(15);

    @Inject
    Keycloak keycloak;
    @Inject
    AgroalDataSource database;
    @Inject
    MinioClient s3;

    @Test
    void everyOperationSurvivesEachServerStoppingAndComingBack() throws Exception {
        StringBuilder report = new StringBuilder("Fault suite, " + Instant.now() + "\n");
        List<String> defects = new ArrayList<>();
        for (Fault fault : Fault.values()) {
            Run run = run(fault);
            report.append('\n').append(run.report());
            run.defects().forEach(d -> defects.add(fault.server() + ": " + d));
        }
        report.append("\ndefects: ").append(defects.size()).append('\n');
        defects.forEach(d -> report.append("  ").append(d).append('\n'));
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, report);
        System.out.println(report);
        assertThat(defects).as("defects").isEmpty();
    }

    private record Run(String report, List<String> defects) {
    }

    private Run run(Fault fault) throws Exception {
        System.out.printf("[fault] %s: preparing%n", fault.server());
        FaultTenant t = FaultTenant.prepare(keycloak, "fault-" + fault.tag(), POOL, SPARE_CREDENTIALS);
        FaultClock clock = new FaultClock();
        Wire wire = new Wire(clock);
        List<Workload> workloads = List.of(
                new Workload("enrolment", t.toEnrol, PACING_MILLIS, clock, RESERVE, (op, s) -> wire.send(op, s, "POST", t.portal("/enrolment"),
                        Map.of("Authorization", "Portal " + t.sessions.get(s), "Content-Type", "image/jpeg"), t.photoFor(s))),
                new Workload("withdrawal", t.toWithdraw, PACING_MILLIS, clock, RESERVE, (op, s) -> wire.send(op, s, "POST",
                        t.portal("/consents/" + FaultTenant.VERIFICATION + "/withdraw"), Map.of("Authorization", "Portal " + t.sessions.get(s)), null)),
                new Workload("erasure", t.toErase, PACING_MILLIS, clock, RESERVE, (op, s) -> wire.send(op, s, "DELETE", t.api("/subjects/" + s),
                        Map.of("Authorization", "Bearer " + t.admin.get()), null)),
                new Workload("devices", t.toRegister, PACING_MILLIS, clock, RESERVE, (op, name) -> wire.send(op, name, "POST",
                        t.api("/devices"), Map.of("Authorization", "Bearer " + t.admin.get(), "Content-Type", "application/json"),
                        ("{\"siteId\":\"" + t.site + "\",\"name\":\"" + name + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        List<String> defects = new ArrayList<>();
        StringBuilder out = new StringBuilder("== " + fault.server() + " stopped and started again (tenant " + t.slug + ")\n");

        boolean injected = false;
        boolean repaired = false;
        Attempt rotation;
        Duration down;
        Duration readyAfter;
        workloads.forEach(Workload::start);
        try {
            await("two successes of each operation before the fault", Duration.ofMinutes(3),
                    () -> workloads.stream().allMatch(w -> w.count(Attempt.Phase.BEFORE, true) >= 2));
            rotation = wire.send("rotation", null, "POST", t.api("/keys/rotate"), Map.of("Authorization", "Bearer " + t.admin.get()), null);
            clock.injected();
            Instant stopped = Instant.now();
            injected = true;
            fault.inject();
            System.out.printf("[fault] %s down%n", fault.server());
            await("each operation answered during the outage", Duration.ofSeconds(90),
                    () -> Duration.between(stopped, Instant.now()).compareTo(MIN_OUTAGE) >= 0
                            && workloads.stream().allMatch(w -> w.answered(Attempt.Phase.DURING) >= 1 || w.exhausted()));
            fault.repair();
            repaired = true;
            clock.repaired();
            Instant started = Instant.now();
            down = Duration.between(stopped, started);
            System.out.printf("[fault] %s up again after %d s%n", fault.server(), down.toSeconds());
            await("the api ready again", Duration.ofMinutes(3),
                    () -> Management.given().get("/q/health/ready").statusCode() == 200);
            readyAfter = Duration.between(started, Instant.now());
            await("two successes of each operation after the fault", Duration.ofMinutes(3),
                    () -> workloads.stream().allMatch(w -> w.count(Attempt.Phase.AFTER, true) >= 2 || w.exhausted()));
        } finally {
            if (injected && !repaired) {
                fault.repair();
            }
            for (Workload w : workloads) {
                w.stop();
            }
        }

        out.append(String.format("down for %d s; the api ready %.1f s after the restart, without being restarted itself%n",
                down.toSeconds(), readyAfter.toMillis() / 1000.0));
        List<Attempt> attempts = new ArrayList<>();
        for (Workload w : workloads) {
            attempts.addAll(w.attempts());
            out.append(String.format("%-10s %3d attempts:", w.operation(), w.attempts().size()));
            for (Attempt.Phase phase : Attempt.Phase.values()) {
                Map<String, Long> outcomes = w.attempts().stream().filter(a -> a.phase() == phase)
                        .collect(Collectors.groupingBy(Attempt::outcome, TreeMap::new, Collectors.counting()));
                out.append(' ').append(phase.name().toLowerCase()).append(' ').append(outcomes);
            }
            out.append('\n');
            if (w.count(Attempt.Phase.AFTER, true) < 2) {
                defects.add(w.operation() + ": fewer than two successes after the fault");
            }
        }
        attempts.stream().filter(a -> a.defect().isPresent())
                .forEach(a -> defects.add(a.operation() + " of " + a.subject() + " (" + a.phase() + "): " + a.defect().get()));
        out.append("key rotation started just before the fault: HTTP ").append(rotation.status()).append(' ')
                .append(rotation.succeeded() ? rotation.json().toString() : rotation.body()).append('\n');
        if (rotation.status() != 202) {
            defects.add("the rotation did not start: " + rotation.outcome());
        }

        Map<String, Object> progress = awaitRotation(t);
        out.append("rotation afterwards: ").append(progress).append('\n');
        if (!Boolean.TRUE.equals(progress.get("complete"))) {
            defects.add("the rotation did not complete by itself: " + progress);
        }
        awaitOutboxDrained(t);
        // Every mail decided meanwhile (invitations, notices of withdrawals, enrolments and erasures) went out, also
        // those queued under a key the rotation has since disabled.
        long unsentMail = awaitMailSent(t);
        out.append("mail still unsent two minutes after the fault: ").append(unsentMail).append('\n');
        if (unsentMail > 0) {
            defects.add(unsentMail + " mails were never sent");
        }

        Invariants invariants = new Invariants(database, s3, t);
        Set<String> reportedEvents = new HashSet<>(t.grantedEvents);
        Set<String> withdrawn = new HashSet<>();
        Set<String> erased = new HashSet<>();
        Set<String> templates = new HashSet<>();
        Set<String> devices = new HashSet<>();
        for (Attempt a : attempts) {
            if (!a.succeeded()) {
                continue;
            }
            switch (a.operation()) {
                case "withdrawal" -> {
                    withdrawn.add(a.subject());
                    a.field("eventId").ifPresent(reportedEvents::add);
                }
                case "erasure" -> erased.add(a.subject());
                case "enrolment" -> a.field("templateId").ifPresent(templates::add);
                case "devices" -> a.field("clientId").ifPresent(devices::add);
                default -> {
                }
            }
        }
        long lost = invariants.lostEvents(reportedEvents);
        long notDone = countStillVerifying(invariants, withdrawn)
                + invariants.missing("erasures answered 200 but not erased", "SELECT id::text FROM %s.subject WHERE erased_at IS NOT NULL", erased)
                + invariants.missing("enrolments answered 201 without their template", "SELECT id::text FROM %s.biometric_template", templates)
                + invariants.missing("devices answered 201 but not registered", "SELECT client_id FROM %s.device", devices);
        long orphans = invariants.orphans();
        long partial = invariants.lostOrPartial();
        long storage = invariants.storageMismatches();
        long deviceClients = invariants.deviceMismatches(keycloak);
        defects.addAll(invariants.defects());
        out.append(String.format("consent events answered as recorded: %d, lost: %d; operations answered as done but not done: %d%n",
                reportedEvents.size(), lost, notDone));
        out.append(String.format("orphaned biometric data: %d rows, %d bucket mismatches; lost or half-done: %d;"
                + " devices without their Keycloak client or the reverse: %d%n", orphans, storage, partial, deviceClients));

        // Everything still decrypts under the new key: the witness's template and TOTP secret open the gate.
        String device = Devices.token(t.slug, t.device);
        String face = given().auth().oauth2(device).contentType(ContentType.JSON)
                .body(Map.of("claim", Map.of("type", "SUBJECT_REF", "value", t.witnessRef),
                        "image", Base64.getEncoder().encodeToString(t.photoFor(t.witness))))
                .post("/api/v1/device/verify").then().statusCode(200).extract().path("decision");
        String code = Totp.code(base32(t.totpSecret), Totp.step(Instant.now().getEpochSecond()));
        String qr = given().auth().oauth2(device).contentType(ContentType.JSON)
                .body(Map.of("method", "QR", "qr", "CQ1.T." + t.totpCredential + "." + code)).post("/api/v1/device/alternative")
                .then().statusCode(200).extract().path("decision");
        out.append("witness after the rotation: face ").append(face).append(", TOTP ").append(qr).append('\n');
        if (!"GRANTED".equals(face) || !"GRANTED".equals(qr)) {
            defects.add("the witness no longer opens the gate: face " + face + ", TOTP " + qr);
        }

        t.asAdmin().post(t.api("/audit/checkpoints")).then().statusCode(201);
        boolean verifies = t.asAdmin().post(t.api("/audit/verify")).then().statusCode(200).extract().path("valid");
        out.append("audit log verifies against a new checkpoint: ").append(verifies).append('\n');
        if (!verifies) {
            defects.add("the audit log does not verify");
        }
        out.append("defects: ").append(defects.size()).append('\n');
        return new Run(out.toString(), defects);
    }

    private static long countStillVerifying(Invariants invariants, Set<String> withdrawn) throws java.sql.SQLException {
        Set<String> verifying = invariants.verifying();
        List<String> still = withdrawn.stream().filter(verifying::contains).toList();
        if (!still.isEmpty()) {
            invariants.defects().add("withdrawals answered 200 whose consent still stands: " + still);
        }
        return still.size();
    }

    private static Map<String, Object> awaitRotation(FaultTenant t) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        Map<String, Object> progress;
        do {
            progress = t.asAdmin().get(t.api("/keys/rotation")).then().statusCode(200).extract().path("$");
            if (Boolean.TRUE.equals(progress.get("complete"))) {
                return progress;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(deadline));
        return progress;
    }

    private static void awaitOutboxDrained(FaultTenant t) throws InterruptedException {
        await("the storage outbox drained", Duration.ofMinutes(2), () -> {
            Integer pending = t.asAdmin().post(t.api("/storage-outbox/run")).then().statusCode(200).extract().path("pending");
            return pending == 0;
        });
    }

    /** Waits up to two minutes for the tenant's mail outbox to empty; returns what is left. */
    private long awaitMailSent(FaultTenant t) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        long left;
        do {
            try (var c = database.getConnection(); var s = c.createStatement();
                 var rows = s.executeQuery("SELECT count(*) FROM " + t.schema() + ".mail_outbox")) {
                rows.next();
                left = rows.getLong(1);
            }
            if (left == 0) {
                return 0;
            }
            Thread.sleep(1000);
        } while (Instant.now().isBefore(deadline));
        return left;
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + limit.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(250);
        }
    }

    /** RFC 4648 base32, as an authenticator app reads the TOTP secret. */
    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char ch : text.replace("=", "").toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(ch);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
