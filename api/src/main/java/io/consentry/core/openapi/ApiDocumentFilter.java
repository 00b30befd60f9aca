package io.consentry.core.openapi;

import io.consentry.core.problem.ProblemCode;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.eclipse.microprofile.openapi.models.tags.Tag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Completes the generated OpenAPI document from what the code already says, so that it is true without repeating
 * every fact on every method:
 * <ul>
 *   <li>the problem responses an operation can give, derived from its shape (parameters, body, method, security, route
 *       family), each pointing at one {@code Problem} schema whose {@code code} lists the whole {@link ProblemCode}
 *       catalogue;</li>
 *   <li>the two security schemes (realm bearer tokens, and the portal's {@code Authorization: Portal <token>}), and an
 *       explicit empty requirement on public operations;</li>
 *   <li>readable operation ids ({@code SubjectResource_list} becomes {@code subjectList}), the server, tag descriptions.</li>
 * </ul>
 */
public class ApiDocumentFilter implements OASFilter {

    static final String BEARER = "bearer";
    static final String PORTAL = "portal";
    static final String PROBLEM = "Problem";

    private static final Map<String, String> TAGS = new TreeMap<>(Map.ofEntries(
            Map.entry("Alternative credentials", "PINs, one-time and time-based QR codes and cards that let people in without their face (tenant admins)."),
            Map.entry("Audit", "The tenant's hash-chained audit log: list, export, verify (admins and auditors)."),
            Map.entry("Consent portal", "The data subject's own API, authorised by their portal token: notices, decisions, receipts, enrolment, their data."),
            Map.entry("Console session", "Sign-in to the admin console (server-side session with Keycloak)."),
            Map.entry("Dashboard", "Counts for the console's first screen."),
            Map.entry("Device", "What gates, turnstiles and kiosks call with their client-credentials token: verify, identify, alternatives, heartbeat."),
            Map.entry("Engine view", "The console's look at the face engine: a test photo's analysis and the pack's calibration."),
            Map.entry("Platform: keys", "Platform operators: master-key rotation."),
            Map.entry("Staff", "Tenant admins invite, list, disable and re-enable staff (admins, guards, auditors); staff choose their password through a one-time setup link."),
            Map.entry("Webhooks", "Tenant admins subscribe their systems to signed CloudEvents (decisions, consent changes, enrolments, erasures, device health); delivery log, dead letters and redelivery."),
            Map.entry("Platform: schema migrations", "Platform operators: the background job that brings tenant schemas to the version this api needs; start it, follow its progress and failures."),
            Map.entry("Platform: tenants", "Platform operators: provision, suspend, resume, delete tenants; per-tenant key rotation and model migration."),
            Map.entry("Policies", "Each site's policy: which ways in it accepts, face thresholds, opening hours."),
            Map.entry("Public notices", "Without sign-in: the public notice of each site that processes faces, and its printable sign (PDF, PNG)."),
            Map.entry("Tenant: retention", "The retention schedule and what face data was deleted, when and why (admins and auditors)."),
            Map.entry("Sites and devices", "A tenant's sites and the devices registered at them."),
            Map.entry("Subjects", "Subject data exports an admin prepares for a request made offline."),
            Map.entry("Tenant", "The caller and their tenant."),
            Map.entry("Tenant: consent", "Consent history, receipt key, storage outbox and key rotation of a tenant."),
            Map.entry("Tenant: model migration", "Re-building templates after the model pack changed."),
            Map.entry("Tenant: purposes", "The purposes subjects consent to, each with versioned notices."),
            Map.entry("Tenant: subjects", "The people whose face may be processed: records, consents, templates as metadata, invitations, erasure."),
            // impact assessments, filing threshold (issue 17)
            Map.entry("Tenant: impact assessments", "Personal-information impact assessments of face purposes: versions, overdue reviews, JSON and PDF exports."),
            Map.entry("Tenant: filing threshold", "How many people's face data the tenant holds, against the threshold at which it must file with the authority."),
            Map.entry("Platform: filing threshold", "Platform operators: every tenant's count of people with face data, the platform total, the tenants that must file."),
            // minors and subject requests (issue 17, item 7)
            Map.entry("Tenant: subject requests", "Access, correction and erasure requests filed in the portal: the admins' queue with statutory due dates, answers."),
            // issue 18, access part
            Map.entry("Tenant: access rights", "Groups of subjects with memberships for a period, and per site the groups that may enter and when (weekly hours, dated exceptions).")));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSchema(PROBLEM, problemSchema());
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("JWT").description("An access token of the platform realm (operators) or of the tenant's own realm "
                        + "(admins, auditors, guards, devices); the tenant is the token's issuer."));
        components.addSecurityScheme(PORTAL, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("Portal")
                .description("The data subject's portal token: `Authorization: Portal <token>` — a session from redeeming an "
                        + "invitation, or the personal link."));
        openAPI.setServers(List.of(OASFactory.createServer().url(publicUrl()).description("this platform")));
        openAPI.setTags(tags(openAPI.getTags()));
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) ->
                complete(path, method, operation)));
    }

    private void complete(String path, PathItem.HttpMethod method, Operation operation) {
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        if (path.startsWith("/portal/")) {
            operation.setSecurity(secured ? List.of(requirement(PORTAL)) : List.of());
        } else {
            operation.setSecurity(secured ? List.of(requirement(BEARER)) : List.of());
        }
        operation.setOperationId(readableId(operation.getOperationId()));
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.setResponses(responses);
        for (int status : problemStatuses(path, method, operation, secured)) {
            String key = Integer.toString(status);
            APIResponse existing = responses.getAPIResponse(key);
            if (existing == null || existing.getContent() == null || existing.getContent().getMediaTypes().isEmpty()) {
                String description = existing != null && existing.getDescription() != null ? existing.getDescription() : describe(status);
                responses.addAPIResponse(key, problemResponse(description));
            }
        }
    }

    /** Which problem statuses an operation of this shape can answer with. */
    static List<Integer> problemStatuses(String path, PathItem.HttpMethod method, Operation operation, boolean secured) {
        List<Integer> statuses = new ArrayList<>();
        boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasPathIds = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getIn() == Parameter.In.PATH);
        boolean writes = method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT || method == PathItem.HttpMethod.DELETE;
        boolean image = isImageRoute(path);
        if (hasParameters || hasBody) {
            statuses.add(400);
        }
        if (secured || path.startsWith("/portal/")) {
            statuses.add(401);
            statuses.add(403);
        }
        if (hasPathIds) {
            statuses.add(404);
        }
        if (writes) {
            statuses.add(409);
        }
        if (image || path.startsWith("/api/v1/device/")) {
            statuses.add(413);
        }
        if (hasBody) {
            statuses.add(415);
        }
        if (image) {
            statuses.add(422);
        }
        if (path.startsWith("/api/v1/device/") || path.endsWith("/portal/{tenant}/session") || path.startsWith("/public/")
                || path.endsWith("/ways-in/credentials")) {
            // a device's rate limit; a letter that sent all its contact codes; public pages per address; self-issued credentials per day
            statuses.add(429);
        }
        if (writes || path.contains("/exports") || path.contains("/receipt")) {
            statuses.add(503);
        }
        return statuses;
    }

    private static boolean isImageRoute(String path) {
        return path.endsWith("/enrolment") || path.endsWith("/device/verify") || path.endsWith("/device/identify")
                || path.endsWith("/engine/analysis") || path.endsWith("/portal/{tenant}/attributes");
    }

    /** {@code SubjectResource_list} (the CLASS_METHOD strategy) becomes {@code subjectList}. */
    static String readableId(String generated) {
        if (generated == null || !generated.contains("_")) {
            return generated;
        }
        String type = generated.substring(0, generated.indexOf('_')).replaceFirst("Resource$", "");
        String method = generated.substring(generated.indexOf('_') + 1);
        return Character.toLowerCase(type.charAt(0)) + type.substring(1) + Character.toUpperCase(method.charAt(0)) + method.substring(1);
    }

    private static Schema problemSchema() {
        Schema code = OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                .description("Stable reason clients switch on; the catalogue (docs/ERRORS.md) says when each is sent:\n\n"
                        + String.join("\n", Arrays.stream(ProblemCode.values())
                        .map(c -> "- `" + c.code() + "` (" + c.statuses() + "): " + c.description()).toList()))
                .enumeration(new ArrayList<>(Arrays.stream(ProblemCode.values()).map(ProblemCode::code).map(Object.class::cast).toList()));
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem document (media type application/problem+json).")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).description("urn:consentry:problem:<code>"))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("code", code)
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING).description("A sentence for the person reading it."))
                .addProperty("instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError))
                .required(List.of("type", "title", "status", "code"));
    }

    private static APIResponse problemResponse(String description) {
        Content content = OASFactory.createContent().addMediaType("application/problem+json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)));
        return OASFactory.createAPIResponse().description(description).content(content);
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "The request is malformed or a value is invalid.";
            case 401 -> "No valid token.";
            case 403 -> "The token may not do this here (role, tenant or consent).";
            case 404 -> "Nothing with this id in this tenant.";
            case 409 -> "The request conflicts with the current state.";
            case 413 -> "The body or image is too large.";
            case 415 -> "The body's media type or image format is not supported.";
            case 422 -> "The image was read but no single usable face was found in it.";
            case 429 -> "Too many requests from this device.";
            case 503 -> "A backing service (object store, identity provider) is unavailable; retry later.";
            default -> "Problem.";
        };
    }

    private static SecurityRequirement requirement(String scheme) {
        return OASFactory.createSecurityRequirement().addScheme(scheme);
    }

    private static List<Tag> tags(List<Tag> existing) {
        Map<String, Tag> byName = new TreeMap<>();
        if (existing != null) {
            existing.forEach(t -> byName.put(t.getName(), t));
        }
        TAGS.forEach((name, description) -> byName.computeIfAbsent(name, n -> OASFactory.createTag().name(n)).setDescription(description));
        return new ArrayList<>(byName.values());
    }

    private static String publicUrl() {
        String url = ConfigProvider.getConfig().getOptionalValue("consentry.public-url", String.class).filter(u -> !u.isBlank()).orElse("http://127.0.0.1:8080");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
