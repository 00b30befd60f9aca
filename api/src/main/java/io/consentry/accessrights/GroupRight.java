package io.consentry.accessrights;

import java.util.List;
import java.util.UUID;

/** A group allowed at a site; {@code weekly} empty or absent means at any time (dated exceptions still apply). */
public record GroupRight(UUID groupId, List<WeeklyWindow> weekly) {
}
