package io.consentry.face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which detected face is the subject of a frame. A gate camera often sees people behind the one at the gate: they are
 * smaller (further away) and usually off-centre. {@link Pick#DOMINANT} takes the largest face only when it clearly
 * dominates — every other face is at most {@link Rule#maxAreaRatio} of its area and it is not off to the side of the
 * frame ({@link Rule#maxCentreOffset}) — and otherwise refuses, because guessing between comparable faces risks deciding on
 * a bystander. The rule's numbers are calibrated on real multi-face photos (see {@link #GATE}).
 */
public final class FacePicker {

    /**
     * @param maxAreaRatio    largest allowed area of the second-largest face relative to the largest (0..1)
     * @param maxCentreOffset largest allowed horizontal offset of the largest face's centre from the frame centre, as a
     *                        fraction of the half-width (0 = centred, 1 = at the edge). Horizontal only: how high a
     *                        face sits in the frame depends on the person's height and the camera's mounting, while
     *                        people beside the one at the gate are off to the side.
     */
    public record Rule(double maxAreaRatio, double maxCentreOffset) {
        public Rule {
            if (!(maxAreaRatio > 0 && maxAreaRatio < 1) || !(maxCentreOffset > 0 && maxCentreOffset <= 1)) {
                throw new IllegalArgumentException("maxAreaRatio in (0,1), maxCentreOffset in (0,1]");
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "second face <= %.2f x the largest's area, largest face centre within %.2f of the half-width from the centre line",
                    maxAreaRatio, maxCentreOffset);
        }
    }

    /**
     * The gate rule. Calibrated with {@code eval --bystanders} on the 306 multi-face images of lfw-dev folds 1-3 (the
     * subject of an LFW photo is the face nearest the centre): the rule accepting the most of them whose wrong picks
     * stay at or below 1 % of those it accepts (287 accepted, 2 wrong). On folds 4-5: 177 of 189 accepted, 0 wrong;
     * always taking the largest would have decided on a bystander in 1.6-2 % of multi-face images.
     */
    public static final Rule GATE = new Rule(0.80, 0.40);

    private FacePicker() {
    }

    /** The subject among {@code faces} for {@code pick} under {@link #GATE}; see {@link #pick(List, int, int, Pick, Rule)}. */
    public static List<Integer> pick(List<Box> faces, int width, int height, Pick pick) {
        return pick(faces, width, height, pick, GATE);
    }

    /**
     * Indices into {@code faces} of the faces to analyse: ALL → every face, largest first; LARGEST → the largest;
     * CENTER → the one nearest the frame centre; DOMINANT → the largest when it dominates by {@code rule}, else every
     * face (largest first), so that a caller wanting one subject sees several and refuses.
     */
    public static List<Integer> pick(List<Box> faces, int width, int height, Pick pick, Rule rule) {
        if (faces.isEmpty()) {
            return List.of();
        }
        List<Integer> bySize = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            bySize.add(i);
        }
        bySize.sort(Comparator.comparingDouble((Integer i) -> -faces.get(i).area()).thenComparingInt(i -> i));
        return switch (pick) {
            case ALL -> bySize;
            case LARGEST -> List.of(bySize.get(0));
            case CENTER -> List.of(nearestCentre(faces, width, height));
            case DOMINANT -> dominates(faces, bySize, width, height, rule) ? List.of(bySize.get(0)) : bySize;
        };
    }

    /** Whether the largest face dominates the frame by {@code rule} (a single face always does). */
    public static boolean dominates(List<Box> faces, int width, int height, Rule rule) {
        List<Integer> bySize = pick(faces, width, height, Pick.ALL, rule);
        return !bySize.isEmpty() && dominates(faces, bySize, width, height, rule);
    }

    private static boolean dominates(List<Box> faces, List<Integer> bySize, int width, int height, Rule rule) {
        if (bySize.size() == 1) {
            return true;
        }
        Box first = faces.get(bySize.get(0)), second = faces.get(bySize.get(1));
        double ratio = first.area() <= 0 ? 1 : second.area() / first.area();
        return ratio <= rule.maxAreaRatio() && centreOffset(first, width, height) <= rule.maxCentreOffset();
    }

    /** Horizontal offset of the box centre from the frame's vertical centre line, as a fraction of the half-width. */
    public static double centreOffset(Box b, int width, int height) {
        return Math.abs(b.centerX() - width / 2.0) / (width / 2.0);
    }

    static int nearestCentre(List<Box> faces, int width, int height) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < faces.size(); i++) {
            double dx = faces.get(i).centerX() - width / 2.0, dy = faces.get(i).centerY() - height / 2.0;
            double d = dx * dx + dy * dy;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }
}
