package io.consentry.migration;

import io.consentry.biometric.TemplateInventory;
import io.consentry.consent.ConsentLedger;
import io.consentry.purpose.PurposeKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The migration's view of a tenant: the template store's counts combined with the subjects' consents. */
@ApplicationScoped
public class MigrationInventory {

    private final TemplateInventory templates;
    private final ConsentLedger ledger;

    MigrationInventory(TemplateInventory templates, ConsentLedger ledger) {
        this.templates = templates;
        this.ledger = ledger;
    }

    /** Subjects with stale templates and no flag for {@code pack}, in id order after {@code after}. */
    public List<UUID> pendingSubjects(String pack, UUID after, int limit) {
        return templates.pendingSubjects(pack, after, limit);
    }

    @Transactional
    public MigrationStatus status(String pack, boolean running, ModelMigration.RunReport lastRun) {
        List<MigrationStatus.PackCount> packs = templates.perPack().stream().map(p -> new MigrationStatus.PackCount(p.packId(),
                pack.equals(p.packId()), p.templates(), p.subjects())).toList();
        long current = packs.stream().filter(MigrationStatus.PackCount::current).mapToLong(MigrationStatus.PackCount::templates).sum();
        long stale = packs.stream().filter(p -> !p.current()).mapToLong(MigrationStatus.PackCount::templates).sum();

        Set<UUID> pending = templates.allPendingSubjects(pack);
        Set<UUID> withCurrent = templates.subjectsWithTemplatesOf(pack);
        Set<UUID> withStalePhoto = templates.subjectsWithPhotoOfOtherPack(pack);
        Set<UUID> retention = active(PurposeKind.IMAGE_RETENTION);
        Set<UUID> templateConsent = active(PurposeKind.FACE_VERIFICATION);
        templateConsent.addAll(active(PurposeKind.FACE_IDENTIFICATION));
        long rebuildable = 0;
        long reenrol = 0;
        for (UUID subject : pending) {
            if (withCurrent.contains(subject)) {
                continue; // superseded: the stale templates are simply dropped
            }
            if (retention.contains(subject) && templateConsent.contains(subject) && withStalePhoto.contains(subject)) {
                rebuildable++;
            } else {
                reenrol++;
            }
        }
        return new MigrationStatus(pack, packs, current, stale, templates.subjectsWithTemplatesOfOtherPacks(pack), pending.size(),
                rebuildable, reenrol, templates.rebuiltTemplates(pack), templates.flaggedSubjects(pack), pending.isEmpty(), running,
                lastRun);
    }

    private Set<UUID> active(PurposeKind kind) {
        return ledger.activeSubjects(kind).stream().map(ConsentLedger.Member::subjectId).collect(Collectors.toCollection(HashSet::new));
    }
}
