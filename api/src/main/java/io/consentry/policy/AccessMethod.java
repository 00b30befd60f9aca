package io.consentry.policy;

/** Ways through a site's entrance. Only the first two use a face. */
public enum AccessMethod {
    FACE_1_1, FACE_1_N, PIN, QR, CARD, GUARD;

    public boolean biometric() {
        return this == FACE_1_1 || this == FACE_1_N;
    }
}
