package io.consentry.migration;

import java.util.List;

/**
 * Where a tenant's templates stand against the configured model pack. Counts come from the data (the same on every
 * replica); {@code lastRun} is this replica's last or current run.
 *
 * @param currentPack              the configured pack: templates of any other pack are stale
 * @param packs                    templates and subjects per pack
 * @param staleSubjects            subjects holding stale templates (flagged ones included)
 * @param pendingSubjects          stale subjects the migration has not dealt with yet (0 = complete)
 * @param rebuildableSubjects      of those, the ones a run is expected to rebuild: retention and template consents
 *                                 active and a retained photo of a stale template exists (the photo must still pass
 *                                 the current pack's quality and liveness gates)
 * @param needsReenrolmentSubjects of those, the ones a run will flag (no retention consent or no retained photo)
 * @param rebuiltTemplates         current-pack templates the migration rebuilt from retained photos
 * @param flaggedSubjects          subjects flagged "re-enrolment required" for the current pack
 */
public record MigrationStatus(String currentPack, List<PackCount> packs, long currentTemplates, long staleTemplates,
                              long staleSubjects, long pendingSubjects, long rebuildableSubjects,
                              long needsReenrolmentSubjects, long rebuiltTemplates, long flaggedSubjects, boolean complete,
                              boolean running, ModelMigration.RunReport lastRun) {

    public record PackCount(String packId, boolean current, long templates, long subjects) {
    }
}
