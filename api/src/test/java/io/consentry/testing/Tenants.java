package io.consentry.testing;

import io.restassured.http.ContentType;
import org.keycloak.admin.client.Keycloak;

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

    /** A new tenant of that kind and a token of one of its tenant admins. */
    public record WithAdmin(String slug, String admin) {
    }

    public static WithAdmin createWithAdmin(Keycloak keycloak, String prefix, String kind) {
        String slug = uniqueSlug(prefix);
        create(Users.tokenFor(keycloak, "platform", "platform-operator"), slug, kind);
        return new WithAdmin(slug, Users.tokenFor(keycloak, slug, "tenant-admin"));
    }

    /** Two tenants with an admin each: the usual set-up of a test that also tries the other tenant's data. */
    public record Pair(WithAdmin first, WithAdmin second) {
    }

    public static Pair pairWithAdmins(Keycloak keycloak, String prefix, String firstKind, String secondKind) {
        return new Pair(createWithAdmin(keycloak, prefix, firstKind), createWithAdmin(keycloak, prefix + "-b", secondKind));
    }

    /**
     * The first admin every tenant is created with (a tenant needs one): an invited account whose setup link goes to
     * the test mail server. Tests sign in with admins of their own (see {@link Users}); this one only receives mail.
     */
    public static Map<String, Object> firstAdmin(String slug) {
        return Map.of("name", "First Admin", "email", "first-admin@" + slug + ".example.test");
    }

    /**
     * The data controller a test tenant starts with: complete, so notices (and the default purposes) can be published.
     * Tests about an incomplete profile replace it through PUT …/controller.
     */
    public static Map<String, Object> controller(String slug) {
        return Map.of("name", "Tenant " + slug + " Ltd.", "address", "1 Test Road, Pudong, Shanghai",
                "email", "privacy@" + slug + ".example.test", "phone", "+86 21 5555 0100",
                "policyUrl", "https://" + slug + ".example.test/privacy", "jurisdiction", "CN");
    }

    /**
     * A new tenant whose default face purposes have an approved impact assessment (see {@link Assessments}), so they
     * can be used at once, as an admin would after recording one.
     */
    public static void create(String operatorToken, String slug, String kind) {
        createUnassessed(operatorToken, slug, kind);
        Assessments.approveDefaults(slug);
    }

    /** A new tenant as provisioning leaves it: its default face purposes are switched off until assessed. */
    public static void createUnassessed(String operatorToken, String slug, String kind) {
        given().auth().oauth2(operatorToken).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "displayName", "Tenant " + slug, "kind", kind, "controller", controller(slug),
                        "firstAdmin", firstAdmin(slug)))
                .post("/api/v1/platform/tenants")
                .then().statusCode(201);
    }
}
