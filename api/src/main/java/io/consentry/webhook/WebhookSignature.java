package io.consentry.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The signature of the contract: {@code v1=<lowercase hex HMAC-SHA-256(secret, "<id>.<timestamp>.<raw body>")>}, the
 * key being the UTF-8 bytes of the secret as shown on creation. While a rotation overlaps, one {@code v1=} value per
 * signing secret, separated by a space.
 */
final class WebhookSignature {

    private WebhookSignature() {
    }

    static String header(List<String> secrets, String eventId, long timestamp, String body) {
        return secrets.stream().map(s -> "v1=" + hmac(s, eventId + "." + timestamp + "." + body)).collect(Collectors.joining(" "));
    }

    static String hmac(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
