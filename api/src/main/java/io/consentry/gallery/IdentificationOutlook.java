package io.consentry.gallery;

import io.consentry.biometric.TemplateVault;
import io.consentry.consent.ConsentLedger;
import io.consentry.core.engine.MatchCalibration;
import io.consentry.face.IdentificationCalibration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;

/**
 * What 1:N identification can promise at a target FPIR for a purpose's gallery as it is now: the threshold a search
 * would use and the share of members it would miss, or why the pack cannot serve that gallery at that rate. The console
 * shows it before a FACE_1_N policy is saved and on the dashboard as the gallery grows; decisions compute the same
 * answer at every search from the gallery they actually searched.
 */
@ApplicationScoped
public class IdentificationOutlook {

    private final MatchCalibration calibration;
    private final ConsentLedger ledger;
    private final TemplateVault vault;

    IdentificationOutlook(MatchCalibration calibration, ConsentLedger ledger, TemplateVault vault) {
        this.calibration = calibration;
        this.ledger = ledger;
        this.vault = vault;
    }

    /**
     * @param meetable           whether a search at this size gets an operating point (else it falls back with {@code reason})
     * @param threshold          the score a candidate must reach (when meetable)
     * @param expectedFnir       share of members the calibration expects to miss at this size (null when not resolvable)
     * @param largestGallerySize the largest gallery the pack serves at this rate within the FNIR ceiling
     * @param cells              the calibrated points for this rate, for a FNIR-by-gallery-size chart
     */
    public record Outlook(double targetFpir, Double maxFnir, int gallerySize, boolean meetable, String reason, Float threshold,
                          Double expectedFnir, int largestGallerySize, double fnirCeiling, String calibrationId,
                          List<IdentificationCalibration.Cell> cells) {
    }

    /**
     * The outlook for the current gallery of one identification purpose: templates of the current pack of the subjects
     * who consented to that purpose (a site identifies among exactly those).
     */
    @Transactional
    public Outlook now(UUID purposeId, double targetFpir, Double maxFnir) {
        return at(targetFpir, maxFnir, currentGallerySize(purposeId));
    }

    /** The outlook for a gallery of {@code gallerySize} templates. */
    public Outlook at(double targetFpir, Double maxFnir, int gallerySize) {
        IdentificationCalibration identification = calibration.identification();
        double ceiling = maxFnir == null ? identification.fnirCeiling() : Math.min(maxFnir, identification.fnirCeiling());
        List<IdentificationCalibration.Cell> cells = identification.calibrated() && identification.targetFpirs().contains(targetFpir)
                ? identification.cells(targetFpir) : List.of();
        IdentificationCalibration.Answer answer = identification.operatingPoint(targetFpir, gallerySize, ceiling);
        if (answer instanceof IdentificationCalibration.OperatingPoint op) {
            return new Outlook(targetFpir, maxFnir, gallerySize, true, null, op.threshold(), finite(op.expectedFnir()),
                    identification.largestGallerySize(targetFpir, ceiling), ceiling, op.calibrationId(), cells);
        }
        IdentificationCalibration.NotMeetable no = (IdentificationCalibration.NotMeetable) answer;
        return new Outlook(targetFpir, maxFnir, gallerySize, false, no.code(), null, finite(no.expectedFnir()), no.largestGallerySize(),
                ceiling, no.calibrationId(), cells);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** Templates a 1:N search under this purpose compares a probe with. */
    @Transactional
    public int currentGallerySize(UUID purposeId) {
        var members = ledger.activeSubjects(purposeId).stream().map(ConsentLedger.Member::subjectId).toList();
        return (int) vault.countCurrent(members);
    }
}
