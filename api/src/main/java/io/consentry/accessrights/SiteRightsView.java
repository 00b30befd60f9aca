package io.consentry.accessrights;

import java.util.List;
import java.util.UUID;

/**
 * A site's rights as the console shows them.
 *
 * @param restricted false: no group is listed, so every subject of the tenant may enter (subject to the policy's
 *                   opening hours); true: only members of the listed groups, at the listed times
 */
public record SiteRightsView(UUID siteId, String siteName, String timeZone, boolean restricted, List<Group> groups,
                             List<DatedException> exceptions) {

    public record Group(UUID groupId, String groupName, List<WeeklyWindow> weekly) {
    }
}
