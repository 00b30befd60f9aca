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

    /** "." or ".." as a whole path segment, plain or percent-encoded. */
    private static final java.util.regex.Pattern DOT_SEGMENT =
            java.util.regex.Pattern.compile("(?i)(^|/)(\\.|%2e){1,2}(/|$|\\?)");

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
            if (uri != null && DOT_SEGMENT.matcher(rawPath(uri)).find()) {
                // Clients send normalised paths; an (encoded) dot segment only serves to reach one route through another's.
                problems.send(rc, ProblemCode.BAD_REQUEST, "The address holds a dot segment ('.' or '..'); send the path it stands for.", false);
                return;
            }
            rc.next();
        }, PRIORITY);
    }

    private static String rawPath(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    static long headerBytes(MultiMap headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        return bytes;
    }
}
