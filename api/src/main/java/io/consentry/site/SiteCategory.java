package io.consentry.site;

/**
 * What kind of place a site is: a closed list, so the private-space rule cannot be dodged with a free-text label.
 * Public places may use face methods (with signs and consent); private spaces never (CAC face-recognition security
 * measures, 2025: no face recognition equipment in hotel rooms, public bathrooms, changing rooms, toilets and other
 * places that may infringe others' privacy).
 */
public enum SiteCategory {
    ENTRANCE(false), LOBBY(false), CORRIDOR(false), ELEVATOR_HALL(false), SALES_FLOOR(false), COUNTER(false), CAR_PARK(false),
    /** A public place of no kind named above; what sites made before categories existed are. */
    OTHER_PUBLIC(false),
    /** A guest or hotel room, a private office or living space. */
    ROOM(true),
    TOILET(true),
    CHANGING_AREA(true),
    SHOWER(true),
    NURSING_ROOM(true),
    /** An examination or treatment room. */
    MEDICAL_ROOM(true);

    /** What a site gets when the request names no category. */
    public static final SiteCategory DEFAULT = OTHER_PUBLIC;

    private final boolean privateSpace;

    SiteCategory(boolean privateSpace) {
        this.privateSpace = privateSpace;
    }

    /** No face method may run here. */
    public boolean privateSpace() {
        return privateSpace;
    }
}
