package io.consentry.consent;

import io.consentry.biometric.TemplateVault;
import io.consentry.core.work.TenantWork;
import io.consentry.face.FaceEngine;
import io.consentry.face.Template;
import io.consentry.keyrotation.KeyRotation;
import io.consentry.tenants.keyring.TenantKeyring;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.RealServers;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.consentry.consent.ConsentEndToEndTest.awaitOutboxEmpty;
import static io.consentry.testing.TestPhotos.photo;
import static org.assertj.core.api.Assertions.assertThat;

/** Withdrawal during an S3 outage, erasure, expiry and key rotation. */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class ConsentLifecycleTest {

    @Inject
    Keycloak keycloak;
    @Inject
    MinioClient s3;
    @Inject
    TenantWork work;
    @Inject
    TenantRegistry registry;
    @Inject
    TemplateVault vault;
    @Inject
    KeyRotation rotation;
    @Inject
    TenantKeyring keyring;
    @Inject
    ConsentExpiry expiry;
    @Inject
    FaceEngine engine;

    @Test
    void withdrawalWhileS3IsDownCompletesOnceS3IsBack() throws Exception {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        t.addPurpose("photo-retention", "IMAGE_RETENTION");
        String subject = t.createSubject("resident-s3");
        String session = t.session(subject);
        t.decide(session, "gate-verification", "GRANT").then().statusCode(201);
        t.decide(session, "photo-retention", "GRANT").then().statusCode(201);
        t.enrol(session, photo("alex_lacamoire_1.jpg")).then().statusCode(201);
        awaitOutboxEmpty(t);
        assertThat(keys(t.bucket())).anyMatch(k -> k.startsWith("images/"));

        String receiptId;
        io.consentry.testing.RealServers.stopS3();
        try {
            Response withdrawal = t.asSubject(session).post(t.portal("/consents/gate-verification/withdraw"));
            withdrawal.then().statusCode(200);
            receiptId = withdrawal.path("receiptId");
            assertThat(t.consentsOf(subject)).containsEntry("templates", 0).containsEntry("retainedImages", 0);
            // A forced run tries every entry no other run holds: the after-commit runs may hold both for a moment, so ask
            // until one has tried (and failed) itself.
            Map<String, Object> run;
            Instant tryUntil = Instant.now().plus(Duration.ofSeconds(10));
            do {
                run = t.asAdmin().post(t.api("/storage-outbox/run")).then().statusCode(200).extract().path("$");
                assertThat((Integer) run.get("pending")).as("deletion and receipt upload wait for S3").isGreaterThanOrEqualTo(2);
            } while ((Integer) run.get("failed") == 0 && Instant.now().isBefore(tryUntil));
            assertThat((Integer) run.get("failed")).as("a forced run tried and failed while S3 is down").isGreaterThanOrEqualTo(1);
            // The receipt is already available to the subject from the outbox.
            t.asSubject(session).get(t.portal("/receipts/" + receiptId)).then().statusCode(200);
        } finally {
            io.consentry.testing.RealServers.startS3();
        }
        awaitOutboxEmpty(t);
        List<String> keys = keys(t.bucket());
        assertThat(keys).noneMatch(k -> k.startsWith("images/"));
        assertThat(keys).anyMatch(k -> k.contains(receiptId));
        String publicKeyset = t.asAdmin().get(t.api("/receipt-key")).then().extract().path("tinkPublicKeyset");
        ConsentFixtures.verifyReceipt(t.asSubject(session).get(t.portal("/receipts/" + receiptId)).then().statusCode(200)
                .extract().path("$"), publicKeyset);
    }

    @Test
    void erasureKeepsOnlyMinimalEvidence() throws Exception {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("resident-erase");
        String session = t.session(subject);
        String personal = t.decide(session, "gate-verification", "GRANT").then().statusCode(201).extract().path("personalLink.token");
        t.decide(session, "member-identification", "GRANT").then().statusCode(201);
        t.enrol(session, photo("biden_1.jpg")).then().statusCode(201);
        io.consentry.testing.Mailbox inbox = t.inbox(subject);

        Map<String, Object> report = t.asAdmin().delete(t.api("/subjects/" + subject)).then().statusCode(200).extract().path("$");
        // The subject is told, at the address they had: an erasure in their name does not go unseen.
        assertThat(inbox.nextWithSubject("Your data was erased").text()).contains("erased your data");
        assertThat(report).containsEntry("consentsEnded", 2).containsEntry("receiptDocumentsDeleted", 2)
                .as("the template enrolled above, counted before the consents ending removed it").containsEntry("templatesDeleted", 1);
        Map<String, Object> view = t.asAdmin().get(t.api("/subjects/" + subject)).then().statusCode(200).extract().path("$");
        assertThat(view.get("externalRef")).isEqualTo("erased:" + subject);
        assertThat(view.get("displayName")).isNull();
        assertThat(view.get("contact")).isNull();
        assertThat(t.consentsOf(subject)).containsEntry("templates", 0);
        awaitOutboxEmpty(t);
        assertThat(keys(t.bucket())).noneMatch(k -> k.contains(subject));
        Map<String, Object> events = t.asAdmin().queryParam("subject", subject).get(t.api("/consent-events")).then().statusCode(200).extract().path("$");
        assertThat((List<Map<String, Object>>) events.get("items")).extracting(e -> e.get("event"))
                .containsExactly("GRANTED", "GRANTED", "WITHDRAWN", "WITHDRAWN");
        ConsentFixtures.assertProblem(t.asSubject(personal).get(t.portal("/consents")), 401, "portal_token_revoked");
        ConsentFixtures.assertProblem(t.invite(subject), 409, "subject_erased");
    }

    @Test
    void retiringAPurposeEndsItsGrants() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "MALL");
        String subject = t.createSubject("member-retire");
        String session = t.session(subject);
        t.decide(session, "member-identification", "GRANT").then().statusCode(201);
        t.enrol(session, photo("kit_harington_2.jpg")).then().statusCode(201);
        t.asAdmin().post(t.api("/purposes/member-identification/retire")).then().statusCode(200).body("consentsEnded", org.hamcrest.Matchers.is(1));
        assertThat(t.consentsOf(subject)).containsEntry("templates", 0);
        assertThat(t.asSubject(session).get(t.portal("/purposes")).then().statusCode(200).extract().<List<?>>path("$")).isEmpty();
        assertThat(t.asSubject(session).get(t.portal("/receipts")).then().extract().<List<?>>path("$")).hasSize(2);
    }

    @Test
    void expiryHasTheEffectsOfWithdrawal() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "BANK");
        String subject = t.createSubject("client-expiry");
        String session = t.session(subject);
        t.decide(session, "counter-verification", "GRANT").then().statusCode(201);
        t.enrol(session, photo("rose_leslie_1.jpg")).then().statusCode(201);
        Tenant tenant = registry.findBySlug(t.slug).orElseThrow();

        assertThat(work.as(tenant, () -> expiry.expireDue(Instant.now()))).isZero();
        assertThat(work.as(tenant, () -> expiry.expireDue(Instant.now().plus(Duration.ofDays(366))))).isEqualTo(1);
        assertThat(t.consentsOf(subject)).containsEntry("templates", 0);
        Map<String, Object> events = t.asAdmin().queryParam("subject", subject).get(t.api("/consent-events")).then().extract().path("$");
        assertThat((List<Map<String, Object>>) events.get("items")).extracting(e -> e.get("event")).containsExactly("GRANTED", "EXPIRED");
        ConsentFixtures.assertProblem(t.enrol(session, photo("rose_leslie_1.jpg")), 403, "consent_required");
    }

    @Test
    void rotationMidWayLeavesEveryTemplateReadable() throws Exception {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        t.addPurpose("photo-retention", "IMAGE_RETENTION");
        List<UUID> subjects = new ArrayList<>();
        for (String file : List.of("obama_1.jpg", "biden_1.jpg", "kit_harington_1.jpg")) {
            String subject = t.createSubject("r-" + file);
            String session = t.session(subject);
            t.decide(session, "gate-verification", "GRANT").then().statusCode(201);
            t.decide(session, "photo-retention", "GRANT").then().statusCode(201);
            t.enrol(session, photo(file)).then().statusCode(201);
            subjects.add(UUID.fromString(subject));
        }
        awaitOutboxEmpty(t);
        Tenant tenant = registry.findBySlug(t.slug).orElseThrow();
        List<Template> before = work.as(tenant, () -> vault.decryptFor(subjects)).stream().map(TemplateVault.Decrypted::template).toList();

        // New primary key, then only one batch of one record: a rotation interrupted mid-way.
        work.as(tenant, () -> keyring.rotate(tenant.id));
        assertThat(work.as(tenant, () -> rotation.reencryptBatch(1))).isEqualTo(1);
        KeyRotation.Progress midway = work.as(tenant, () -> rotation.progress());
        assertThat(midway.templatesOnPrimary()).isEqualTo(1);
        assertThat(midway.complete()).isFalse();
        assertThat(work.as(tenant, () -> vault.decryptFor(subjects)).stream().map(TemplateVault.Decrypted::template).toList())
                .containsExactlyInAnyOrderElementsOf(before);

        // The API finishes it in the background (another rotation on top), progress visible until complete.
        t.asAdmin().post(t.api("/keys/rotate")).then().statusCode(202);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Map<String, Object> progress;
        do {
            progress = t.asAdmin().get(t.api("/keys/rotation")).then().statusCode(200).extract().path("$");
            assertThat(Instant.now()).as("rotation completes").isBefore(deadline);
            Thread.sleep(200);
        } while (!Boolean.TRUE.equals(progress.get("complete")));
        // An operator can start (or resume) it too, from the platform routes.
        String operator = io.consentry.testing.Users.tokenFor(keycloak, "platform", "platform-operator");
        io.restassured.RestAssured.given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + t.slug + "/keys/rotation")
                .then().statusCode(200).body("complete", org.hamcrest.Matchers.is(true));
        assertThat(progress).containsEntry("templates", 3).containsEntry("templatesOnPrimary", 3)
                .containsEntry("objectsOnPrimary", progress.get("objects"));
        assertThat(work.as(tenant, () -> vault.decryptFor(subjects)).stream().map(TemplateVault.Decrypted::template).toList())
                .containsExactlyInAnyOrderElementsOf(before);
        awaitOutboxEmpty(t);
        // Receipts signed before the rotation are still readable and valid.
        String session = t.session(subjects.get(0).toString());
        List<Map<String, Object>> receipts = t.asSubject(session).get(t.portal("/receipts")).then().extract().path("$");
        String publicKeyset = t.asAdmin().get(t.api("/receipt-key")).then().extract().path("tinkPublicKeyset");
        for (Map<String, Object> r : receipts) {
            ConsentFixtures.verifyReceipt(t.asSubject(session).get(t.portal("/receipts/" + r.get("receiptId"))).then().statusCode(200)
                    .extract().path("$"), publicKeyset);
        }
    }

    /** Measurement for the issue note (not a timed assertion): re-encryption of 10,000 templates. */
    @Test
    void rotationOfTenThousandTemplates() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "BANK");
        UUID subject = UUID.fromString(t.createSubject("bulk"));
        Tenant tenant = registry.findBySlug(t.slug).orElseThrow();
        int n = Integer.getInteger("consentry.rotation.templates", 10_000);
        Random random = new Random(1);
        work.as(tenant, () -> {
            for (int batch = 0; batch < n; batch += 1000) {
                int size = Math.min(1000, n - batch);
                QuarkusTransaction.requiringNew().run(() -> {
                    for (int i = 0; i < size; i++) {
                        vault.store(subject, randomTemplate(random));
                    }
                });
            }
            return null;
        });
        long started = System.nanoTime();
        int done = work.as(tenant, () -> {
            keyring.rotate(tenant.id);
            return rotation.runToCompletion();
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        KeyRotation.Progress progress = work.as(tenant, () -> rotation.progress());
        System.out.printf("[key rotation] %d templates re-encrypted in %.1f s (%.0f/s)%n", done, seconds, done / seconds);
        assertThat(progress.templatesOnPrimary()).isEqualTo(n);
        assertThat(progress.complete()).isTrue();
    }

    private Template randomTemplate(Random random) {
        float[] v = new float[512];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return Template.of(engine.pack().id(), engine.pack().version(), v, 0.9f);
    }

    private List<String> keys(String bucket) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }
}
