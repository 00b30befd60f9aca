package io.consentry.face;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;

/**
 * Open-set 1:N operating points of a pack: for each target false-positive identification rate (FPIR, the share of
 * people who are not enrolled yet get identified as someone) and gallery size, the score threshold and the expected
 * miss rate (FNIR). The best of G impostor scores grows with G, so a threshold that keeps strangers out of a gallery of
 * 100 lets them in at 10,000: identification must use the threshold for the tenant's current gallery size.
 *
 * <p>Read from the manifest ({@code identification.*}, written by {@code eval --folders --identification}):
 * <pre>
 *   identification.calibration-id=faceplugin-0.0.1/lfw-dev/2026-11-30
 *   identification.fnir-ceiling=0.10
 *   identification.margin=0
 *   identification.fpir.0.01=100:0.4124:0.0324,1000:0.4740:0.0617,5000:0.5293:0.1238:provisional,...
 * </pre>
 * Each cell is {@code gallerySize:threshold:expectedFnir[:provisional]}; a gallery of N members uses the first
 * calibrated size ≥ N (its threshold is at least as strict). A provisional cell rests on fewer than 30 impostor pairs
 * above its threshold and is never used.
 */
public final class IdentificationCalibration {

    /** Why no operating point can be given; {@link #code()} is the FALLBACK_REQUIRED reason for a decision. */
    public enum Reason {
        /** The pack has no identification calibration at all. */
        NOT_CALIBRATED("pack_not_calibrated"),
        /** The target FPIR is stricter than any the pack was calibrated for. */
        FPIR_NOT_CALIBRATED("pack_not_calibrated"),
        /** At this FPIR the data cannot resolve a threshold for a gallery this large. */
        GALLERY_TOO_LARGE("gallery_too_large_for_pack"),
        /** A threshold exists, but members would be missed more often than the FNIR ceiling allows. */
        FNIR_ABOVE_CEILING("gallery_too_large_for_pack");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** The answer to "which threshold for this FPIR at this gallery size?". */
    public sealed interface Answer permits OperatingPoint, NotMeetable {
        double targetFpir();

        int gallerySize();

        String calibrationId();
    }

    /**
     * What an identification decision uses and must record.
     *
     * @param targetFpir            the target asked for (the policy's)
     * @param calibratedFpir        the calibrated rate used (equal, or the next stricter one)
     * @param gallerySize           the tenant's gallery size asked for
     * @param calibratedGallerySize the calibrated size whose threshold is used (≥ gallerySize)
     * @param threshold             accept the best candidate iff its score ≥ threshold ...
     * @param margin                ... and it beats the runner-up by at least this much (0: no margin)
     * @param expectedFnir          expected share of enrolled members not identified (searches refused for quality
     *                              or several comparable faces are counted separately in the calibration data's
     *                              {@link IdentificationCalibration#refusalRate()})
     * @param calibrationId         which calibration this came from
     */
    public record OperatingPoint(double targetFpir, double calibratedFpir, int gallerySize, int calibratedGallerySize,
                                 float threshold, float margin, double expectedFnir, String calibrationId) implements Answer {
        /** Whether the best candidate (score, runner-up score or −∞) is an identification. */
        public boolean accepts(float best, float runnerUp) {
            return best >= threshold && best - runnerUp >= margin;
        }
    }

    /**
     * No operating point: identification must fall back to the site's alternatives with {@link #code()}.
     *
     * @param largestGallerySize the largest gallery the pack can serve at this FPIR within the ceiling (0: none)
     * @param expectedFnir       the FNIR the cell would give (NaN when there is no resolvable cell)
     */
    public record NotMeetable(Reason reason, double targetFpir, int gallerySize, int largestGallerySize, double expectedFnir,
                              double fnirCeiling, String calibrationId) implements Answer {
        public String code() {
            return reason.code();
        }

        public String message() {
            return switch (reason) {
                case NOT_CALIBRATED -> "the model pack has no identification calibration";
                case FPIR_NOT_CALIBRATED -> String.format(Locale.ROOT, "the model pack is not calibrated for FPIR %s", targetFpir);
                case GALLERY_TOO_LARGE -> String.format(Locale.ROOT,
                        "the model pack cannot keep FPIR at %s for a gallery of %,d (its calibration resolves up to %,d)",
                        targetFpir, gallerySize, largestGallerySize);
                case FNIR_ABOVE_CEILING -> String.format(Locale.ROOT,
                        "at FPIR %s a gallery of %,d would miss %.1f %% of members, above the ceiling of %.1f %% (the pack serves up to %,d)",
                        targetFpir, gallerySize, expectedFnir * 100, fnirCeiling * 100, largestGallerySize);
            };
        }
    }

