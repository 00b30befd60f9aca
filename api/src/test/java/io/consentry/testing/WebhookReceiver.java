package io.consentry.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A real HTTP receiver on 127.0.0.1 for the tests: each path has its secret(s) and answers 204 to a delivery that
 * {@link WebhookVerification} accepts, 401 to one it rejects, and 500 while the path is set to fail. It records what
 * came in, with the verdict, so tests can wait for a delivery (bounded poll, no fixed sleep).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived: headers of the contract, the raw body, the verdict (null = accepted), the status sent. */
    public record Received(String path, String eventId, String timestamp, String signature, String contentType, String body,
                           String rejection, int status, Instant at) {
    }

    private final HttpServer server;
    private final Map<String, List<String>> secrets = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** Accepted event ids per path: each receiver keeps its own replay memory. */
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.createContext(SETTINGS, this::settings);
        server.start();
    }

    /** Where a journey sets a path's secret (body) and state ({@code X-State: back} stops failing), as an integrator would. */
    public static final String SETTINGS = "/_settings";

    private void settings(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestHeaders().getFirst("X-Path");
        String secret = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (path == null) {
            exchange.sendResponseHeaders(400, -1);
        } else {
            if (!secret.isEmpty()) {
                accept(path, secret);
            }
            if ("back".equals(exchange.getRequestHeaders().getFirst("X-State"))) {
                fail(path, false);
            }
            exchange.sendResponseHeaders(204, -1);
        }
        exchange.close();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The secrets a path accepts (any one matching is enough, as during a rotation). */
    public void accept(String path, String... pathSecrets) {
        secrets.put(path, List.of(pathSecrets));
    }

    public void fail(String path, boolean fail) {
        if (fail) {
            failing.add(path);
        } else {
            failing.remove(path);
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits (bounded, polling) for a request that matches; fails the test when none came in time. */
    public Received await(Predicate<Received> match, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            for (Received r : received) {
                if (match.test(r)) {
                    return r;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("No matching webhook delivery within " + within + "; received: " + received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant at = Instant.now();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var h = exchange.getRequestHeaders();
        String id = h.getFirst("Consentry-Event-Id");
        String ts = h.getFirst("Consentry-Timestamp");
        String sig = h.getFirst("Consentry-Signature");
        String rejection;
        int status;
        if (failing.contains(path)) {
            rejection = "receiver failing";
            status = 500;
        } else {
            rejection = "no secret for " + path;
            for (String secret : secrets.getOrDefault(path, List.of())) {
                try {
                    rejection = WebhookVerification.reject(secret, id, ts, sig, body, Instant.now().getEpochSecond(),
                            seen.computeIfAbsent(path, p -> new HashSet<>()));
                } catch (Exception e) {
                    rejection = e.toString();
                }
                if (rejection == null || rejection.equals("replayed")) {
                    break;
                }
            }
            status = rejection == null ? 204 : 401;
        }
        received.add(new Received(path, id, ts, sig, h.getFirst("Content-Type"), body, rejection, status, at));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
