package io.consentry.gallery;

import io.consentry.consent.GalleryMember;
import io.consentry.face.Gallery;
import io.consentry.face.IndexedTemplate;
import io.consentry.face.Template;

import java.util.List;

/**
 * The bytes one loaded gallery holds on the heap, counted before it is built so that a gallery too large for the
 * replica is refused without building it: the index ({@link Gallery}: 4-bit codes in blocks of 2,048 templates, 8-bit
 * remainders, a scale, an id) plus what each member keeps beside it ({@link HeldMember}: its subject, its reference and,
 * for a fused pack, the further recognisers' vectors) and the maps that find members by template and by subject. The
 * primary vector lives in the index only: the short-list is re-scored from its codes.
 * <p>
 * The per-member constant covers the objects around the arrays (held member, UUIDs, strings, hash-map nodes) on a
 * 64-bit JVM with compressed references; {@code GalleryFootprintTest} measures a built gallery's real heap use and
 * holds this estimate at or above it, and within a fifth of it.
 */
final class GalleryFootprint {

    /** Objects around a member's arrays, measured (see the class comment). */
    static final long PER_MEMBER = 760;
    private static final int ARRAY_HEADER = 16;
    /** The immutable list around a fused pack's further vectors. */
    private static final int LIST = 16;
    private static final int TEMPLATES_PER_BLOCK = 2048;
    private static final int FLUSH_DIMS = 64;

    private GalleryFootprint() {
    }

    /** Bytes the gallery of these members (those of the probe's pack) holds once built. */
    static long bytes(List<GalleryMember> members, Template probe) {
        long count = 0;
        long perMember = 0;
        for (GalleryMember member : members) {
            if (fits(member.template(), probe)) {
                count++;
                perMember += member(member);
            }
        }
        return index(count, probe.dimension()) + perMember;
    }

    static boolean fits(IndexedTemplate template, Template probe) {
        return template.packId().equals(probe.packId()) && template.dimension() == probe.dimension();
    }

    /** Bytes one member holds besides its slot in the index: a fused pack's further vectors, its reference, the objects around them. */
    static long member(GalleryMember member) {
        // Counted for every member as a load's batches arrive: no stream, no array.
        List<float[]> secondary = member.template().secondary();
        long bytes = PER_MEMBER + ref(member.externalRef());
        if (!secondary.isEmpty()) {
            bytes += LIST + align(ARRAY_HEADER + 4L * secondary.size());
            for (float[] vector : secondary) {
                bytes += vectorBytes(vector.length);
            }
        }
        return bytes;
    }

    private static long vectorBytes(int dimension) {
        return align(ARRAY_HEADER + 4L * dimension);
    }

    private static long ref(String externalRef) {
        return align(ARRAY_HEADER + (externalRef == null ? 0 : externalRef.length()));
    }

    /**
     * The least a gallery of {@code count} templates of the probe's pack holds (as {@link #bytes}, with every external
     * reference empty): known before anything is decrypted, since a pack's templates all have the probe's shape.
     */
    static long atLeast(long count, Template probe) {
        long perMember = PER_MEMBER + ref(null);
        if (probe.vectorCount() > 1) {
            perMember += LIST + align(ARRAY_HEADER + 4L * (probe.vectorCount() - 1));
            for (int i = 1; i < probe.vectorCount(); i++) {
                perMember += vectorBytes(probe.vector(i).length);
            }
        }
        return index(count, probe.dimension()) + count * perMember;
    }

    /** The index's arrays for {@code count} templates (exact capacity, see {@link Gallery#ensureCapacity}). */
    static long index(long count, int dim) {
        long slots = Math.max(16, count);
        long paddedDim = (dim + FLUSH_DIMS - 1) / FLUSH_DIMS * FLUSH_DIMS;
        long blocks = Math.max(1, (slots + TEMPLATES_PER_BLOCK - 1) / TEMPLATES_PER_BLOCK);
        long coarse = blocks * TEMPLATES_PER_BLOCK * paddedDim / 2;
        return coarse + slots * dim + slots * 4 /* scales */ + slots * 4 /* id references */ + 4 * ARRAY_HEADER;
    }

    private static long align(long bytes) {
        return (bytes + 7) / 8 * 8;
    }
}
