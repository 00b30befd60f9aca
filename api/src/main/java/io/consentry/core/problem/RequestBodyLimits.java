package io.consentry.core.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Routes that take one image get a limit far below the global body limit, checked from Content-Length before the
 * body is read: a misbehaving device or browser cannot make the api buffer megabytes on every call.
 */
public class RequestBodyLimits {

    private record Rule(Pattern path, long maxBytes, ProblemCode code, String detail) {
        Optional<Response> check(long bytes) {
            if (bytes <= maxBytes) {
                return Optional.empty();
            }
            return Optional.of(ProblemResponses.of(Problem.of(code, detail.formatted(maxBytes) + " This one has " + bytes + " bytes.")));
        }
    }

    private static final Pattern DEVICE_ROUTES = Pattern.compile("^/api/v1/device/.*");
    private static final Pattern ENGINE_ANALYSIS = Pattern.compile("^/api/v1/tenants/[^/]+/engine/analysis/?$");

    @ConfigProperty(name = "consentry.device.max-request-bytes", defaultValue = "4194304")
    long deviceBytes;

    @ConfigProperty(name = "consentry.engineview.max-image-bytes", defaultValue = "10485760")
    long testPhotoBytes;

    private List<Rule> rules() {
        return List.of(
                new Rule(DEVICE_ROUTES, deviceBytes, ProblemCode.REQUEST_TOO_LARGE,
                        "Device requests may be at most %d bytes (one camera frame)."),
                new Rule(ENGINE_ANALYSIS, testPhotoBytes, ProblemCode.IMAGE_TOO_LARGE,
                        "Test photos may be at most %d bytes."));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        Optional<Rule> rule = rules().stream().filter(r -> r.path().matcher(path).matches()).findFirst();
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (rule.isEmpty() || length == null) {
            return Optional.empty();
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Optional.of(ProblemResponses.of(Problem.of(ProblemCode.BAD_REQUEST, "Content-Length is not a number.")));
        }
        return rule.get().check(bytes);
    }
}
