package io.consentry.consent;

import io.agroal.api.AgroalDataSource;
import io.consentry.core.audit.Actor;
import io.consentry.core.work.TenantWork;
import io.consentry.face.Template;
import io.consentry.purpose.PurposeKind;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.RealServers;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.consentry.consent.ConsentFixtures.assertProblem;
import static io.consentry.testing.TestPhotos.photo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole consent life cycle on real servers: invitation → portal → separate decisions → enrolment → encrypted
 * store (checked at the raw column and bucket level) → withdrawal deletes everything → receipts verify.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class ConsentEndToEndTest {

    @Inject
    Keycloak keycloak;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MinioClient s3;
    @Inject
    TenantWork work;
    @Inject
    TenantRegistry registry;
    @Inject
    ConsentGuard guard;
    @Inject
    io.consentry.purpose.PurposeCatalog catalog;

    @Test
    void inviteConsentEnrolWithdrawAndVerifyReceipts() throws Exception {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        t.addPurpose("photo-retention", "IMAGE_RETENTION");
        String subject = t.createSubject("resident-42");

        // The invitation goes to the subject's address; the admin learns where (masked) and until when, nothing more.
        io.consentry.testing.Mailbox inbox = t.inbox(subject);
        Response invitation = t.invite(subject);
        invitation.then().statusCode(201);
        assertThat((String) invitation.path("channel")).isEqualTo("EMAIL");
        assertThat((String) invitation.path("sentTo")).isEqualTo("r***@" + t.slug + ".example.test");
        assertThat(invitation.asString()).doesNotContain("#invitation=").doesNotContain("token").doesNotContain("qrPng");
        io.consentry.testing.Mailbox.Mail mail = inbox.nextInvitation();
        assertThat(mail.link()).contains("/consent/" + t.slug + "#invitation=");

        String session = t.redeem(mail.invitationToken()).then().statusCode(201).extract().path("sessionToken");

        // The portal shows every purpose separately, each with its notice, none decided.
        List<Map<String, Object>> purposes = t.asSubject(session).get(t.portal("/purposes")).then().statusCode(200).extract().path("$");
        assertThat(purposes).extracting(p -> p.get("code"))
                .containsExactly("gate-verification", "member-identification", "photo-retention");
        assertThat(purposes).allSatisfy(p -> {
            assertThat(p.get("state")).isEqualTo("NONE");
            assertThat(((Map<?, ?>) p.get("notice")).get("contentHash")).asString().hasSize(64);
        });

        Response grant = t.decide(session, "gate-verification", "GRANT");
        grant.then().statusCode(201);
        String grantReceipt = grant.path("receiptId");
        // The subject is told at their own address, with the signed receipt attached.
        io.consentry.testing.Mailbox.Mail notice = inbox.nextWithSubject("Your consent: Face verification at the gates");
        assertThat(notice.text()).contains(grantReceipt, "portal:session:email-link");
        assertThat(notice.attachments()).singleElement().satisfies(a -> assertThat(a.name()).isEqualTo("receipt-" + grantReceipt + ".json"));
        String personal = grant.path("personalLink.token");
        assertThat(personal).as("personal link comes with the first decision").isNotBlank();
        t.decide(session, "member-identification", "REFUSE").then().statusCode(201);
        t.decide(session, "photo-retention", "GRANT").then().statusCode(201);

        byte[] selfie = photo("obama_1.jpg");
        Response enrolled = t.enrol(session, selfie);
        enrolled.then().statusCode(201);
        assertThat((Boolean) enrolled.path("imageRetained")).isTrue();
        assertThat(t.consentsOf(subject)).containsEntry("templates", 1).containsEntry("retainedImages", 1);

        // The template exists only encrypted: neither the raw column nor any bucket object holds its vector.
        Tenant tenant = registry.findBySlug(t.slug).orElseThrow();
        UUID subjectId = UUID.fromString(subject);
        List<Template> templates = work.as(tenant, () -> guard.templatesFor(subjectId,
                catalog.findRef("gate-verification").orElseThrow(), Actor.system("test")));
        assertThat(templates).hasSize(1);
        List<byte[]> needles = vectorWindows(templates.get(0));
        List<byte[]> rawColumn = rawColumn(t.schema());
        assertThat(rawColumn).hasSize(1);
        awaitOutboxEmpty(t);
        List<byte[]> objects = bucketObjects(t.bucket());
        assertThat(objects).as("3 receipts (2 grants, 1 refusal) + 1 retained image").hasSize(4);
        for (byte[] stored : concat(rawColumn, objects)) {
            for (byte[] needle : needles) {
                assertThat(indexOf(stored, needle)).as("plaintext float vector found in storage").isEqualTo(-1);
            }
            assertThat(indexOf(stored, "CFT".getBytes())).as("template header in storage").isEqualTo(-1);
            assertThat(indexOf(stored, java.util.Arrays.copyOfRange(selfie, 100, 132))).as("plaintext selfie").isEqualTo(-1);
        }

        // Withdrawal with the personal link: templates and images are gone.
        Response withdrawal = t.asSubject(personal).post(t.portal("/consents/gate-verification/withdraw"));
        withdrawal.then().statusCode(200);
        String withdrawalReceipt = withdrawal.path("receiptId");
        assertThat(inbox.nextWithSubject("Your consent: Face verification at the gates").text())
                .contains(withdrawalReceipt, "withdrawn", "portal:personal");
        assertThat(t.consentsOf(subject)).containsEntry("templates", 0).containsEntry("retainedImages", 0);
        assertThat(rawColumn(t.schema())).isEmpty();
        awaitOutboxEmpty(t);
        assertThat(bucketKeys(t.bucket())).noneMatch(key -> key.startsWith("images/"));
        assertProblem(t.enrol(personal, selfie), 403, "consent_required");

        // Both receipts verify with the tenant's published public key, fetched anonymously.
        String publicKeyset = io.restassured.RestAssured.get(t.portal("/receipt-key")).then().statusCode(200).extract().path("tinkPublicKeyset");
        String adminKeyset = t.asAdmin().get(t.api("/receipt-key")).then().statusCode(200).extract().path("tinkPublicKeyset");
        assertThat(adminKeyset).isEqualTo(publicKeyset);
        for (String receiptId : List.of(grantReceipt, withdrawalReceipt)) {
            Map<String, Object> signed = t.asSubject(personal).get(t.portal("/receipts/" + receiptId)).then().statusCode(200).extract().path("$");
            String payload = ConsentFixtures.verifyReceipt(signed, publicKeyset);
            assertThat(payload).contains("\"consentReceiptID\":\"" + receiptId + "\"").contains("gate-verification")
                    .contains("\"piiPrincipalId\":\"resident-42\"").contains("KI-CR-v1.1.0");
            // A tampered payload does not verify.
            Map<String, Object> tampered = new java.util.HashMap<>(signed);
            tampered.put("payload", java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(payload.replace("resident-42", "resident-43").getBytes()));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConsentFixtures.verifyReceipt(tampered, publicKeyset))
                    .isInstanceOf(java.security.GeneralSecurityException.class);
        }
        assertThat(t.asSubject(personal).get(t.portal("/receipts")).then().statusCode(200).extract().<List<?>>path("$"))
                .as("2 grants, 1 refusal, 1 withdrawal").hasSize(4);

        // The admin sees the history, filtered by purpose.
        Map<String, Object> events = t.asAdmin().queryParam("purpose", "gate-verification")
                .get(t.api("/consent-events")).then().statusCode(200).extract().path("$");
        assertThat((List<Map<String, Object>>) events.get("items")).extracting(e -> e.get("event")).containsExactly("GRANTED", "WITHDRAWN");
        Map<String, Object> refused = t.asAdmin().queryParam("purpose", "member-identification").queryParam("state", "REFUSED")
                .get(t.api("/subjects")).then().statusCode(200).extract().path("$");
        assertThat(refused.get("total")).isEqualTo(1);
    }

    static List<byte[]> vectorWindows(Template template) {
        float[] v = template.vector();
        List<byte[]> windows = new ArrayList<>();
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            for (int start = 0; start + 4 <= v.length; start += 64) {
                ByteBuffer buffer = ByteBuffer.allocate(16).order(order);
                for (int i = 0; i < 4; i++) {
                    buffer.putFloat(v[start + i]);
                }
                windows.add(buffer.array());
            }
        }
        return windows;
    }

    List<byte[]> rawColumn(String schema) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT ciphertext FROM " + schema + ".biometric_template")) {
            while (rows.next()) {
                out.add(rows.getBytes(1));
            }
        }
        return out;
    }

    List<String> bucketKeys(String bucket) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    List<byte[]> bucketObjects(String bucket) throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (String key : bucketKeys(bucket)) {
            try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                out.add(in.readAllBytes());
            }
        }
        return out;
    }

    static void awaitOutboxEmpty(ConsentFixtures t) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            int pending = t.asAdmin().post(t.api("/storage-outbox/run")).then().statusCode(200).extract().path("pending");
            if (pending == 0) {
                return;
            }
            assertThat(Instant.now()).as("storage outbox drained in time").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static List<byte[]> concat(List<byte[]> a, List<byte[]> b) {
        List<byte[]> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
