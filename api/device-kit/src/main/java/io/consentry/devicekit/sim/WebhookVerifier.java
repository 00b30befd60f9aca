package io.consentry.devicekit.sim;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies a Consentry event delivery as the documented contract says: {@code Consentry-Signature} carries one or more
 * {@code v1=<hex HMAC-SHA-256(secret, "<id>.<timestamp>.<raw body>")>} values (several while a secret is rotated); one
 * must match one of the receiver's secrets (constant-time compare), {@code Consentry-Timestamp} must be within the
 * tolerance of now (300 s), and an event id accepted once is refused afterwards (replay). Ids are remembered for as
 * long as their timestamp is inside the window: an older replay fails the window check anyway.
 */
public final class WebhookVerifier {

    public enum Rejection { MISSING_HEADERS, BAD_TIMESTAMP, OUTSIDE_WINDOW, BAD_SIGNATURE, REPLAYED }

    /** The outcome: accepted, or the reason it was not. */
    public record Result(boolean accepted, Rejection rejection) {
        static final Result OK = new Result(true, null);

        static Result rejected(Rejection why) {
            return new Result(false, why);
        }
    }

    private final List<byte[]> secrets;
    private final Duration tolerance;
    private final Clock clock;
    /** accepted id → its signed timestamp (seconds), oldest first */
    private final Map<String, Long> seen = new LinkedHashMap<>();

    public WebhookVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("At least one secret is needed to verify deliveries");
        }
        this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.tolerance = tolerance;
        this.clock = clock;
    }

    public static WebhookVerifier withDefaults(List<String> secrets) {
        return new WebhookVerifier(secrets, Duration.ofSeconds(300), Clock.systemUTC());
    }

    public synchronized Result verify(String id, String timestamp, String signatureHeader, byte[] rawBody) {
        if (id == null || id.isBlank() || timestamp == null || signatureHeader == null || rawBody == null) {
            return Result.rejected(Rejection.MISSING_HEADERS);
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Result.rejected(Rejection.BAD_TIMESTAMP);
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - sentAt) > tolerance.toSeconds()) {
            return Result.rejected(Rejection.OUTSIDE_WINDOW);
        }
        if (!signatureMatches(id, timestamp.trim(), signatureHeader, rawBody)) {
            return Result.rejected(Rejection.BAD_SIGNATURE);
        }
        forgetOlderThan(now - tolerance.toSeconds());
        if (seen.containsKey(id)) {
            return Result.rejected(Rejection.REPLAYED);
        }
        seen.put(id, sentAt);
        return Result.OK;
    }

    private boolean signatureMatches(String id, String timestamp, String header, byte[] body) {
        boolean match = false;
        for (String part : header.trim().split("\\s+")) {
            if (!part.startsWith("v1=")) {
                continue;
            }
            byte[] given = part.substring(3).toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            for (byte[] secret : secrets) {
                byte[] expected = hex(secret, id, timestamp, body).getBytes(StandardCharsets.US_ASCII);
                // Every candidate is compared in full, in constant time: the timing says nothing about how close it was.
                match |= MessageDigest.isEqual(expected, given);
            }
        }
        return match;
    }

    private void forgetOlderThan(long oldest) {
        for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() < oldest) {
                it.remove();
            }
        }
    }

    /** The {@code v1} signature value of a delivery: lowercase hex HMAC-SHA-256 over {@code <id>.<timestamp>.<raw body>}. */
    public static String sign(String secret, String id, String timestamp, byte[] body) {
        return hex(secret.getBytes(StandardCharsets.UTF_8), id, timestamp, body);
    }

    private static String hex(byte[] secret, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    /** When the receiver's clock read the delivery (for latency against the event's own {@code time}). */
    Instant now() {
        return clock.instant();
    }
}
