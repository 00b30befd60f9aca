package io.consentry.devicekit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A non-biometric credential presented at the device: what every person may use instead of their face. The PIN and
 * the QR payload are secrets: the kit sends them and never logs them.
 */
public final class Alternative {

    private final Map<String, String> body;

    private Alternative(Map<String, String> body) {
        this.body = body;
    }

    /** A PIN together with the subject reference the person types or shows (their flat or member number). */
    public static Alternative pin(String subjectRef, String pin) {
        return of("method", "PIN", "subjectRef", subjectRef, "pin", pin);
    }

    /** The payload of a scanned one-time or time-based QR code ({@code CQ1.O.…} / {@code CQ1.T.…}). */
    public static Alternative qr(String payload) {
        return of("method", "QR", "qr", payload);
    }

    public static Alternative card(String cardId) {
        return of("method", "CARD", "cardId", cardId);
    }

    public String method() {
        return body.get("method");
    }

    Map<String, String> body() {
        return body;
    }

    private static Alternative of(String... pairs) {
        Map<String, String> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null || pairs[i + 1].isBlank()) {
                throw new IllegalArgumentException(pairs[i] + " is required");
            }
            body.put(pairs[i], pairs[i + 1]);
        }
        return new Alternative(body);
    }

    @Override
    public String toString() {
        return "Alternative[" + method() + "]";
    }
}
