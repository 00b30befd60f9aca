package io.consentry.purpose;

/** The kinds of processing a subject consents to, each separately (never bundled). */
public enum PurposeKind {
    /** 1:1 comparison against the subject's own enrolled templates (e.g. at a gate). */
    FACE_VERIFICATION,
    /** 1:N search of a face among all consenting members. */
    FACE_IDENTIFICATION,
    /** Age, gender or expression estimates. */
    ATTRIBUTE_ANALYSIS,
    /** Keeping the enrolment photo (encrypted) after the template is made. */
    IMAGE_RETENTION;

    /** Kinds whose processing needs a stored template: the last of them withdrawn deletes the templates. */
    public boolean needsTemplate() {
        return this == FACE_VERIFICATION || this == FACE_IDENTIFICATION;
    }

    /**
     * Whether the purpose processes face data and so needs an approved impact assessment before it is used (PIPL arts.
     * 55-56). Every kind so far does: verification, identification and attribute analysis process the face, and a
     * retained enrolment photo is face data kept.
     */
    public boolean needsImpactAssessment() {
        return switch (this) {
            case FACE_VERIFICATION, FACE_IDENTIFICATION, ATTRIBUTE_ANALYSIS, IMAGE_RETENTION -> true;
        };
    }
}
