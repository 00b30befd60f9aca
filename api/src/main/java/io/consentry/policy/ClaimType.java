package io.consentry.policy;

/** What a person presents to say who they claim to be before a 1:1 face check. */
public enum ClaimType {
    CARD, QR, SUBJECT_REF
}
