package io.consentry.devicekit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook endpoint that verifies Consentry event deliveries ({@link WebhookVerifier}) and measures them: delivery
 * latency is the receive time minus the event's own {@code time} (when it happened, so the outbox's wait and the
 * sender's retries are included), throughput the accepted events per second between the first and the last.
 * Answers 204 to an accepted delivery, 400 to one without the headers or body, 401 to a bad signature or a timestamp
 * outside the window, 409 to a replayed id. Bodies larger than 1 MiB are refused (413).
 */
public final class EventReceiver implements AutoCloseable {

    private static final int MAX_BODY = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookVerifier verifier;
    private final PrintStream out;
    private final HttpServer server;
    private final LatencyStats latency = new LatencyStats();
    private final Map<String, Integer> types = new TreeMap<>();
    private final Map<String, Integer> rejected = new TreeMap<>();
    private final CountDownLatch target;
    private Instant first;
    private Instant last;
    private int accepted;

    public EventReceiver(InetSocketAddress listen, WebhookVerifier verifier, PrintStream out, int stopAfter) throws IOException {
        this.verifier = verifier;
        this.out = out;
        this.target = new CountDownLatch(stopAfter > 0 ? stopAfter : Integer.MAX_VALUE);
        this.server = HttpServer.create(listen, 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
    }

    public EventReceiver start() {
        server.start();
        return this;
    }

    /** The address it listens on (with the port the system chose for port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Waits until {@code stopAfter} events were accepted (0: none is enough, it waits the whole time), or the time is up; true when they were. */
    public boolean awaitEvents(Duration atMost) throws InterruptedException {
        return target.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                answer(exchange, 413);
                return;
            }
            var headers = exchange.getRequestHeaders();
            WebhookVerifier.Result result = verifier.verify(headers.getFirst("Consentry-Event-Id"),
                    headers.getFirst("Consentry-Timestamp"), headers.getFirst("Consentry-Signature"), body);
            Instant received = verifier.now();
            if (!result.accepted()) {
                synchronized (this) {
                    rejected.merge(result.rejection().name(), 1, Integer::sum);
                }
                out.printf(Locale.ROOT, "REJECTED %s id=%s%n", result.rejection(), headers.getFirst("Consentry-Event-Id"));
                answer(exchange, switch (result.rejection()) {
                    case MISSING_HEADERS, BAD_TIMESTAMP -> 400;
                    case OUTSIDE_WINDOW, BAD_SIGNATURE -> 401;
                    case REPLAYED -> 409;
                });
                return;
            }
            record(received, body);
            answer(exchange, 204);
            target.countDown();
        }
    }

    private void record(Instant received, byte[] body) {
        String type = "?";
        String id = "?";
        Duration delay = null;
        try {
            JsonNode event = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            type = event.path("type").asText("?");
            id = event.path("id").asText("?");
            if (event.hasNonNull("time")) {
                delay = Duration.between(OffsetDateTime.parse(event.get("time").asText()).toInstant(), received);
            }
        } catch (IOException | RuntimeException e) {
            // a signed body that is not a CloudEvent is still counted; it has no latency
        }
        synchronized (this) {
            accepted++;
            types.merge(type, 1, Integer::sum);
            first = first == null ? received : first;
            last = received;
        }
        if (delay != null && !delay.isNegative()) {
            latency.add(delay);
        }
        out.printf(Locale.ROOT, "EVENT %s id=%s latency=%s%n", type, id, delay == null ? "-" : LatencyStats.ms(delay));
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    public synchronized int accepted() {
        return accepted;
    }

    public synchronized Map<String, Integer> rejected() {
        return new TreeMap<>(rejected);
    }

    public LatencyStats latency() {
        return latency;
    }

    /** Accepted events per second between the first and the last one (0 for fewer than two). */
    public synchronized double throughput() {
        if (first == null || accepted < 2 || !last.isAfter(first)) {
            return 0;
        }
        return (accepted - 1) / (Duration.between(first, last).toNanos() / 1e9);
    }

    public synchronized void printSummary(PrintStream to) {
        to.printf(Locale.ROOT, "accepted: %d, rejected: %d%n", accepted, rejected.values().stream().mapToInt(Integer::intValue).sum());
        to.println("types: " + (types.isEmpty() ? "-" : types.toString()));
        to.println("rejections: " + (rejected.isEmpty() ? "-" : rejected.toString()));
        to.println("delivery latency (receive time - event time): " + latency.describe());
        to.printf(Locale.ROOT, "throughput: %.2f events/s%n", throughput());
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
