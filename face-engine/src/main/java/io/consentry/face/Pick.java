package io.consentry.face;

/** Which face of a multi-face image is the subject (rules in {@link FacePicker}). */
public enum Pick {
    /** All faces, largest first. */
    ALL,
    /** The largest face, whatever the others. */
    LARGEST,
    /** The face nearest the image centre (benchmark photos centred on their subject). */
    CENTER,
    /**
     * The gate rule: the largest face when it clearly dominates the others (size ratio and position,
     * {@link FacePicker#GATE}); otherwise every face, so that a caller wanting one subject refuses with
     * {@code multiple_faces} instead of deciding on a bystander.
     */
    DOMINANT
}
