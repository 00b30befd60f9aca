package io.consentry.purpose;

/** Where the face processing of a purpose happens, as its notice and its impact assessment state it. */
public enum ProcessingLocation {
    /** On the gate, kiosk or counter device itself (the template or image does not leave it for matching). */
    DEVICE,
    /** On the platform's servers (the tenant's own encrypted store). */
    PLATFORM
}
