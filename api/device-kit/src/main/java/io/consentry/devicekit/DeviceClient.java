package io.consentry.devicekit;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A device's client of the Consentry device API: one instance per device, safe for concurrent use.
 *
 * <pre>{@code
 * DeviceClient gate = DeviceClient.builder()
 *         .api(URI.create("https://consentry.example.com"))
 *         .keycloak(URI.create("https://id.example.com"), "acme-mall")
 *         .credentials("device-…", secret)
 *         .build();
 * gate.heartbeat("turnstile-fw 4.2", DeviceClient.Health.OK, null);
 * Decision d = gate.verify(Claim.subjectRef("A-1204"), jpegBytes);
 * if (d.granted()) open(); else if (d.outcome() == Decision.Outcome.FALLBACK_REQUIRED) offer(d.allowedMethods());
 * }</pre>
 *
 * Tokens: client credentials against the tenant realm, cached until shortly before they expire; a 401 drops the
 * cached token and sends the request once more with a fresh one. Retries: {@link RetryPolicy}. Errors: a
 * {@link DeviceKitException} subclass carrying the api's stable problem code. Frames and secrets are never logged.
 */
public final class DeviceClient {

    public enum Health { OK, DEGRADED, FAILING }

    /** The api's acknowledgement of a heartbeat. */
    public record HeartbeatAck(Instant receivedAt, String status) {
    }

    private final HttpClient http;
    private final URI api;
    private final TokenSource tokens;
    private final RetryPolicy retries;
    private final Duration timeout;
    private final Clock clock;

    private DeviceClient(Builder b) {
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.timeout).build();
        this.api = URI.create(b.api.toString().replaceAll("/+$", ""));
        this.retries = b.retries;
        this.timeout = b.timeout;
        this.clock = b.clock;
        this.tokens = new TokenSource(http, b.tokenEndpoint, b.clientId, b.clientSecret, b.tokenMargin, b.timeout, b.clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Tells the api the device is alive (idempotent: retried on 5xx and broken connections). */
    public HeartbeatAck heartbeat(String softwareVersion, Health health, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("softwareVersion", softwareVersion);
        body.put("health", health.name());
        if (detail != null) {
            body.put("detail", detail);
        }
        return call("/api/v1/device/heartbeat", body, RetryPolicy.Safety.IDEMPOTENT,
                json -> new HeartbeatAck(json.hasNonNull("receivedAt") ? Instant.parse(json.get("receivedAt").asText()) : null,
                        Json.text(json, "status")));
    }

    /** 1:1: the claim and one camera frame (JPEG, PNG, BMP or WebP bytes). */
    public Decision verify(Claim claim, byte[] frame) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("claim", Map.of("type", claim.type().name(), "value", claim.value()));
        body.put("image", Base64.getEncoder().encodeToString(frame));
        return call("/api/v1/device/verify", body, RetryPolicy.Safety.DECISION, Decision::of);
    }

    /** 1:N among the members who consented to the site's identification purpose. */
    public Decision identify(byte[] frame) {
        return call("/api/v1/device/identify", Map.of("image", Base64.getEncoder().encodeToString(frame)),
                RetryPolicy.Safety.DECISION, Decision::of);
    }

    /** A PIN, QR code or card. */
    public Decision alternative(Alternative credential) {
        return call("/api/v1/device/alternative", credential.body(), RetryPolicy.Safety.DECISION, Decision::of);
    }

    /** The current token (fetched if none is cached): for diagnostics only. */
    public String token() {
        return tokens.token();
    }

    private <T> T call(String path, Object body, RetryPolicy.Safety safety, Function<JsonNode, T> read) {
        String json = Json.write(body);
        boolean refreshed = false;
        for (int attempt = 1; ; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(api + path)).timeout(timeout)
                    .header("Authorization", "Bearer " + tokens.token())
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            HttpResponse<String> response = null;
            boolean sent = true;
            IOException failure = null;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException | HttpConnectTimeoutException e) {
                sent = false;
                failure = e;
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceKitException.TransportFailure("Interrupted while calling " + path, e);
            }
            int status = response == null ? 0 : response.statusCode();
            if (status >= 200 && status < 300) {
                return read.apply(Objects.requireNonNullElseGet(Json.parseOrNull(response.body()), Json.MAPPER::createObjectNode));
            }
            if (status == 401 && !refreshed) {
                // The cached token may have been revoked or the realm's keys rotated: one fresh token, one more try.
                tokens.invalidate();
                refreshed = true;
                attempt--;
                continue;
            }
            Duration retryAfter = response == null ? null
                    : RetryPolicy.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant());
            var delay = retries.nextDelay(safety, attempt, status, sent, retryAfter, ThreadLocalRandom.current().nextDouble());
            if (delay.isEmpty()) {
                if (response == null) {
                    throw new DeviceKitException.TransportFailure((sent ? "No answer from " : "Could not connect to ") + api + path
                            + " (" + failure.getClass().getSimpleName() + ": " + failure.getMessage() + ")"
                            + (sent && safety == RetryPolicy.Safety.DECISION ? "; the api may have decided: do not open the gate" : ""), failure);
                }
                throw Problems.toException(status, response.body(), retryAfter);
            }
            sleep(delay.get());
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceKitException.TransportFailure("Interrupted while waiting to retry", e);
        }
    }

    public static final class Builder {
        private URI api;
        private URI tokenEndpoint;
        private String clientId;
        private String clientSecret;
        private RetryPolicy retries = RetryPolicy.defaults();
        private Duration timeout = Duration.ofSeconds(10);
        private Duration tokenMargin = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private HttpClient http;

        /** The api's base URL, e.g. {@code https://consentry.example.com}. */
        public Builder api(URI api) {
            this.api = api;
            return this;
        }

        /** The tenant realm's token endpoint under the Keycloak base URL (the realm is the tenant's slug). */
        public Builder keycloak(URI keycloak, String tenant) {
            this.tokenEndpoint = TokenSource.keycloakTokenEndpoint(keycloak, tenant);
            return this;
        }

        /** Any OAuth2 token endpoint that issues the device's client-credentials tokens. */
        public Builder tokenEndpoint(URI tokenEndpoint) {
            this.tokenEndpoint = tokenEndpoint;
            return this;
        }

        /** The device's client id ({@code device-<uuid>}) and secret from its registration (or last rotation). */
        public Builder credentials(String clientId, String clientSecret) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            return this;
        }

        public Builder retries(RetryPolicy retries) {
            this.retries = retries;
            return this;
        }

        /** Per request (connect and answer); a face decision takes well under a second on a warm api. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** How long before its expiry a cached token is replaced (default 30 s). */
        public Builder tokenMargin(Duration margin) {
            this.tokenMargin = margin;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        public DeviceClient build() {
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(tokenEndpoint, "keycloak(…) or tokenEndpoint(…)");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            return new DeviceClient(this);
        }
    }
}
