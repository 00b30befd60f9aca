package io.consentry.core.http;

import io.consentry.core.problem.ProblemCode;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every request body is limited, whether it announces its length or comes chunked. Each address has its limit (one
 * camera frame for the device routes, one photo for the image routes, 1 MiB for the JSON of everything else): a
 * declared length over it is refused before a byte is read, a chunked body as soon as it passes it, and a body that
 * does not arrive within the body timeout is refused too. A body sent without any credentials to an address that needs
 * them is not read at all. What is read is handed on to the REST layer, which then reads from memory.
 */
@ApplicationScoped
public class BodyLimits {

    /** After the console's session filter (500), which may add the credentials. */
    static final int PRIORITY = 400;

    record Rule(Pattern path, long maxBytes, ProblemCode code) {
    }

    private static final java.util.Set<String> SAFE_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern PORTAL_PUBLIC = Pattern.compile("^/portal/[^/]+/session/?$");
    /** A staff member's setup link: the token in the body is the credential (issue 18). */
    private static final Pattern STAFF_SETUP = Pattern.compile("^/api/v1/staff-setup/[^/]+/password/?$");

    private final HttpProblems problems;
    private final List<Rule> rules;
    private final long defaultMaxBytes;
    private final Duration bodyTimeout;

    BodyLimits(HttpProblems problems,
               @ConfigProperty(name = "consentry.http.max-body-bytes", defaultValue = "1048576") long defaultMaxBytes,
               @ConfigProperty(name = "consentry.device.max-request-bytes", defaultValue = "4194304") long deviceBytes,
               @ConfigProperty(name = "consentry.engineview.max-image-bytes", defaultValue = "10485760") long testPhotoBytes,
               @ConfigProperty(name = "consentry.enrolment.max-image-bytes", defaultValue = "10485760") long selfieBytes,
               @ConfigProperty(name = "consentry.http.body-timeout", defaultValue = "30s") Duration bodyTimeout) {
        this.problems = problems;
        this.defaultMaxBytes = defaultMaxBytes;
        this.bodyTimeout = bodyTimeout;
        this.rules = List.of(
                new Rule(Pattern.compile("^/api/v1/device/.*"), deviceBytes, ProblemCode.REQUEST_TOO_LARGE),
                new Rule(Pattern.compile("^/api/v1/tenants/[^/]+/engine/analysis/?$"), testPhotoBytes, ProblemCode.IMAGE_TOO_LARGE),
                new Rule(Pattern.compile("^/portal/[^/]+/enrolment/?$"), selfieBytes, ProblemCode.IMAGE_TOO_LARGE),
                // minors: a guardian enrols the child's face (issue 17, item 1)
                new Rule(Pattern.compile("^/portal/[^/]+/wards/[^/]+/enrolment/?$"), selfieBytes, ProblemCode.IMAGE_TOO_LARGE),
                // the selfie for the subject's own attribute estimate (same limit as AttributeResource checks)
                new Rule(Pattern.compile("^/portal/[^/]+/attributes/?$"), selfieBytes, ProblemCode.IMAGE_TOO_LARGE));
    }

    void register(@Observes Filters filters) {
        filters.register(this::limit, PRIORITY);
    }

    /** The largest body any address accepts (the HTTP layer's own limit must stay above it). */
    long largestLimit() {
        return Math.max(defaultMaxBytes, rules.stream().mapToLong(Rule::maxBytes).max().orElse(0));
    }

    Rule ruleFor(String path) {
        return rules.stream().filter(r -> r.path().matcher(path).matches()).findFirst()
                .orElse(new Rule(null, defaultMaxBytes, ProblemCode.REQUEST_TOO_LARGE));
    }

    private void limit(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        boolean mayHaveBody = chunked || length != null || !SAFE_METHODS.contains(request.method().name());
        if (!mayHaveBody || (!chunked && length != null && length.strip().equals("0"))) {
            rc.next();
            return;
        }
        String path = request.path();
        Rule rule = ruleFor(path);
        if (length != null && !chunked) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                problems.send(rc, ProblemCode.BAD_REQUEST, "Content-Length is not a number.", true);
                return;
            }
            if (declared > rule.maxBytes()) {
                problems.send(rc, rule.code(), tooLarge(rule, declared), true);
                return;
            }
        }
        if ((chunked || length != null) && request.getHeader(HttpHeaders.AUTHORIZATION) == null && needsCredentials(path)) {
            problems.send(rc, path.startsWith("/portal/") ? ProblemCode.PORTAL_TOKEN_REQUIRED : ProblemCode.UNAUTHORIZED,
                    path.startsWith("/portal/") ? "Send your portal token as 'Authorization: Portal <token>'."
                            : "Send a valid bearer token; the body was not read.", true);
            return;
        }
        read(rc, rule);
    }

    private void read(RoutingContext rc, Rule rule) {
        HttpServerRequest request = rc.request();
        Buffer body = Buffer.buffer();
        boolean[] finished = {false};
        long timer = rc.vertx().setTimer(bodyTimeout.toMillis(), id -> {
            if (!finished[0]) {
                finished[0] = true;
                problems.send(rc, ProblemCode.REQUEST_TIMEOUT, "The request body did not arrive within " + bodyTimeout.toSeconds() + " s.", true);
            }
        });
        request.handler(chunk -> {
            if (finished[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > rule.maxBytes()) {
                finished[0] = true;
                rc.vertx().cancelTimer(timer);
                problems.send(rc, rule.code(), tooLarge(rule, -1), true);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (finished[0]) {
                return;
            }
            finished[0] = true;
            rc.vertx().cancelTimer(timer);
            rc.setBody(body);
            rc.next();
        });
        request.exceptionHandler(failure -> {
            finished[0] = true;
            rc.vertx().cancelTimer(timer);
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            rc.response().writeContinue();
        }
        request.resume();
    }

    /**
     * Everything under /api/v1 (but a staff member's setup, whose link is the credential) and the portal's subject
     * routes; the portal's invitation redemption is public.
     */
    static boolean needsCredentials(String path) {
        return (path.startsWith("/api/") && !STAFF_SETUP.matcher(path).matches())
                || (path.startsWith("/portal/") && !PORTAL_PUBLIC.matcher(path).matches());
    }

    private static String tooLarge(Rule rule, long declared) {
        return "This address accepts bodies of at most " + rule.maxBytes() + " bytes"
                + (declared >= 0 ? "; this one declares " + declared + "." : "; this one sent more.");
    }
}
