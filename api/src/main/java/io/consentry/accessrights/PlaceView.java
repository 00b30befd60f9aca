package io.consentry.accessrights;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A site the subject may enter, as their portal shows it.
 *
 * @param restricted false: the site is open to every subject of the tenant (no group rights)
 * @param via        the subject's groups allowed here: their weekly windows (empty: any time) and membership period
 * @param exceptions the site's coming dated exceptions (holidays), at most 20
 */
public record PlaceView(UUID siteId, String siteName, String timeZone, boolean restricted, List<Via> via,
                        List<DatedException> exceptions) {

    public record Via(String group, List<WeeklyWindow> weekly, Instant validFrom, Instant validUntil) {
    }
}
