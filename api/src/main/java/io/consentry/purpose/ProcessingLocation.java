package io.consentry.purpose;

/** Where the face processing of a purpose happens, as its impact assessment states it. */
public enum ProcessingLocation {
    /** On the device at the site (the template or image does not leave it for matching). */
    DEVICE,
    /** On the platform's servers. */
    PLATFORM
}
