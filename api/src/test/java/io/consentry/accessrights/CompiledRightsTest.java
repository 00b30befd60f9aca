package io.consentry.accessrights;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The evaluation of one site's rights, without servers: windows, midnight, exceptions, periods and the cached set. */
class CompiledRightsTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final UUID NIGHT = UUID.randomUUID();
    static final UUID ALWAYS = UUID.randomUUID();

    @Test
    void windowsEndingAtMidnightIncludeTheLastMinuteAndExceptionsReplaceTheDay() {
        UUID ann = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        CompiledRights rights = new CompiledRights(SHANGHAI,
                Map.of(NIGHT, List.of(new WeeklyWindow(EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(22, 0), LocalTime.MIDNIGHT),
                                new WeeklyWindow(EnumSet.of(DayOfWeek.TUESDAY), LocalTime.MIDNIGHT, LocalTime.of(6, 0))),
                        ALWAYS, List.of()),
                Map.of(LocalDate.of(2026, 12, 25), new DatedException(LocalDate.of(2026, 12, 25), true, List.of(), "Holiday")),
                List.of(member(NIGHT, ann, null, null), member(ALWAYS, bob, null, Instant.parse("2026-12-31T16:00:00Z"))));
        assertThat(rights.verdict(ann, local("2026-11-30T23:59"))).isEqualTo(Verdict.ALLOWED); // Monday
        assertThat(rights.verdict(ann, local("2026-12-01T05:59"))).isEqualTo(Verdict.ALLOWED); // Tuesday
        assertThat(rights.verdict(ann, local("2026-12-01T06:00"))).isEqualTo(Verdict.OUTSIDE_SCHEDULE);
        assertThat(rights.verdict(bob, local("2026-12-01T06:00"))).isEqualTo(Verdict.ALLOWED);
        assertThat(rights.verdict(bob, local("2026-12-25T12:00"))).isEqualTo(Verdict.OUTSIDE_SCHEDULE);
        assertThat(rights.verdict(bob, local("2027-01-01T00:00"))).isEqualTo(Verdict.NOT_AUTHORISED_HERE); // period ended
        assertThat(rights.verdict(UUID.randomUUID(), local("2026-12-01T12:00"))).isEqualTo(Verdict.NOT_AUTHORISED_HERE);
        assertThat(rights.allowedAt(local("2026-11-30T23:00"))).containsExactlyInAnyOrder(ann, bob);
        assertThat(rights.allowedAt(local("2026-12-01T12:00"))).containsExactly(bob);
        assertThat(rights.allowedAt(local("2026-12-25T12:00"))).isEmpty();
    }

    @Test
    void theAllowedSetIsReusedWithinTheMinuteAndRecomputedAtAMembershipBoundary() {
        UUID ann = UUID.randomUUID();
        Instant start = Instant.parse("2026-12-02T02:00:30Z");
        CompiledRights rights = new CompiledRights(SHANGHAI, Map.of(ALWAYS, List.of()), Map.of(),
                List.of(member(ALWAYS, ann, start, null)));
        Set<UUID> before = rights.allowedAt(start.minusSeconds(10));
        assertThat(before).isEmpty();
        assertThat(rights.allowedAt(start.minusSeconds(5))).isSameAs(before);
        assertThat(rights.allowedAt(start)).containsExactly(ann);
        assertThat(rights.allowedAt(start.minusSeconds(1))).isEmpty(); // a clock set back is answered for its own time
    }

    @Test
    void rulesRefuseCrossingMidnightOverlapsAndContradictoryExceptions() {
        UUID g = UUID.randomUUID();
        assertThatThrownBy(() -> RightsRules.check(new SiteRightsRequest(List.of(new GroupRight(g, List.of(
                new WeeklyWindow(EnumSet.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(2, 0))))), List.of()), id -> true))
                .hasMessageContaining("crosses midnight");
        assertThatThrownBy(() -> RightsRules.check(new SiteRightsRequest(List.of(new GroupRight(g, List.of(
                new WeeklyWindow(EnumSet.of(DayOfWeek.FRIDAY), LocalTime.of(8, 0), LocalTime.of(12, 0)),
                new WeeklyWindow(EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY), LocalTime.of(11, 0), LocalTime.of(13, 0))))),
                List.of()), id -> true)).hasMessageContaining("overlap");
        assertThatThrownBy(() -> RightsRules.check(new SiteRightsRequest(List.of(new GroupRight(g, null)),
                List.of(new DatedException(LocalDate.of(2026, 12, 25), false, List.of(), null))), id -> true))
                .hasMessageContaining("needs the hours");
        assertThatThrownBy(() -> RightsRules.check(new SiteRightsRequest(List.of(new GroupRight(g, null)), List.of()), id -> false))
                .hasMessageContaining("no group");
        // Adjacent windows, a whole day (00:00–00:00) and an empty configuration are fine.
        RightsRules.check(new SiteRightsRequest(List.of(new GroupRight(g, List.of(
                new WeeklyWindow(EnumSet.of(DayOfWeek.FRIDAY), LocalTime.of(8, 0), LocalTime.of(12, 0)),
                new WeeklyWindow(EnumSet.of(DayOfWeek.FRIDAY), LocalTime.of(12, 0), LocalTime.of(13, 0)),
                new WeeklyWindow(EnumSet.of(DayOfWeek.SUNDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)))), List.of()), id -> true);
        RightsRules.check(new SiteRightsRequest(null, null), id -> true);
    }

    @Test
    @EnabledIfSystemProperty(named = "consentry.filtercost", matches = "true")
    void costOfTheAllowedSet() {
        int n = 50_000;
        List<GroupMembership> memberships = new ArrayList<>(n);
        UUID[] groups = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        Map<UUID, List<WeeklyWindow>> weekly = Map.of(groups[0], List.of(), groups[1],
                List.of(new WeeklyWindow(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(7, 0), LocalTime.of(19, 0))),
                groups[2], List.of(new WeeklyWindow(EnumSet.of(DayOfWeek.SATURDAY), LocalTime.of(9, 0), LocalTime.of(12, 0))));
        for (int i = 0; i < n; i++) {
            memberships.add(member(groups[i % 3], UUID.randomUUID(), i % 10 == 0 ? Instant.parse("2026-01-01T00:00:00Z") : null,
                    i % 7 == 0 ? Instant.parse("2027-06-01T00:00:00Z") : null));
        }
        CompiledRights rights = null;
        long build = 0;
        for (int warm = 0; warm < 5; warm++) {
            long t0 = System.nanoTime();
            rights = new CompiledRights(SHANGHAI, weekly, Map.of(), memberships);
            build = System.nanoTime() - t0;
        }
        long[] compute = new long[50];
        Instant at = Instant.parse("2026-12-02T02:00:00Z");
        for (int i = -50; i < compute.length; i++) {
            CompiledRights fresh = new CompiledRights(SHANGHAI, weekly, Map.of(), memberships);
            long s = System.nanoTime();
            fresh.allowedAt(at); // a fresh build: computed, as after a change or at a window edge
            if (i >= 0) {
                compute[i] = System.nanoTime() - s;
            }
        }
        Arrays.sort(compute);
        long s = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            rights.allowedAt(at.plusSeconds(60L * 21)); // the same minute: reused
        }
        long hit = (System.nanoTime() - s) / 100_000;
        s = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            rights.verdict(memberships.get(i % n).subjectId, at);
        }
        long verdict = (System.nanoTime() - s) / 100_000;
        System.out.printf("FILTERCOST memberships=%d: build %.1f ms, allowed set recomputed median %.2f ms, reused %d ns, "
                + "one verdict %d ns, allowed now %d%n", n, build / 1e6, compute[compute.length / 2] / 1e6, hit, verdict,
                rights.allowedAt(at.plusSeconds(60L * 21)).size());
    }

    private static Instant local(String dateTime) {
        return java.time.LocalDateTime.parse(dateTime).atZone(SHANGHAI).toInstant();
    }

    private static GroupMembership member(UUID group, UUID subject, Instant from, Instant until) {
        GroupMembership m = new GroupMembership();
        m.id = UUID.randomUUID();
        m.groupId = group;
        m.subjectId = subject;
        m.validFrom = from;
        m.validUntil = until;
        return m;
    }
}
