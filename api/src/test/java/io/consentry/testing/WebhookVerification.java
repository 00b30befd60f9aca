package io.consentry.testing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

/**
 * The receiver's verification exactly as docs/operations/webhooks.md documents it (keep the two in step): a delivery is
 * accepted when one {@code v1=} value of Consentry-Signature equals HMAC-SHA-256(secret, "id.timestamp.body")
 * (constant-time compare), the timestamp is within 300 s of now, and the event id was not accepted before.
 */
public final class WebhookVerification {

    public static final long TOLERANCE_SECONDS = 300;

    private WebhookVerification() {
    }

    /** Why the delivery is rejected, or null when it is accepted (then its id is remembered in {@code seen}). */
    public static String reject(String secret, String eventId, String timestamp, String signature, String rawBody,
                                long nowSeconds, Set<String> seen) throws Exception {
        if (eventId == null || timestamp == null || signature == null) {
            return "unsigned";
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "bad timestamp";
        }
        if (Math.abs(nowSeconds - ts) > TOLERANCE_SECONDS) {
            return "stale timestamp";
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = HexFormat.of().formatHex(
                mac.doFinal((eventId + "." + timestamp + "." + rawBody).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String part : signature.trim().split(" +")) {
            if (part.startsWith("v1=")
                    && MessageDigest.isEqual(expected, part.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                matched = true;
            }
        }
        if (!matched) {
            return "bad signature";
        }
        synchronized (seen) {
            if (!seen.add(eventId)) {
                return "replayed";
            }
        }
        return null;
    }
}
