package io.consentry.testing;

import io.restassured.http.ContentType;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Tenant set-up through the real platform API. */
public final class Tenants {

    private Tenants() {
    }

    public static String uniqueSlug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static void create(String operatorToken, String slug, String kind) {
        given().auth().oauth2(operatorToken).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "displayName", "Tenant " + slug, "kind", kind))
                .post("/api/v1/platform/tenants")
                .then().statusCode(201);
    }
}
