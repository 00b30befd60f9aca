package io.consentry.purpose;

/** How the face is processed, as the notice states it (it must agree with the purpose's kind). */
public enum NoticeMethod {
    /** 1:1: the live face is compared with the subject's own enrolled template. */
    ONE_TO_ONE,
    /** 1:N: the live face is searched among the templates of every consenting member. */
    ONE_TO_N,
    /** Age, gender or expression are estimated from the face. */
    ATTRIBUTE_ANALYSIS,
    /** No comparison: the enrolment photo is kept (encrypted) after the template is made. */
    PHOTO_RETENTION;

    /** The one method a purpose of this kind performs. */
    public static NoticeMethod of(PurposeKind kind) {
        return switch (kind) {
            case FACE_VERIFICATION -> ONE_TO_ONE;
            case FACE_IDENTIFICATION -> ONE_TO_N;
            case ATTRIBUTE_ANALYSIS -> ATTRIBUTE_ANALYSIS;
            case IMAGE_RETENTION -> PHOTO_RETENTION;
        };
    }
}
