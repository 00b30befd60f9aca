package io.consentry.engineview;

import io.consentry.problem.Problem;
import io.consentry.problem.ProblemResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;
import java.util.regex.Pattern;

/** A test photo above the limit is refused from its Content-Length, before the body is read into memory. */
public class EngineViewLimits {

    private static final Pattern ANALYSIS = Pattern.compile("^/api/v1/tenants/[^/]+/engine/analysis/?$");

    @ConfigProperty(name = "consentry.engineview.max-image-bytes", defaultValue = "10485760")
    long maxImageBytes;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request) {
        if (!ANALYSIS.matcher(request.getUriInfo().getPath()).matches()) {
            return Optional.empty();
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return Optional.empty();
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Optional.of(ProblemResponses.of(Problem.of(400, "bad_request", "Bad request", "Content-Length is not a number.")));
        }
        if (bytes > maxImageBytes) {
            return Optional.of(ProblemResponses.of(Problem.of(413, "image_too_large", "Image too large",
                    "The image has " + bytes + " bytes; at most " + maxImageBytes + " are accepted.")));
        }
        return Optional.empty();
    }
}
