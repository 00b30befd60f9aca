package io.consentry.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.core.problem.Problem;
import io.consentry.core.problem.ProblemCode;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Problem documents written straight onto the connection, for the answers given before a request reaches the REST
 * layer (and its exception mappers): too long a request line, too large headers or body, a NUL in the address.
 */
@ApplicationScoped
public class HttpProblems {

    private final ObjectMapper json;

    HttpProblems(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Ends the exchange with the problem. {@code close}: the body was not (entirely) read, so the connection cannot be
     * reused for another request.
     */
    public void send(RoutingContext rc, ProblemCode code, String detail, boolean close) {
        send(rc, Problem.of(code, detail), close);
    }

    public void send(RoutingContext rc, Problem problem, boolean close) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(problem.withInstance(safePath(rc)));
        } catch (JsonProcessingException e) {
            body = "{\"code\":\"" + problem.code() + "\",\"status\":" + problem.status() + "}";
        }
        response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", problem.code().startsWith("portal_") ? "Portal" : "Bearer");
        }
        if (close) {
            response.putHeader("Connection", "close");
            response.end(body).onComplete(done -> drainThenClose(rc));
        } else {
            response.end(body);
        }
    }

    /** Bytes of a refused body read and thrown away (never kept) so that the sender can read the answer. */
    static final long DRAIN_BYTES = 64L * 1024 * 1024;
    static final long DRAIN_MILLIS = 5_000;

    /**
     * A client still sending the refused body would get a broken pipe instead of the answer if the connection closed
     * at once; so the rest is read and discarded, for a few seconds and up to {@link #DRAIN_BYTES}, then the connection
     * closes (it cannot carry another request: its body was not read as one).
     */
    private static void drainThenClose(RoutingContext rc) {
        var request = rc.request();
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        long[] drained = {0};
        long timer = rc.vertx().setTimer(DRAIN_MILLIS, id -> request.connection().close());
        request.handler(chunk -> {
            drained[0] += chunk.length();
            if (drained[0] > DRAIN_BYTES) {
                rc.vertx().cancelTimer(timer);
                request.connection().close();
            }
        });
        request.endHandler(end -> {
            rc.vertx().cancelTimer(timer);
            request.connection().close();
        });
        request.exceptionHandler(failure -> rc.vertx().cancelTimer(timer));
        request.resume();
    }

    /** The path as sent, cut short: it is echoed, and may be what was refused for its length. */
    private static String safePath(RoutingContext rc) {
        String path = rc.request().path();
        if (path == null) {
            return null;
        }
        path = path.replace("\u0000", "");
        return path.length() > 200 ? path.substring(0, 200) + "…" : path;
    }
}
