package io.consentry.leastprivilege;

import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public routes answer alike whether a tenant exists or not: a stranger enumerating slugs learns nothing from the
 * consent portal.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class NothingRevealedTest {

    @Inject
    Keycloak keycloak;

    @Test
    void theReceiptKeyOfATenantThatDoesNotExistLooksLikeAnyOtherAndStaysTheSame() {
        Tenants.WithAdmin real = Tenants.createWithAdmin(keycloak, "revealed", "MALL");
        Map<String, Object> realKey = given().get("/portal/" + real.slug() + "/receipt-key").then().statusCode(200).extract().path("$");
        Map<String, Object> decoy = given().get("/portal/no-such-tenant-x/receipt-key").then().statusCode(200).extract().path("$");
        Map<String, Object> again = given().get("/portal/no-such-tenant-x/receipt-key").then().statusCode(200).extract().path("$");
        Map<String, Object> other = given().get("/portal/no-such-tenant-y/receipt-key").then().statusCode(200).extract().path("$");

        assertThat(decoy.keySet()).isEqualTo(realKey.keySet());
        assertThat(((Map<?, ?>) decoy.get("jwk")).keySet()).isEqualTo(((Map<?, ?>) realKey.get("jwk")).keySet());
        assertThat(decoy).isEqualTo(again);
        assertThat(decoy.get("jwk")).isNotEqualTo(other.get("jwk"));
        assertThat(((String) decoy.get("tinkPublicKeyset"))).contains("Ed25519PublicKey");
        // the admin route of the real tenant publishes the same real key
        given().auth().oauth2(real.admin()).get("/api/v1/tenants/" + real.slug() + "/receipt-key").then().statusCode(200)
                .body("jwk.x", org.hamcrest.Matchers.equalTo(((Map<?, ?>) realKey.get("jwk")).get("x")));
    }

    @Test
    void redeemingAnInvitationAtATenantThatDoesNotExistIsJustAnInvalidInvitation() {
        Tenants.WithAdmin real = Tenants.createWithAdmin(keycloak, "invite", "MALL");
        Response atReal = given().contentType(ContentType.JSON).body(Map.of("invitation", "made-up")).post("/portal/" + real.slug() + "/session");
        Response atNone = given().contentType(ContentType.JSON).body(Map.of("invitation", "made-up")).post("/portal/no-such-tenant-z/session");
        assertSameProblem(atReal, atNone, 401, "invitation_invalid");

        Response tokenAtReal = given().header("Authorization", "Portal made-up").get("/portal/" + real.slug() + "/consents");
        Response tokenAtNone = given().header("Authorization", "Portal made-up").get("/portal/no-such-tenant-z/consents");
        assertSameProblem(tokenAtReal, tokenAtNone, 401, "portal_token_invalid");
    }

    private static void assertSameProblem(Response a, Response b, int status, String code) {
        for (Response r : new Response[]{a, b}) {
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
            assertThat((String) r.path("code")).isEqualTo(code);
        }
        assertThat((String) b.path("detail")).isEqualTo(a.path("detail"));
        assertThat(b.headers().getValue("WWW-Authenticate")).isEqualTo(a.headers().getValue("WWW-Authenticate"));
    }
}
