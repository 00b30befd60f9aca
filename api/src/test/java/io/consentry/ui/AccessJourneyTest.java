package io.consentry.ui;

import io.consentry.testing.Devices;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.net.URL;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The access-rights part of issue 18 in Debian Chromium through ui/e2e/access.e2e.mjs: a group with a resident, a site
 * restricted to it on weekdays with a holiday (and a window across midnight refused on the form), the screens in
 * Chinese, an outsider's PIN DENIED not_authorised_here at a real device and shown in the console's audit, and the
 * resident's portal listing where they may go.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class AccessJourneyTest {

    @Inject
    Keycloak keycloak;

    @TestHTTPResource("/")
    URL base;

    @Test
    void groupsSiteRightsAnOutsiderRefusedAndThePortalsPlacesInARealBrowser() throws Exception {
        BrowserRun.requireChromium();
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "access", "COMPOUND");
        String slug = t.slug();
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, slug, "admin-" + slug, password, "tenant-admin");
        BrowserRun.allowConsoleRedirects(keycloak, slug, base);
        String site = Devices.createSite(t.admin(), slug, "Tower A lobby");
        String turnstile = Devices.token(slug, Devices.register(t.admin(), slug, site, "Tower A turnstile"));
        String member = Portal.subject(t.admin(), slug, "resident-1");
        String outsider = Portal.subject(t.admin(), slug, "visitor-9");
        given().auth().oauth2(t.admin()).contentType(ContentType.JSON).body(Map.of("subjectId", outsider, "kind", "PIN", "pin", "918273"))
                .post("/api/v1/tenants/" + slug + "/credentials").then().statusCode(201);
        Portal.invite(t.admin(), slug, member, "EMAIL").then().statusCode(201);

        List<String> output = BrowserRun.run("access.e2e.mjs", base, Map.ofEntries(
                Map.entry("E2E_TENANT", slug),
                Map.entry("E2E_SITE_NAME", "Tower A lobby"),
                Map.entry("E2E_MEMBER_REF", "resident-1"),
                Map.entry("E2E_MEMBER_NAME", "Person resident-1"),
                Map.entry("E2E_MEMBER_EMAIL", Portal.contact(slug, "resident-1")),
                Map.entry("E2E_MAILBOX_URL", io.consentry.testing.Mailbox.url()),
                Map.entry("E2E_DEVICE_TOKEN", turnstile),
                Map.entry("E2E_OUTSIDER_REF", "visitor-9"),
                Map.entry("E2E_OUTSIDER_PIN", "918273"),
                Map.entry("E2E_ADMIN_USER", "admin-" + slug),
                Map.entry("E2E_ADMIN_PASSWORD", password)));

        // What the browser saved is what the api holds: the site restricted to the group, the member in it.
        String api = "/api/v1/tenants/" + slug;
        given().auth().oauth2(t.admin()).get(api + "/sites/" + site + "/rights").then().statusCode(200)
                .body("restricted", equalTo(true)).body("groups[0].groupName", equalTo("Tower A residents"))
                .body("groups[0].weekly[0].from", equalTo("07:00:00")).body("exceptions[0].date", equalTo("2026-12-25"));
        given().auth().oauth2(t.admin()).get(api + "/subjects/" + member + "/groups").then().statusCode(200)
                .body("[0].groupName", equalTo("Tower A residents"));
        // The outsider's decision the browser made at the device is in the audit log with its reason.
        String entry = output.stream().filter(l -> l.startsWith("[e2e] decision ")).map(l -> l.substring("[e2e] decision ".length()))
                .findFirst().orElseThrow();
        given().auth().oauth2(t.admin()).get(api + "/audit?action=access.pin&subjectRef=" + outsider).then().statusCode(200)
                .body("items.find { it.id == '" + entry + "' }.outcome", equalTo("DENIED"))
                .body("items.find { it.id == '" + entry + "' }.details.reason", equalTo("not_authorised_here"));
        try (var shots = Files.list(BrowserRun.SCREENSHOTS)) {
            assertThat(shots.map(f -> f.getFileName().toString())).contains("access-01-group-members.png", "access-02-site-open.png",
                    "access-03-rights-refused.png", "access-04-rights-restricted.png", "access-05-rights-zh.png",
                    "access-06-decision-in-audit.png", "access-07-portal-places.png", "access-08-portal-places-zh.png");
        }
    }
}
