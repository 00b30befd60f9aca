package io.consentry.access;

/** What the gate does: open, stay shut, or ask for a non-biometric method. */
public enum Outcome {
    GRANTED, DENIED, FALLBACK_REQUIRED
}