    /**
     * One calibrated cell: for a gallery of up to {@code gallerySize} templates, the threshold and the expected FNIR of
     * searches that reach the matcher; a provisional cell rests on fewer than 30 impostor pairs and is never used.
     */
    public record Cell(int gallerySize, float threshold, double expectedFnir, boolean provisional) {
    }

    private final String calibrationId;
    private final double fnirCeiling;
    private final float margin;
    private final double refusalRate;
    private final TreeMap<Double, TreeMap<Integer, Cell>> cells;

    IdentificationCalibration(String calibrationId, double fnirCeiling, float margin, double refusalRate,
                              Map<Double, TreeMap<Integer, Cell>> cells) {
        this.calibrationId = calibrationId;
        this.fnirCeiling = fnirCeiling;
        this.margin = margin;
        this.refusalRate = refusalRate;
        this.cells = new TreeMap<>(cells);
    }

    /** A pack without identification calibration: every lookup answers {@link Reason#NOT_CALIBRATED}. */
    public static IdentificationCalibration none(String packId) {
        return new IdentificationCalibration(packId + "/uncalibrated", 0, 0, Double.NaN, Map.of());
    }

    /**
     * Parses the {@code identification.*} manifest keys.
     *
     * @param property manifest lookup (null when absent)
     * @throws IllegalArgumentException on a malformed cell
     */
    public static IdentificationCalibration parse(String packId, java.util.function.Function<String, String> property,
                                                  Iterable<String> keys) {
        String prefix = "identification.fpir.";
        Map<Double, TreeMap<Integer, Cell>> cells = new TreeMap<>();
        for (String key : keys) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            double fpir = Double.parseDouble(key.substring(prefix.length()));
            if (!(fpir > 0 && fpir < 1)) {
                throw new IllegalArgumentException(key + ": FPIR must be in (0,1)");
            }
            TreeMap<Integer, Cell> row = new TreeMap<>();
            for (String cell : property.apply(key).split(",")) {
                String[] f = cell.trim().split(":");
                if (f.length < 3 || f.length > 4 || (f.length == 4 && !f[3].equals("provisional"))) {
                    throw new IllegalArgumentException(key + ": cell '" + cell + "' is not size:threshold:fnir[:provisional]");
                }
                int g = Integer.parseInt(f[0]);
                double fnir = Double.parseDouble(f[2]);
                if (g <= 0 || !(fnir >= 0 && fnir <= 1)) {
                    throw new IllegalArgumentException(key + ": cell '" + cell + "' has a bad size or FNIR");
                }
                row.put(g, new Cell(g, Float.parseFloat(f[1]), fnir, f.length == 4));
            }
            cells.put(fpir, row);
        }
        if (cells.isEmpty()) {
            return none(packId);
        }
        String id = property.apply("identification.calibration-id");
        return new IdentificationCalibration(id == null || id.isBlank() ? packId + "/identification" : id.trim(),
                number(property, "identification.fnir-ceiling", 0.10), (float) number(property, "identification.margin", 0),
                number(property, "identification.refusal-rate", Double.NaN), cells);
    }

    private static double number(java.util.function.Function<String, String> property, String key, double def) {
        String v = property.apply(key);
        return v == null || v.isBlank() ? def : Double.parseDouble(v.trim());
    }

    public boolean calibrated() {
        return !cells.isEmpty();
    }

    public String calibrationId() {
        return calibrationId;
    }

