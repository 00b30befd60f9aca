package io.consentry.notices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.consent.ConsentFixtures;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, item 8: a receipt a third party can read. Every receipt the platform issues — for a grant, a refusal and a
 * withdrawal — carries each field the Kantara Consent Receipt Specification v1.1 marks as required (MUST), filled from
 * the structured notice the subject answered and the controller frozen into it, and its signature still verifies with
 * the tenant's published key.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class KantaraReceiptsTest {

    /**
     * The fields the specification (Kantara Initiative Consent Receipt Specification v1.1.0, section 4, the receipt's
     * field table) requires. publicKey is MAY there and language optional; both are carried but not required here.
     */
    static final List<String> REQUIRED_TOP = List.of("version", "jurisdiction", "consentTimestamp", "collectionMethod",
            "consentReceiptID", "piiPrincipalId", "piiControllers", "policyUrl", "services", "sensitive");
    /** Required of each entry of piiControllers (onBehalf and piiControllerUrl are optional). */
    static final List<String> REQUIRED_CONTROLLER = List.of("piiController", "contact", "address", "email", "phone");
    /** Required of each entry of services. */
    static final List<String> REQUIRED_SERVICE = List.of("service", "purposes");
    /** Required of each purpose (primaryPurpose is optional; thirdPartyName is required when thirdPartyDisclosure is true). */
    static final List<String> REQUIRED_PURPOSE = List.of("purpose", "purposeCategory", "consentType", "piiCategory", "termination",
            "thirdPartyDisclosure");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Keycloak keycloak;

    @Test
    void grantRefusalAndWithdrawalReceiptsCarryEveryRequiredFieldAndVerify() throws Exception {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("flat-8");
        String session = t.session(subject);
        String grant = t.decide(session, "gate-verification", "GRANT").then().statusCode(201).extract().path("receiptId");
        String refusal = t.decide(session, "member-identification", "REFUSE").then().statusCode(201)
                .body("state", org.hamcrest.Matchers.equalTo("REFUSED")).extract().path("receiptId");
        assertThat(refusal).as("a refusal gets a receipt too").isNotNull();
        String withdrawal = t.asSubject(session).post(t.portal("/consents/gate-verification/withdraw")).then().statusCode(200)
                .extract().path("receiptId");
        assertThat(t.asSubject(session).get(t.portal("/receipts")).then().statusCode(200).extract().<List<String>>path("receiptId"))
                .containsExactlyInAnyOrder(grant, refusal, withdrawal);

        String publicKeyset = io.restassured.RestAssured.get(t.portal("/receipt-key")).then().statusCode(200).extract().path("tinkPublicKeyset");
        Map<String, Object> controller = Tenants.controller(t.slug);
        Map<String, JsonNode> receipts = new java.util.LinkedHashMap<>();
        for (String id : List.of(grant, refusal, withdrawal)) {
            Map<String, Object> signed = t.asSubject(session).get(t.portal("/receipts/" + id)).then().statusCode(200).extract().path("$");
            JsonNode doc = JSON.readTree(ConsentFixtures.verifyReceipt(signed, publicKeyset));
            assertThat(missingRequired(doc)).as("required fields missing from receipt " + id).isEmpty();
            assertThat(doc.get("version").asText()).isEqualTo("KI-CR-v1.1.0");
            assertThat(doc.get("consentReceiptID").asText()).isEqualTo(id);
            assertThat(doc.get("jurisdiction").asText()).isEqualTo("CN");
            assertThat(doc.get("policyUrl").asText()).isEqualTo(controller.get("policyUrl"));
            assertThat(doc.get("piiPrincipalId").asText()).isEqualTo("flat-8");
            JsonNode c = doc.get("piiControllers").get(0);
            assertThat(c.get("piiController").asText()).isEqualTo(controller.get("name"));
            assertThat(c.get("email").asText()).isEqualTo(controller.get("email"));
            assertThat(c.get("phone").asText()).isEqualTo(controller.get("phone"));
            assertThat(c.get("address").get("streetAddress").asText()).isEqualTo(controller.get("address"));
            JsonNode purpose = doc.get("services").get(0).get("purposes").get(0);
            assertThat(purpose.get("piiCategory").get(0).asText()).isEqualTo("Biometric");
            assertThat(purpose.get("purposeCategory").get(0).asText()).isEqualTo("Core Function");
            assertThat(purpose.get("thirdPartyDisclosure").asBoolean()).isFalse();
            assertThat(doc.get("sensitive").asBoolean()).isTrue();
            receipts.put(id, doc);
        }
        JsonNode granted = receipts.get(grant).get("services").get(0).get("purposes").get(0);
        assertThat(granted.get("consentType").asText()).isEqualTo("EXPLICIT");
        assertThat(granted.get("method").asText()).isEqualTo("ONE_TO_ONE");
        assertThat(granted.get("purpose").asText()).as("the purpose as the notice states it, in the notice's language (zh)")
                .contains("一对一比对");
        assertThat(granted.get("termination").asText()).contains("撤回", "到期时间");
        JsonNode refused = receipts.get(refusal).get("services").get(0).get("purposes").get(0);
        assertThat(refused.get("consentType").asText()).isEqualTo("EXPLICIT_REFUSAL");
        assertThat(refused.get("termination").asText()).contains("未同意");
        assertThat(receipts.get(refusal).get("consentRecord").get("state").asText()).isEqualTo("REFUSED");
        JsonNode withdrawn = receipts.get(withdrawal).get("services").get(0).get("purposes").get(0);
        assertThat(withdrawn.get("consentType").asText()).isEqualTo("EXPLICIT_WITHDRAWAL");
        assertThat(withdrawn.get("termination").asText()).contains("WITHDRAWN");

        // A purpose whose notice discloses to a third party names it in the receipt.
        Map<String, Object> body = io.consentry.testing.Purposes.body("partner-gate", "Partner gate", "FACE_VERIFICATION", 30,
                "The partner's gate checks your face.");
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) body.get("noticeContent");
        content.put("thirdPartyDisclosure", true);
        content.put("thirdPartyName", "Harbour Parking Co.");
        t.asAdmin().body(body).post(t.api("/purposes")).then().statusCode(201);
        String shared = t.decide(session, "partner-gate", "GRANT").then().statusCode(201).extract().path("receiptId");
        Map<String, Object> signed = t.asSubject(session).get(t.portal("/receipts/" + shared)).then().statusCode(200).extract().path("$");
        JsonNode doc = JSON.readTree(ConsentFixtures.verifyReceipt(signed, publicKeyset));
        assertThat(missingRequired(doc)).isEmpty();
        JsonNode purpose = doc.get("services").get(0).get("purposes").get(0);
        assertThat(purpose.get("thirdPartyName").asText()).isEqualTo("Harbour Parking Co.");
        assertThat(doc.get("language").asText()).isEqualTo("en");
        assertThat(purpose.get("purpose").asText()).isEqualTo("The partner's gate checks your face.");
    }

    /** Every required field the document lacks (absent, null or empty), as a path. */
    static List<String> missingRequired(JsonNode doc) {
        List<String> missing = new ArrayList<>();
        require(doc, "", REQUIRED_TOP, missing);
        if (doc.path("sensitive").asBoolean(false)) {
            require(doc, "", List.of("spiCat"), missing);
        }
        int i = 0;
        for (JsonNode c : doc.path("piiControllers")) {
            require(c, "piiControllers[" + i++ + "].", REQUIRED_CONTROLLER, missing);
        }
        i = 0;
        for (JsonNode s : doc.path("services")) {
            String at = "services[" + i++ + "].";
            require(s, at, REQUIRED_SERVICE, missing);
            int j = 0;
            for (JsonNode p : s.path("purposes")) {
                String pAt = at + "purposes[" + j++ + "].";
                require(p, pAt, REQUIRED_PURPOSE, missing);
                if (p.path("thirdPartyDisclosure").asBoolean(false)) {
                    require(p, pAt, List.of("thirdPartyName"), missing);
                }
            }
        }
        return missing;
    }

    private static void require(JsonNode node, String at, List<String> fields, List<String> missing) {
        for (String f : fields) {
            JsonNode v = node.get(f);
            if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank()) || (v.isContainerNode() && v.isEmpty())) {
                missing.add(at + f);
            }
        }
    }
}
