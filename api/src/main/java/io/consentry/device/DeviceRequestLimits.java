package io.consentry.device;

import io.consentry.problem.Problem;
import io.consentry.problem.ProblemResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Device calls carry at most one camera frame: bodies above the limit are refused before they are read, so a
 * misbehaving device cannot make the api buffer the global body limit on every call.
 */
public class DeviceRequestLimits {

    private static final String DEVICE_ROUTES = "/api/v1/device/";

    @ConfigProperty(name = "consentry.device.max-request-bytes", defaultValue = "4194304")
    long maxRequestBytes;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith(DEVICE_ROUTES)) {
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
        if (bytes > maxRequestBytes) {
            return Optional.of(ProblemResponses.of(Problem.of(413, "request_too_large", "Request too large",
                    "Device requests may be at most " + maxRequestBytes + " bytes (one camera frame); this one has " + bytes + ".")));
        }
        return Optional.empty();
    }
}
