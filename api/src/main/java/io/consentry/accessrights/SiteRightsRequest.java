package io.consentry.accessrights;

import java.util.List;

/**
 * The whole rights configuration of a site, replaced at once. No groups: the site is open to every subject of the
 * tenant (the default). Exceptions only act while at least one group is listed.
 */
public record SiteRightsRequest(List<GroupRight> groups, List<DatedException> exceptions) {
}
