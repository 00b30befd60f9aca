package io.consentry.site;

import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Sites carry a category; no face method runs in a private space (CAC face-recognition measures, 2025). */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class SiteCategoryTest {

    private static final Map<String, Object> FACE_POLICY = Map.of("methods", List.of("FACE_1_1", "PIN"),
            "faceClaimTypes", List.of("SUBJECT_REF"), "verificationPurpose", "gate-verification");

    private static String tenant;
    private static String admin;

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void tenant() {
        if (admin == null) {
            Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "category", "COMPOUND");
            tenant = t.slug();
            admin = t.admin();
        }
    }

    @Test
    void aSiteWithoutACategoryIsAPublicPlace() {
        asAdmin().body(Map.of("name", "Old-style gate")).post(api("/sites")).then().statusCode(201)
                .body("category", equalTo("OTHER_PUBLIC")).body("privateSpace", equalTo(false));
        String id = asAdmin().body(Map.of("name", "Front entrance", "category", "ENTRANCE")).post(api("/sites")).then().statusCode(201)
                .body("category", equalTo("ENTRANCE")).extract().path("id");
        // an update that names no category keeps it
        asAdmin().body(Map.of("name", "Front entrance (north)")).put(api("/sites/" + id)).then().statusCode(200)
                .body("category", equalTo("ENTRANCE"));
        asAdmin().body(FACE_POLICY).put(api("/sites/" + id + "/policy")).then().statusCode(200);
    }

    @Test
    void everyCategoryOfTheClosedListIsStored() {
        for (SiteCategory category : SiteCategory.values()) {
            asAdmin().body(Map.of("name", "Place " + category, "category", category.name())).post(api("/sites")).then()
                    .statusCode(201).body("category", equalTo(category.name())).body("privateSpace", equalTo(category.privateSpace()));
        }
        assertThat(java.util.Arrays.stream(SiteCategory.values()).filter(SiteCategory::privateSpace).map(Enum::name))
                .contains("ROOM", "TOILET", "CHANGING_AREA");
    }

    @Test
    void aPrivateSpaceRefusesFaceMethods() {
        String toilet = asAdmin().body(Map.of("name", "Toilets level 2", "category", "TOILET")).post(api("/sites")).then()
                .statusCode(201).body("privateSpace", equalTo(true)).extract().path("id");
        Response refused = asAdmin().body(FACE_POLICY).put(api("/sites/" + toilet + "/policy"));
        problem(refused, 409, "private_space_no_face");
        assertThat(refused.<String>path("detail")).contains("private space").contains("TOILET");
        problem(asAdmin().body(Map.of("methods", List.of("FACE_1_N", "QR"), "identificationPurpose", "member-identification"))
                .put(api("/sites/" + toilet + "/policy")), 409, "private_space_no_face");
        given().auth().oauth2(admin).get(api("/sites/" + toilet + "/policy")).then().statusCode(200)
                .body("methods", equalTo(List.of("PIN", "QR", "CARD", "GUARD")));
        // the ways in without a face are allowed
        asAdmin().body(Map.of("methods", List.of("PIN", "CARD"))).put(api("/sites/" + toilet + "/policy")).then().statusCode(200);
    }

    @Test
    void aSiteUsingFaceCannotBecomeAPrivateSpace() {
        String site = asAdmin().body(Map.of("name", "Pool entrance", "category", "ENTRANCE")).post(api("/sites")).then()
                .statusCode(201).extract().path("id");
        asAdmin().body(FACE_POLICY).put(api("/sites/" + site + "/policy")).then().statusCode(200);
        Response refused = asAdmin().body(Map.of("name", "Pool changing rooms", "category", "CHANGING_AREA")).put(api("/sites/" + site));
        problem(refused, 409, "private_space_no_face");
        assertThat(refused.<String>path("detail")).contains("FACE_1_1");
        given().auth().oauth2(admin).get(api("/sites/" + site)).then().statusCode(200)
                .body("name", equalTo("Pool entrance")).body("category", equalTo("ENTRANCE"));
        // without face methods it may
        asAdmin().body(Map.of("methods", List.of("CARD", "GUARD"))).put(api("/sites/" + site + "/policy")).then().statusCode(200);
        asAdmin().body(Map.of("name", "Pool changing rooms", "category", "CHANGING_AREA")).put(api("/sites/" + site)).then()
                .statusCode(200).body("category", equalTo("CHANGING_AREA")).body("privateSpace", equalTo(true));
    }

    @Test
    void anUnknownCategoryIsRefused() {
        Response r = asAdmin().body(Map.of("name", "Sauna", "category", "SAUNA")).post(api("/sites"));
        problem(r, 400, null);
        asAdmin().body("{\"name\":\"Sauna\",\"category\":7}").post(api("/sites")).then().statusCode(400);
        given().auth().oauth2(admin).get(api("/sites")).then().statusCode(200)
                .body("findAll { it.name == 'Sauna' }.size()", equalTo(0));
    }

    private static void problem(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (code != null) {
            assertThat((String) response.path("code")).isEqualTo(code);
        }
    }

    private static RequestSpecification asAdmin() {
        return given().auth().oauth2(admin).contentType(ContentType.JSON);
    }

    private static String api(String path) {
        return "/api/v1/tenants/" + tenant + path;
    }
}
