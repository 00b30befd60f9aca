package io.consentry.testing;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import java.net.URI;

/** Requests to the management interface of the application under test (health, metrics, OpenAPI, Swagger UI). */
public final class Management {

    private Management() {
    }

    /**
     * A request to the management interface. Its port must be given explicitly: RestAssured prefers the test port
     * Quarkus sets globally over a port inside a base URI.
     */
    public static RequestSpecification given() {
        URI uri = URI.create(TestHTTPResourceManager.getManagementUri());
        return RestAssured.given().baseUri(uri.getScheme() + "://" + uri.getHost()).port(uri.getPort());
    }
}
