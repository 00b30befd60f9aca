package io.consentry.accessrights;

/** What a site's rights say about one subject now. */
public enum Verdict {
    /** The site lists no group: everyone of the tenant may enter. */
    OPEN(null),
    /** In a group allowed here, with a membership valid now, inside that group's hours. */
    ALLOWED(null),
    /** In no group allowed here, or no such membership is valid now. */
    NOT_AUTHORISED_HERE("not_authorised_here"),
    /** In a group allowed here, but none of the subject's groups may enter at this time. */
    OUTSIDE_SCHEDULE("outside_schedule");

    private final String reason;

    Verdict(String reason) {
        this.reason = reason;
    }

    public boolean admits() {
        return reason == null;
    }

    /** The DENIED reason a device is told; null when the subject is admitted. */
    public String reason() {
        return reason;
    }
}
