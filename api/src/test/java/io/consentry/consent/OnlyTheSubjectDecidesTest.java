package io.consentry.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.consentry.testing.Mailbox;
import io.consentry.testing.RealServers;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.consentry.consent.ConsentFixtures.assertProblem;
import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hole 1 of issue 13, tried the way it was found: the admin created an invitation, redeemed the token the answer gave
 * them, granted, enrolled and was GRANTED at a gate, all recorded as the subject's own decisions. Now the invitation
 * travels by mail over the real SMTP server to the subject's address; every value of every admin answer is tried as an
 * invitation and as a portal token, with each admin role, and opens nothing; a printed letter opens only with the code
 * mailed to the subject; every decision and enrolment in the subject's name is told to them with its receipt; the
 * audit records the channel and the contact check. The insider path that remains (an admin redirects the subject's
 * mail) is shown leaving its traces.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class OnlyTheSubjectDecidesTest {

    @Inject
    Keycloak keycloak;
    @Inject
    AgroalDataSource dataSource;
    /** The owner role, which runs migrations: the replayed migration statements run as it, as Flyway ran them. */
    @Inject
    @io.quarkus.agroal.DataSource(io.consentry.tenants.schema.TenantSchemas.OWNER_DATASOURCE)
    AgroalDataSource owner;

    @Test
    void noAdminAnswerHoldsAnythingThatOpensThePortal() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("flat-21");
        Mailbox inbox = t.inbox(subject);
        String auditor = Users.tokenFor(keycloak, t.slug, "auditor");
        String guard = Users.tokenFor(keycloak, t.slug, "guard");

        Set<String> seenByInsiders = new TreeSet<>();
        Response email = t.invite(subject);
        email.then().statusCode(201);
        assertThat((String) email.path("channel")).isEqualTo("EMAIL");
        assertThat(email.<Object>path("letter")).isNull();
        values(email.asString(), seenByInsiders);
        for (String token : List.of(t.admin, auditor)) {
            values(given().auth().oauth2(token).get(t.api("/subjects/" + subject + "/invitations")).then().statusCode(200)
                    .extract().asString(), seenByInsiders);
            values(given().auth().oauth2(token).get(t.api("/subjects/" + subject)).then().statusCode(200)
                    .extract().asString(), seenByInsiders);
            values(given().auth().oauth2(token).queryParam("subjectRef", subject).get(t.api("/audit")).then().statusCode(200)
                    .extract().asString(), seenByInsiders);
        }
        values(t.asAdmin().get(t.api("/audit/export")).then().statusCode(200).extract().asString(), seenByInsiders);
        assertThat(given().auth().oauth2(guard).get(t.api("/subjects/" + subject + "/invitations")).statusCode()).isEqualTo(403);
        assertThat(seenByInsiders).hasSizeGreaterThan(20);

        for (String value : seenByInsiders) {
            Response redeemed = t.redeem(value);
            assertThat(redeemed.statusCode()).as("redeeming '" + value + "'").isIn(400, 401);
            Response asToken = t.asSubject(value).get(t.portal("/purposes"));
            assertThat(asToken.statusCode()).as("'" + value + "' as a portal token").isEqualTo(401);
        }
        // The realm tokens of every admin role are refused on the portal, and there is no admin route that decides.
        for (String token : List.of(t.admin, auditor, guard)) {
            assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("invitation", "x".repeat(43)))
                    .post(t.portal("/session")), 401, "portal_token_required");
            assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("purpose", "gate-verification", "decision", "GRANT", "noticeHash", "0".repeat(64)))
                    .post(t.portal("/decisions")), 401, "portal_token_required");
        }

        // The subject, and only the subject, has the link: it is in their mail, and it works once.
        Mailbox.Mail mail = inbox.nextInvitation();
        assertThat(mail.to()).isEqualTo(t.contactOf(subject));
        String session = t.redeem(mail.invitationToken()).then().statusCode(201).extract().path("sessionToken");
        t.asSubject(session).get(t.portal("/purposes")).then().statusCode(200);
        Map<String, String> opened = lastAudit(t, "portal.session.opened", subject);
        assertThat(opened).containsEntry("channel", "EMAIL_LINK").containsEntry("contactCheck", "link-mailed-to-contact")
                .containsEntry("contactVerifiedBefore", "false");
        given().auth().oauth2(t.admin).get(t.api("/subjects/" + subject)).then().statusCode(200)
                .body("contactVerifiedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aPrintedLetterOpensOnlyWithTheCodeMailedToTheSubject() throws Exception {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("flat-22");
        Mailbox inbox = t.inbox(subject);

        // The admin prints a letter; holding it, they try to open the portal.
        Response letter = t.asAdmin().body(Map.of("channel", "LETTER")).post(t.api("/subjects/" + subject + "/invitations"));
        letter.then().statusCode(201);
        String link = letter.path("letter.link");
        assertThat(decodeQr(letter.path("letter.qrPngBase64"))).isEqualTo(link);
        String token = link.substring(link.indexOf("#invitation=") + "#invitation=".length());
        Response codeSent = t.redeem(token);
        codeSent.then().statusCode(202);
        assertThat((String) codeSent.path("sentTo")).isEqualTo("f***@" + t.slug + ".example.test");
        String code = inbox.nextCode().contactCode();
        // The admin does not have the code: guessing burns the letter.
        for (int i = 1; i <= 5; i++) {
            String guess = String.format("%06d", (Integer.parseInt(code) + i) % 1_000_000);
            assertProblem(given().contentType(ContentType.JSON).body(Map.of("invitation", token, "contactCode", guess))
                    .post(t.portal("/session")), 401, "contact_code_invalid");
        }
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("invitation", token, "contactCode", code))
                .post(t.portal("/session")), 401, "invitation_revoked");
        assertThat(lastAudit(t, "portal.contact-code.refused", subject)).containsEntry("invitationRevoked", "true");

        // The subject opens a new letter and types the code from their own mail.
        Response second = t.asAdmin().body(Map.of("channel", "LETTER")).post(t.api("/subjects/" + subject + "/invitations"));
        String secondLink = second.path("letter.link");
        String secondToken = secondLink.substring(secondLink.indexOf("#invitation=") + "#invitation=".length());
        t.redeem(secondToken).then().statusCode(202);
        String secondCode = inbox.nextCode().contactCode();
        String session = given().contentType(ContentType.JSON).body(Map.of("invitation", secondToken, "contactCode", secondCode))
                .post(t.portal("/session")).then().statusCode(201).extract().path("sessionToken");
        assertThat(lastAudit(t, "portal.session.opened", subject)).containsEntry("channel", "LETTER_CODE")
                .containsEntry("contactCheck", "code-mailed-to-contact");
        // Its decisions carry that channel.
        t.decide(session, "gate-verification", "GRANT").then().statusCode(201);
        assertThat(lastAudit(t, "consent.granted", subject)).containsEntry("channel", "portal:session:letter-code");
        // A letter opens once; a code does not open another letter.
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("invitation", secondToken, "contactCode", secondCode))
                .post(t.portal("/session")), 401, "invitation_used");
    }

    @Test
    void everyDecisionAndEnrolmentInTheSubjectsNameIsToldToThemWithItsReceipt() throws Exception {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("flat-23");
        String session = t.session(subject);
        Mailbox inbox = t.inbox(subject);
        String receiptId = t.decide(session, "gate-verification", "GRANT").then().statusCode(201).extract().path("receiptId");
        Mailbox.Mail granted = inbox.nextWithSubject("Your consent:");
        assertThat(granted.text()).contains("granted", receiptId, "gate-verification");
        String publicKeyset = given().get(t.portal("/receipt-key")).then().statusCode(200).extract().path("tinkPublicKeyset");
        @SuppressWarnings("unchecked")
        Map<String, Object> attached = new ObjectMapper().readValue(granted.attachments().get(0).content(), Map.class);
        assertThat(ConsentFixtures.verifyReceipt(attached, publicKeyset)).contains(receiptId, "GRANTED");

        t.enrol(session, photo("rose_leslie_1.jpg")).then().statusCode(201);
        assertThat(inbox.nextWithSubject("A face was enrolled in your name").text()).contains("first face (fresh invitation)");
        t.asSubject(session).post(t.portal("/consents/gate-verification/withdraw")).then().statusCode(200);
        assertThat(inbox.nextWithSubject("Your consent:").text()).contains("withdrawn");
        assertThat(lastAudit(t, "consent.withdrawn", subject)).containsEntry("noticeTo", "f***@" + t.slug + ".example.test");
    }

    /**
     * What remains for an insider: an admin can point the subject's address at a mailbox they read, then invite. It
     * does not go unseen: the old address is told at once, the change is in the audit (masked addresses), and the
     * session opened through the new address is recorded as opened on an unverified address.
     */
    @Test
    void redirectingTheSubjectsMailLeavesTraces() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("flat-24");
        String session = t.session(subject); // the subject once proved their address
        t.asSubject(session).get(t.portal("/purposes")).then().statusCode(200);
        Mailbox oldInbox = t.inbox(subject);
        String insider = "insider@" + t.slug + ".example.test";
        Mailbox insiderInbox = Mailbox.of(insider);

        t.asAdmin().body(Map.of("contact", insider)).put(t.api("/subjects/" + subject + "/contact")).then().statusCode(200)
                .body("contact", org.hamcrest.Matchers.equalTo(insider))
                .body("contactVerifiedAt", org.hamcrest.Matchers.nullValue());
        Mailbox.Mail warning = oldInbox.nextWithSubject("Your contact address was changed");
        assertThat(warning.text()).contains("i***@" + t.slug + ".example.test");
        assertThat(lastAudit(t, "subject.contact-changed", subject)).containsEntry("from", "f***@" + t.slug + ".example.test")
                .containsEntry("to", "i***@" + t.slug + ".example.test");

        Response invitation = t.invite(subject);
        assertThat(invitation.<Boolean>path("contactVerified")).as("the admin is told the address is unverified").isFalse();
        String token = insiderInbox.nextInvitation().invitationToken();
        t.redeem(token).then().statusCode(201);
        assertThat(lastAudit(t, "portal.session.opened", subject)).containsEntry("contactVerifiedBefore", "false")
                .containsEntry("contact", "i***@" + t.slug + ".example.test");
        assertThat(lastAudit(t, "invitation.created", subject)).containsEntry("contactVerified", "false");
    }

    /** The tenant migration V27 revokes what admins were handed before: open invitations and personal links. */
    @Test
    void tokensHandedToAdminsBeforeTheMigrationAreRevoked() throws Exception {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("flat-25");
        String session = t.session(subject);
        String personal = t.decide(session, "gate-verification", "GRANT").then().statusCode(201).extract().path("personalLink.token");
        t.invitationToken(subject); // an open invitation
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + t.schema());
            for (String statement : migration("V27__subject_channels.sql").split(";")) {
                if (statement.strip().startsWith("UPDATE")) {
                    s.execute(statement);
                }
            }
            s.execute("SET search_path TO DEFAULT");
        }
        assertProblem(t.asSubject(personal).get(t.portal("/consents")), 401, "portal_token_revoked");
        assertThat(count("SELECT count(*) FROM " + t.schema() + ".portal_token WHERE kind = 'INVITATION' AND redeemed_at IS NULL "
                + "AND revoked_at IS NULL")).isZero();
    }

    // ------------------------------------------------------------------ helpers

    private static void values(String json, Set<String> out) {
        try {
            collect(new ObjectMapper().readTree(json), out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isContainerNode()) {
            node.forEach(child -> collect(child, out));
        } else if (!node.isNull()) {
            out.add(node.asText());
        }
    }

    private static Map<String, String> lastAudit(ConsentFixtures t, String action, String subject) {
        List<Map<String, Object>> items = t.asAdmin().queryParam("action", action).queryParam("subjectRef", subject)
                .get(t.api("/audit")).then().statusCode(200).extract().path("items");
        assertThat(items).as(action).isNotEmpty();
        @SuppressWarnings("unchecked")
        Map<String, String> details = (Map<String, String>) items.get(0).get("details");
        return details;
    }

    private static String decodeQr(String png) throws Exception {
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(png)));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var source = new com.google.zxing.RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        return new com.google.zxing.qrcode.QRCodeReader().decode(new com.google.zxing.BinaryBitmap(
                new com.google.zxing.common.HybridBinarizer(source))).getText();
    }

    private String migration(String name) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/tenant/" + name)) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return String.join("\n", script.lines().filter(l -> !l.strip().startsWith("--")).toList());
        }
    }

    private long count(String query) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
