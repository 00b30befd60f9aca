package io.consentry.purpose;

/**
 * A new notice version was published, inside the publishing transaction. When {@code material}, earlier grants of the
 * purpose no longer cover it; the consent feature observes this (synchronously, in the same transaction) to pause
 * them, take the subjects out of identification galleries and tell them.
 */
public record NoticePublished(PurposeRef purpose, int version, boolean material) {
}
