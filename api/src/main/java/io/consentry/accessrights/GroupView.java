package io.consentry.accessrights;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * @param members how many subjects are in the group (whatever their period)
 * @param sites   names of the sites that allow the group (a group in use by a site cannot be deleted)
 */
public record GroupView(UUID id, String name, String description, long members, List<String> sites, Instant createdAt,
                        Instant updatedAt) {
}
