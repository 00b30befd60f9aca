package io.consentry.core.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.consentry.tenants.placement.CellNotConfiguredException;
import io.consentry.tenants.provisioning.ProvisioningFailedException;
import io.consentry.tenants.registry.TenantAlreadyExistsException;
import io.consentry.tenants.registry.TenantSlug;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** Turns every failure into an RFC 9457 problem document with a stable code. Nothing leaks as a bare 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return respond(e.toProblem(), uri);
    }

    @ServerExceptionMapper
    public Response invalidSlug(TenantSlug.InvalidSlugException e, UriInfo uri) {
        return respond(Problem.of(ProblemCode.INVALID_SLUG, e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response tenantExists(TenantAlreadyExistsException e, UriInfo uri) {
        return respond(Problem.of(ProblemCode.TENANT_EXISTS, e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response provisioningFailed(ProvisioningFailedException e, UriInfo uri) {
        LOG.warnf("Provisioning failed at step %s: %s", e.step(), e.getCause().getMessage());
        if (e.conflict()) {
            return respond(Problem.of(ProblemCode.PROVISIONING_CONFLICT, "The tenant could not be created because its " + e.step()
                            + " already exists outside the platform's registry. Nothing was kept; remove the leftover "
                            + e.step() + " or choose another slug."), uri);
        }
        return respond(Problem.of(ProblemCode.PROVISIONING_FAILED, "The tenant could not be created: the " + e.step()
                        + " step failed and every step already done was undone. Try again when the backing service is available."), uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response unrecognizedProperty(UnrecognizedPropertyException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    /** Jackson failures, whether they reach us directly or wrapped by the JSON body reader. */
    static Problem jsonProblem(JsonProcessingException e) {
        if (e instanceof StrictJson.NulCharacter nul) {
            String field = fieldPath(nul);
            return Problem.of(ProblemCode.INVALID_CHARACTER, "The field '" + field + "' holds a NUL character (U+0000).")
                    .withErrors(List.of(new Problem.FieldError(field, "NUL character")));
        }
        if (e instanceof MismatchedInputException trailing && String.valueOf(trailing.getOriginalMessage()).startsWith("Trailing token")) {
            return Problem.of(ProblemCode.MALFORMED_JSON, "The request body has more after its JSON document; send exactly one document.");
        }
        if (e instanceof JsonParseException parse) {
            return Problem.of(ProblemCode.MALFORMED_JSON, "The request body is not valid JSON (line " + parse.getLocation().getLineNr() + ", column "
                            + parse.getLocation().getColumnNr() + ").");
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = fieldPath(unknown);
            return Problem.of(ProblemCode.UNKNOWN_FIELD, "The field '" + field + "' is not part of this request.")
                    .withErrors(List.of(new Problem.FieldError(field, "unknown field")));
        }
        if (e instanceof InvalidFormatException invalid) {
            String allowed = invalid.getTargetType() != null && invalid.getTargetType().isEnum()
                    ? " Allowed values: " + Arrays.stream(invalid.getTargetType().getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", ")) + "."
                    : "";
            String field = fieldPath(invalid);
            String message = "has the wrong value or type." + allowed;
            return Problem.of(ProblemCode.INVALID_VALUE, "The field '" + field + "' " + message)
                    .withErrors(List.of(new Problem.FieldError(field, message)));
        }
        if (e instanceof JsonMappingException mapping) {
            String field = fieldPath(mapping);
            if (field.isEmpty()) {
                return Problem.of(ProblemCode.INVALID_VALUE, "The request body does not have the expected shape.");
            }
            return Problem.of(ProblemCode.INVALID_VALUE, "The field '" + field + "' has the wrong type.")
                    .withErrors(List.of(new Problem.FieldError(field, "wrong type")));
        }
        return Problem.of(ProblemCode.MALFORMED_JSON, "The request body could not be read as JSON.");
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        String detail = errors.stream().map(err -> err.field() + " " + err.message()).collect(Collectors.joining("; "));
        return respond(Problem.of(ProblemCode.VALIDATION_FAILED, "The request is invalid: " + detail + ".")
                .withErrors(errors), uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        // An identity provider that knows why (a revoked portal link, a suspended tenant) says so through its cause.
        if (e.getCause() instanceof ApiException reason) {
            return respond(reason.toProblem(), uri);
        }
        return respond(unauthorizedProblem(uri), uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(unauthorizedProblem(uri), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return respond(jsonProblem(json), uri);
            }
        }
        Optional<Problem> persistence = PersistenceProblems.of(e);
        if (persistence.isPresent()) {
            return respond(persistence.get(), uri);
        }
        int status = e.getResponse().getStatus();
        Problem problem = switch (status) {
            case 404 -> Problem.of(ProblemCode.NOT_FOUND, "There is nothing at this address.");
            case 408 -> Problem.of(ProblemCode.REQUEST_TIMEOUT, "The request did not arrive in time.");
            case 413 -> Problem.of(ProblemCode.REQUEST_TOO_LARGE, "The request body is larger than this address accepts.");
            case 414 -> Problem.of(ProblemCode.URI_TOO_LONG, "The request's address is longer than the platform accepts.");
            case 431 -> Problem.of(ProblemCode.HEADERS_TOO_LARGE, "The request's headers are larger than the platform accepts.");
            case 405 -> Problem.of(ProblemCode.METHOD_NOT_ALLOWED, "This address does not accept that HTTP method.");
            case 406 -> Problem.of(ProblemCode.NOT_ACCEPTABLE, "This address cannot answer in the requested media type.");
            case 415 -> Problem.of(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "Send the body with the media type this address expects (usually application/json).");
            case 401 -> unauthorizedProblem(uri);
            case 403 -> Problem.of(ProblemCode.FORBIDDEN, "You may not do this.");
            default -> status >= 500
                    ? internal(e)
                    : Problem.of(ProblemCode.BAD_REQUEST, "The request could not be processed.");
        };
        return respond(problem, uri);
    }

    @ServerExceptionMapper
    public Response cellNotConfigured(CellNotConfiguredException e, UriInfo uri) {
        return respond(cellNotConfiguredProblem(e), uri);
    }

    private static Problem cellNotConfiguredProblem(CellNotConfiguredException e) {
        LOG.errorf("Tenant %s lives on cell '%s', which this api is not configured for", e.tenantSlug(), e.cell());
        return Problem.of(ProblemCode.CELL_NOT_CONFIGURED, "The tenant '" + e.tenantSlug() + "' lives on cell '" + e.cell()
                + "', which this api is not configured for. Add the cell back to the api's configuration "
                + "(consentry.cells.names and its settings); nothing was changed.");
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return respond(api.toProblem(), uri); // wrapped on its way out of a transaction or a lambda
            }
            if (cause instanceof CellNotConfiguredException cell) {
                return respond(cellNotConfiguredProblem(cell), uri); // e.g. inside the persistence unit's connection lookup
            }
        }
        return respond(PersistenceProblems.of(e).orElseGet(() -> internal(e)), uri);
    }

    private static Problem internal(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, incident %s", incident);
        return Problem.of(ProblemCode.INTERNAL_ERROR, "Something went wrong on our side; nothing was changed by this request unless stated otherwise. Incident " + incident + ".");
    }

    private static Problem unauthorizedProblem(UriInfo uri) {
        if (isPortal(uri)) {
            return portalTokenRequired();
        }
        return Problem.of(ProblemCode.UNAUTHORIZED, "Send a valid bearer token from the platform realm or from your tenant's realm.");
    }

    public static Problem portalTokenRequired() {
        return Problem.of(ProblemCode.PORTAL_TOKEN_REQUIRED, "Send your portal session or personal link token as 'Authorization: Portal <token>'.");
    }

    public static boolean isPortal(UriInfo uri) {
        return uri != null && uri.getPath().startsWith("/portal/");
    }

    public static Response respond(Problem problem, UriInfo uri) {
        return ProblemResponses.of(problem.withInstance(uri == null ? null : uri.getPath()));
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
