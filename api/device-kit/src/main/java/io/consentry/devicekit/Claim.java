package io.consentry.devicekit;

/**
 * Who the person at the gate says they are, for 1:1 verification: a card number, a QR payload, or the subject
 * reference the tenant gave them ({@code SUBJECT_REF}, e.g. a flat or member number). The site's policy says which
 * types it takes.
 */
public record Claim(Type type, String value) {

    public enum Type { CARD, QR, SUBJECT_REF }

    public static Claim subjectRef(String ref) {
        return new Claim(Type.SUBJECT_REF, ref);
    }

    public static Claim card(String cardId) {
        return new Claim(Type.CARD, cardId);
    }

    public static Claim qr(String payload) {
        return new Claim(Type.QR, payload);
    }
}
