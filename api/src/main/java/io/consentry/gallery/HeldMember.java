package io.consentry.gallery;

import java.util.List;
import java.util.UUID;

/**
 * What a loaded gallery keeps of a member besides its slot in the index: whose template it is, and — for a fused pack
 * only — the further recognisers' vectors, which the decision score needs next to the primary vector the index holds.
 */
record HeldMember(UUID subjectId, String externalRef, List<float[]> secondary) {
}
