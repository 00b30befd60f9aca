package io.consentry.gallery;

import io.consentry.testing.Devices;
import io.consentry.testing.Management;
import io.consentry.testing.Portal;
import io.consentry.testing.Tenants;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.keycloak.admin.client.Keycloak;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;

/** One tenant with an identifying gate and one enrolled member who consented to identification, for the budget tests. */
record GalleryWorld(String tenant, String admin, String device, String member, String session) {

    static final String PURPOSE = "member-identification";

    static GalleryWorld create(Keycloak keycloak, String prefix) {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, prefix, "COMPOUND");
        String site = Devices.createSite(t.admin(), t.slug(), "Main gate");
        given().auth().oauth2(t.admin()).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", PURPOSE, "livenessRequired", false))
                .put("/api/v1/tenants/" + t.slug() + "/sites/" + site + "/policy").then().statusCode(200);
        Devices.Registered gate = Devices.register(t.admin(), t.slug(), site, "Gate 1");
        String member = Portal.subject(t.admin(), t.slug(), "member");
        String session = Portal.session(t.admin(), t.slug(), member, Portal.contact(t.slug(), "member"));
        String hash = given().header("Authorization", "Portal " + session).get("/portal/" + t.slug() + "/purposes")
                .then().statusCode(200).extract().path("find { it.code == '" + PURPOSE + "' }.notice.contentHash");
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .body(Map.of("purpose", PURPOSE, "decision", "GRANT", "noticeHash", hash))
                .post("/portal/" + t.slug() + "/decisions").then().statusCode(201);
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(photo("obama_1.jpg"))
                .post("/portal/" + t.slug() + "/enrolment").then().statusCode(201);
        return new GalleryWorld(t.slug(), t.admin(), Devices.token(t.slug(), gate), member, session);
    }

    Response identify(String photo) {
        return given().auth().oauth2(device).contentType(ContentType.JSON)
                .body(Map.of("image", Base64.getEncoder().encodeToString(photo(photo))))
                .post("/api/v1/device/identify");
    }

    void withdraw() {
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .post("/portal/" + tenant + "/consents/" + PURPOSE + "/withdraw").then().statusCode(200);
    }

    /** A gallery metric as Prometheus scrapes it, e.g. {@code consentry_gallery_evictions_total}. */
    static double metric(String name) {
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElseThrow(() -> new AssertionError("no metric " + name));
    }
}
