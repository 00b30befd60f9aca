package io.consentry.core.http;

import io.consentry.core.problem.ProblemCode;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Locale;
import java.util.Map;

/**
 * The first look at every request, before routing: its request line and headers are within the platform's limits and
 * its address holds no NUL. These answers used to come from the HTTP decoder as bare 414/431 statuses, or as a 500
 * once a NUL reached PostgreSQL; now each is a problem document. The HTTP decoder's own limits
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set well above these so that it
 * only ever answers for requests far beyond anything a client of this API sends.
 */
@ApplicationScoped
public class TransportLimits {

    /** Before every other filter. */
    static final int PRIORITY = 20_000;

    private final HttpProblems problems;
    private final int maxUriLength;
    private final int maxHeaderBytes;

    TransportLimits(HttpProblems problems,
                    @ConfigProperty(name = "consentry.http.max-uri-length", defaultValue = "8192") int maxUriLength,
                    @ConfigProperty(name = "consentry.http.max-header-bytes", defaultValue = "16384") int maxHeaderBytes) {
        this.problems = problems;
        this.maxUriLength = maxUriLength;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            HttpServerRequest request = rc.request();
            String uri = request.uri();
            if (uri != null && uri.length() > maxUriLength) {
                problems.send(rc, ProblemCode.URI_TOO_LONG, "The request line may be at most " + maxUriLength
                        + " characters long; this one has " + uri.length() + ".", true);
                return;
            }
            long headerBytes = headerBytes(request.headers());
            if (headerBytes > maxHeaderBytes) {
                problems.send(rc, ProblemCode.HEADERS_TOO_LARGE, "The request headers may be at most " + maxHeaderBytes
                        + " bytes together; these have " + headerBytes + ".", true);
                return;
            }
            if (uri != null && uri.toLowerCase(Locale.ROOT).contains("%00")) {
                problems.send(rc, ProblemCode.INVALID_CHARACTER, "The address holds a NUL character (%00), which the platform never accepts.", true);
                return;
            }
            rc.next();
        }, PRIORITY);
    }

    static long headerBytes(MultiMap headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        return bytes;
    }
}
