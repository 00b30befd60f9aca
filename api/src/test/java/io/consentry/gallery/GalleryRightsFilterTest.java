package io.consentry.gallery;

import io.consentry.consent.GalleryMember;
import io.consentry.face.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1:N among the people allowed at a site: the filter's rule (nobody outside the allowed set is ever a candidate) on a
 * gallery of random templates, and, on request, its cost:
 * {@code mvn -B -o -pl api -am -Dtest=GalleryRightsFilterTest -Dsurefire.failIfNoSpecifiedTests=false -Dconsentry.filtercost=true test}.
 */
class GalleryRightsFilterTest {

    @Test
    void aMemberOutsideTheAllowedSetIsNeverFoundNorTakenForSomeoneElse() {
        List<Template> templates = GalleryFootprintTest.templates(4_000, 512, 7);
        List<GalleryMember> members = GalleryFootprintTest.members(templates);
        IdentificationGalleries galleries = new IdentificationGalleries();
        UUID tenant = UUID.randomUUID();
        UUID purpose = UUID.randomUUID();
        Set<UUID> allowed = new HashSet<>();
        for (int i = 0; i < members.size(); i += 4) { // every other subject (two templates each)
            allowed.add(members.get(i).subjectId());
        }
        for (int i = 0; i < 200; i++) {
            GalleryMember probe = members.get(i);
            GallerySearch found = galleries.search(tenant, purpose, templates.get(i), null, () -> members, allowed);
            assertThat(found.best()).isPresent();
            assertThat(allowed).contains(found.best().get().subjectId());
            if (allowed.contains(probe.subjectId())) {
                assertThat(found.best().get().subjectId()).isEqualTo(probe.subjectId());
                assertThat(found.best().get().score()).isGreaterThan(0.99f);
            } else {
                // The probe is exactly a non-allowed member's template: the best allowed candidate is a stranger to it.
                assertThat(found.best().get().score()).isLessThan(0.3f);
            }
            assertThat(found.templates()).isEqualTo(2_000); // the threshold follows the allowed templates only
        }
        GallerySearch nobody = galleries.search(tenant, purpose, templates.get(0), null, () -> members, Set.of());
        assertThat(nobody.best()).isEmpty();
        assertThat(nobody.templates()).isZero();
        // Unfiltered, the same gallery still finds everyone.
        assertThat(galleries.search(tenant, purpose, templates.get(2), null, () -> members).best().orElseThrow().subjectId())
                .isEqualTo(members.get(2).subjectId());
    }

    @Test
    @EnabledIfSystemProperty(named = "consentry.filtercost", matches = "true")
    void filterCostOnARealisticGallery() {
        int n = 100_000;
        List<Template> templates = GalleryFootprintTest.templates(n, 512, 11);
        List<GalleryMember> members = GalleryFootprintTest.members(templates);
        IdentificationGalleries galleries = new IdentificationGalleries();
        UUID tenant = UUID.randomUUID();
        UUID purpose = UUID.randomUUID();
        List<Template> probes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            probes.add(templates.get(i * 997 % n));
        }
        galleries.search(tenant, purpose, probes.get(0), null, () -> members); // load
        for (double share : new double[]{1.0, 0.5, 0.05, 0.005, 0.001}) {
            Set<UUID> allowed = new HashSet<>();
            for (int i = 0; i < n; i += 2) {
                if ((i / 2) % Math.max(1, (int) Math.round(1 / share)) == 0) {
                    allowed.add(members.get(i).subjectId());
                }
            }
            long[] plain = time(galleries, tenant, purpose, probes, members, null);
            long[] filtered = time(galleries, tenant, purpose, probes, members, allowed);
            System.out.printf("FILTERCOST n=%d allowed=%.1f%% (%d subjects): unfiltered median %.2f ms p90 %.2f ms; "
                            + "filtered median %.2f ms p90 %.2f ms%n", n, share * 100, allowed.size(),
                    plain[0] / 1e6, plain[1] / 1e6, filtered[0] / 1e6, filtered[1] / 1e6);
        }
    }

    private static long[] time(IdentificationGalleries galleries, UUID tenant, UUID purpose, List<Template> probes,
                               List<GalleryMember> members, Set<UUID> allowed) {
        for (int warm = 0; warm < 3; warm++) {
            for (Template p : probes) {
                galleries.search(tenant, purpose, p, null, () -> members, allowed);
            }
        }
        long[] t = new long[probes.size()];
        for (int i = 0; i < probes.size(); i++) {
            long start = System.nanoTime();
            galleries.search(tenant, purpose, probes.get(i), null, () -> members, allowed);
            t[i] = System.nanoTime() - start;
        }
        Arrays.sort(t);
        return new long[]{t[t.length / 2], t[(int) (t.length * 0.9)]};
    }
}
