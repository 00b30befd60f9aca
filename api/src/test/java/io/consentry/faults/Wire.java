package io.consentry.faults;

import io.restassured.RestAssured;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Sends one request to the api under test over loopback and records it as an {@link Attempt}, answered or not. */
final class Wire {

    /** Longer than every bounded wait of the api (acquisition 10 s, statement 30 s): a request that needs more hangs. */
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final FaultClock clock;

    Wire(FaultClock clock) {
        this.clock = clock;
    }

    Attempt send(String operation, String subject, String method, String path, Map<String, String> headers, byte[] body) {
        Instant started = Instant.now();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                .timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Attempt(operation, subject, clock.phaseOf(started), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (java.io.IOException e) {
            return new Attempt(operation, subject, clock.phaseOf(started), 0, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(operation, subject, clock.phaseOf(started), 0, null, "interrupted");
        }
    }
}
