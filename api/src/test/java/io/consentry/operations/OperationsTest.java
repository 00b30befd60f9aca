package io.consentry.operations;

import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;


import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@QuarkusTestResource(RealServers.class)
class OperationsTest {

    @jakarta.inject.Inject
    org.keycloak.admin.client.Keycloak keycloak;

    @Test
    void readinessCoversDatabaseS3KeycloakAndTheWarmUpsOnTheManagementPortWithoutCountingTenants() {
        io.consentry.testing.Management.awaitReady();
        io.consentry.testing.Management.given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("s3", "keycloak", "Database connections health check", "warm-up"))
                // both start-up warm-ups ran to the end: ready means the load's code is warm, not that waiting gave up
                .body("checks.find { it.name == 'warm-up' }.data.vault", org.hamcrest.Matchers.startsWith("done: "))
                .body("checks.find { it.name == 'warm-up' }.data.gallery", org.hamcrest.Matchers.startsWith("done: "))
                .body(org.hamcrest.Matchers.not(containsString("buckets")))
                .body(org.hamcrest.Matchers.not(containsString("tenants")));
    }

    @Test
    void publishesOpenApiAndMetricsOnTheManagementPortOnly() {
        io.consentry.testing.Management.given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/platform/tenants"))
                .body(containsString("/api/v1/tenants/{tenant}/me"));
        // The public port answers none of it, with a problem document like any unknown address.
        for (String path : java.util.List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
            given().get(path).then().statusCode(404);
        }
        // A request the public port serves, so that its request metrics exist whatever ran before.
        given().auth().oauth2(io.consentry.testing.Users.tokenFor(keycloak, "platform", "platform-operator"))
                .get("/api/v1/platform/tenants").then().statusCode(200);
        io.consentry.testing.Management.given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        io.consentry.testing.Management.given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
