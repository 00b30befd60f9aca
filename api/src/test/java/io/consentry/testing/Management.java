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

    /**
     * Waits until the application reports ready (at most 90 s): right after a start its start-up warm-ups may still be
     * running, and readiness waits for them.
     */
    public static void awaitReady() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
        while (given().get("/q/health/ready").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready within 90 s: " + given().get("/q/health/ready").asString());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
