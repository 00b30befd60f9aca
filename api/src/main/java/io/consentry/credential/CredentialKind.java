package io.consentry.credential;

/** The kinds of non-biometric credentials. */
public enum CredentialKind {
    PIN, QR_ONE_TIME, QR_TOTP, CARD
}