    /** The pack's default FNIR ceiling: operating points expected to miss more members are refused. */
    public double fnirCeiling() {
        return fnirCeiling;
    }

    /** Share of searches the calibration data's frames were refused (quality, several comparable faces). */
    public double refusalRate() {
        return refusalRate;
    }

    /** Calibrated target FPIRs, ascending. */
    public NavigableSet<Double> targetFpirs() {
        return Collections.unmodifiableNavigableSet(cells.navigableKeySet());
    }

    /**
     * The calibrated cells of a target FPIR (or of the next stricter calibrated one), by ascending gallery size: what a
     * console draws as "expected FNIR against gallery size". Empty when the pack is not calibrated for it.
     */
    public List<Cell> cells(double targetFpir) {
        Map.Entry<Double, TreeMap<Integer, Cell>> row = row(targetFpir);
        return row == null ? List.of() : List.copyOf(row.getValue().values());
    }

    /** The largest gallery the pack serves at this FPIR within the pack's FNIR ceiling (0: none, or not calibrated). */
    public int largestGallerySize(double targetFpir) {
        return largestGallerySize(targetFpir, fnirCeiling);
    }

    public int largestGallerySize(double targetFpir, double maxFnir) {
        Map.Entry<Double, TreeMap<Integer, Cell>> row = row(targetFpir);
        if (row == null) {
            return 0;
        }
        int largest = 0;
        for (Map.Entry<Integer, Cell> e : row.getValue().entrySet()) {
            if (e.getValue().provisional() || e.getValue().expectedFnir() > maxFnir) {
                break;
            }
            largest = e.getKey();
        }
        return largest;
    }

    /** The operating point for the pack's FNIR ceiling. */
    public Answer operatingPoint(double targetFpir, int gallerySize) {
        return operatingPoint(targetFpir, gallerySize, fnirCeiling);
    }

    /**
     * The operating point for a target FPIR at the tenant's current gallery size, or why there is none.
     *
     * @param maxFnir a stricter ceiling than the pack's, e.g. a site's (the pack's applies when larger)
     */
    public Answer operatingPoint(double targetFpir, int gallerySize, double maxFnir) {
        if (!(targetFpir > 0 && targetFpir < 1) || gallerySize < 0) {
            throw new IllegalArgumentException("target FPIR in (0,1) and gallery size >= 0");
        }
        double ceiling = Math.min(maxFnir, fnirCeiling);
        if (!calibrated()) {
            return new NotMeetable(Reason.NOT_CALIBRATED, targetFpir, gallerySize, 0, Double.NaN, ceiling, calibrationId);
        }
        Map.Entry<Double, TreeMap<Integer, Cell>> row = row(targetFpir);
        if (row == null) {
            return new NotMeetable(Reason.FPIR_NOT_CALIBRATED, targetFpir, gallerySize, 0, Double.NaN, ceiling, calibrationId);
        }
        int largest = largestGallerySize(targetFpir, ceiling);
        Map.Entry<Integer, Cell> cell = row.getValue().ceilingEntry(Math.max(1, gallerySize));
        if (cell == null || cell.getValue().provisional()) {
            return new NotMeetable(Reason.GALLERY_TOO_LARGE, targetFpir, gallerySize, largest, Double.NaN, ceiling, calibrationId);
        }
        if (cell.getValue().expectedFnir() > ceiling) {
            return new NotMeetable(Reason.FNIR_ABOVE_CEILING, targetFpir, gallerySize, largest, cell.getValue().expectedFnir(),
                    ceiling, calibrationId);
        }
        return new OperatingPoint(targetFpir, row.getKey(), gallerySize, cell.getKey(), cell.getValue().threshold(), margin,
                cell.getValue().expectedFnir(), calibrationId);
    }

    /** The row of the target FPIR, or of the next stricter calibrated one (never a looser one). */
    private Map.Entry<Double, TreeMap<Integer, Cell>> row(double targetFpir) {
        NavigableMap<Double, TreeMap<Integer, Cell>> m = cells;
        return m.floorEntry(targetFpir * (1 + 1e-9));
    }
}
