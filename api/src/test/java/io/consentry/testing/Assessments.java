package io.consentry.testing;

import io.restassured.http.ContentType;
import org.keycloak.admin.client.Keycloak;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Impact assessments as tests need them. A face purpose is used only once an approved assessment is recorded for it,
 * and the default purposes a tenant is seeded with have none; {@link Tenants#create} records one for each of them
 * here, so that tests about something else can use the defaults right away.
 */
public final class Assessments {

    private Assessments() {
    }

    /** A complete, approved assessment request; mutable, so a test may remove or change a field to see it refused. */
    public static Map<String, Object> body() {
        Map<String, Object> body = new HashMap<>();
        body.put("purposeAndNecessity", "Residents pass the gates without a card; face verification is necessary because cards are lent and lost.");
        body.put("impactOnIndividuals", "A template of the face is kept encrypted; a wrong match could refuse a resident, who then uses another way in.");
        body.put("risksAndMeasures", "Templates encrypted with the tenant's key, liveness check, audit of every decision, deletion on withdrawal.");
        body.put("alternatives", "PIN, one-time QR code, access card or the guard, with no disadvantage.");
        body.put("processingLocation", "PLATFORM");
        body.put("reviewer", "Data protection officer");
        body.put("approvedOn", LocalDate.now().minusDays(1).toString());
        body.put("nextReviewOn", LocalDate.now().plusYears(1).toString());
        return body;
    }

    /** {@link #body()} as JSON text, for tests that write request bodies by hand. */
    public static String json() {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records an approved assessment for every purpose of the tenant that needs one and has none. */
    public static void approveDefaults(String adminToken, String slug) {
        String api = "/api/v1/tenants/" + slug;
        List<Map<String, Object>> purposes = given().auth().oauth2(adminToken).get(api + "/assessments")
                .then().statusCode(200).extract().path("");
        for (Map<String, Object> purpose : purposes) {
            if (!Boolean.TRUE.equals(purpose.get("inForce"))) {
                given().auth().oauth2(adminToken).contentType(ContentType.JSON).body(body())
                        .post(api + "/purposes/" + purpose.get("purpose") + "/assessments").then().statusCode(201);
            }
        }
    }

    /** As {@link #approveDefaults(String, String)}, signed in as a tenant admin made for the purpose (the assessor). */
    public static void approveDefaults(String slug) {
        Keycloak keycloak = CellServers.realmAdmin(slug); // the api's on the home cell, else the tenant's cell's
        String username = "assessor-" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, slug, username, password, "tenant-admin");
        approveDefaults(Users.signIn(slug, username, password), slug);
    }
}
