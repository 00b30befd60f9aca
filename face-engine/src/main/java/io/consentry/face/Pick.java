package io.consentry.face;

/** Which face of a multi-face image is the subject. */
public enum Pick {
    /** All faces, largest first. */
    ALL,
    /** The largest face (the right rule at a gate). */
    LARGEST,
    /** The face nearest the image centre (benchmark photos centred on their subject). */
    CENTER
}
