package io.consentry.gallery;

import io.consentry.consent.GalleryMember;
import io.consentry.consent.GalleryMemberSink;
import io.consentry.face.Gallery;
import io.consentry.face.IndexedTemplate;
import io.consentry.face.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One gallery's load as the vault hands its members over: the budget is held before anything is decrypted (the
 * announced number of templates, at the least each will hold: a gallery certainly too large is declined at once) and
 * as batches arrive (what they really hold: a gallery that turns out too large is dropped, and its remaining batches
 * ignored). The members come quantised already (where they were decrypted); once the last batch is in, {@link #build}
 * copies their codes into the index on every core and makes the maps that find members by template and by subject.
 * <p>
 * Why the index is not built batch by batch while the rest is read: measured on two cores, overlapping the two made a
 * 100,000-template load no faster and cost more CPU — decryption already keeps both cores busy during the read, and
 * both phases are bound by memory bandwidth (docs/ARCHITECTURE.md, "Gallery memory").
 * <p>
 * Batches come one at a time, possibly on different threads, each handed over after the one before (so no lock is
 * needed); {@link #build} is called after the last.
 */
final class GalleryBuild implements GalleryMemberSink {

    private final Template probe;
    private final long budget;
    private List<GalleryMember> members = new ArrayList<>();
    private long memberBytes;
    private long expected;
    private int skipped;
    private boolean tooLarge;

    GalleryBuild(Template probe, long budget) {
        this.probe = probe;
        this.budget = budget;
    }

    @Override
    public boolean expect(long templates) {
        expected = templates;
        if (GalleryFootprint.atLeast(templates, probe) > budget) {
            drop();
            return false;
        }
        members = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, templates));
        return true;
    }

    @Override
    public void accept(List<GalleryMember> batch) {
        if (tooLarge) {
            return;
        }
        for (GalleryMember member : batch) {
            if (!GalleryFootprint.fits(member.template(), probe)) {
                skipped++; // enrolled with another model pack: must re-enrol before it can be identified
                continue;
            }
            members.add(member);
            memberBytes += GalleryFootprint.member(member);
        }
        if (bytes() > budget) {
            drop();
        }
    }

    private void drop() {
        tooLarge = true;
        members = null;
        memberBytes = 0;
    }

    boolean tooLarge() {
        return tooLarge;
    }

    /** Templates announced by the source (the budget's first check). */
    long expected() {
        return expected;
    }

    int skipped() {
        return skipped;
    }

    /** Bytes the gallery will hold once built (its index with exactly as many slots as members, and the members). */
    long bytes() {
        return tooLarge ? 0 : GalleryFootprint.index(members.size(), probe.dimension()) + memberBytes;
    }

    /** The built gallery; its maps are filled into the given ones. Not for a gallery too large. */
    Gallery build(Map<String, HeldMember> byTemplate, Map<UUID, List<UUID>> bySubject) {
        Gallery gallery = new Gallery(probe.packId(), probe.dimension());
        // Exactly as many slots as members: growth by half would hold up to a third more than accounted.
        gallery.ensureCapacity(members.size());
        List<String> ids = new ArrayList<>(members.size());
        List<IndexedTemplate> templates = new ArrayList<>(members.size());
        for (GalleryMember member : members) {
            String id = member.templateId().toString();
            ids.add(id);
            templates.add(member.template());
            // The codes live on in the index only; the member keeps what the index does not hold.
            byTemplate.put(id, new HeldMember(member.subjectId(), member.externalRef(), member.template().secondary()));
            // A list, not a set: template ids are unique, and a subject has one to a few (a set per subject cost about
            // 100 bytes more each, and its hashing showed in the load's profile).
            bySubject.computeIfAbsent(member.subjectId(), s -> new ArrayList<>(2)).add(member.templateId());
        }
        // The codes are copied into the index on every core (one block of slots per task): see Gallery.putAllIndexed.
        gallery.putAllIndexed(ids, templates);
        return gallery;
    }

    int size() {
        return tooLarge ? 0 : members.size();
    }
}
