package io.consentry.gallery;

import java.util.Optional;

/**
 * What one 1:N search found, with what the decision needs to judge it: the best candidate, the best score of any
 * other subject (the runner-up, −∞ when there is none) and how many templates were searched — the gallery size the
 * open-set threshold depends on. {@code unavailable} names why no search ran (e.g. the gallery does not fit this
 * replica's memory budget); null when it ran.
 */
public record GallerySearch(Optional<GalleryMatch> best, float runnerUp, int templates, String unavailable) {

    public GallerySearch(Optional<GalleryMatch> best, float runnerUp, int templates) {
        this(best, runnerUp, templates, null);
    }

    public static GallerySearch unavailable(String reason) {
        return new GallerySearch(Optional.empty(), Float.NEGATIVE_INFINITY, 0, reason);
    }

    public static GallerySearch empty() {
        return new GallerySearch(Optional.empty(), Float.NEGATIVE_INFINITY, 0);
    }
}
