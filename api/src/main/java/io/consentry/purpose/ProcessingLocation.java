package io.consentry.purpose;

/** Where the face is processed, as the notice states it. */
public enum ProcessingLocation {
    /** On the gate, kiosk or counter device itself. */
    DEVICE,
    /** On the platform's servers (the tenant's own encrypted store). */
    PLATFORM
}
