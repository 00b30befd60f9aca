package io.consentry.biometric;

import io.consentry.face.FaceEngine;
import io.consentry.face.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The encrypted template store. Package-internal to biometrics: decrypted templates leave it only through the
 * ConsentGuard (which checks consent first) — nothing else calls {@link #decryptFor}.
 */
@ApplicationScoped
public class TemplateVault {

    private static final Logger LOG = Logger.getLogger(TemplateVault.class);

    @Inject
    TenantCrypto crypto;
    @Inject
    ObjectVault objects;
    @Inject
    Provider<FaceEngine> engine;

    public record Decrypted(UUID templateId, UUID subjectId, Template template) {
    }

    /** Encrypts and stores a template; returns its id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID store(UUID subjectId, Template template) {
        BiometricTemplate row = new BiometricTemplate();
        row.id = UUID.randomUUID();
        row.subjectId = subjectId;
        row.ciphertext = crypto.encrypt(template.toBytes(), crypto.templateBinding(subjectId, row.id));
        row.keyId = TenantCrypto.keyIdOf(row.ciphertext);
        row.packId = template.packId();
        row.quality = template.quality();
        row.createdAt = Instant.now();
        row.persist();
        return row.id;
    }

    /** Keeps the enrolment photo encrypted in the bucket (only called with an IMAGE_RETENTION consent). */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID retainImage(UUID subjectId, UUID templateId, byte[] image) {
        RetainedImage row = new RetainedImage();
        row.id = UUID.randomUUID();
        row.subjectId = subjectId;
        row.templateId = templateId;
        row.objectKey = "images/" + subjectId + "/" + row.id + ".enc";
        row.keyId = objects.put(row.objectKey, image);
        row.createdAt = Instant.now();
        row.persist();
        return row.id;
    }

    /** Decrypts the templates of the given subjects. For the ConsentGuard only. */
    @Transactional
    public List<Decrypted> decryptFor(Collection<UUID> subjectIds) {
        if (subjectIds.isEmpty()) {
            return List.of();
        }
        List<BiometricTemplate> rows = BiometricTemplate.list("subjectId in ?1 order by createdAt", subjectIds);
        List<Decrypted> out = new ArrayList<>(rows.size());
        for (BiometricTemplate row : rows) {
            try {
                byte[] plain = crypto.decrypt(row.ciphertext, crypto.templateBinding(row.subjectId, row.id));
                out.add(new Decrypted(row.id, row.subjectId, engine.get().parseTemplate(plain)));
            } catch (GeneralSecurityException e) {
                // A ciphertext that does not open for its own row was moved or tampered with: never use it.
                LOG.errorf("Template %s of subject %s does not decrypt for its row; skipped", row.id, row.subjectId);
            } catch (RuntimeException e) {
                LOG.errorf("Template %s of subject %s is not valid for the loaded model pack (%s); skipped",
                        row.id, row.subjectId, e.getMessage());
            }
        }
        return out;
    }

    public UUID tenantIdForEvents() {
        return crypto.tenantId();
    }

    @Transactional
    public long count(UUID subjectId) {
        return BiometricTemplate.count("subjectId", subjectId);
    }

    @Transactional
    public long retainedImages(UUID subjectId) {
        return RetainedImage.count("subjectId", subjectId);
    }

    /** Deletes every template and retained image of the subject (images through the outbox). Returns templates deleted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long deleteAll(UUID subjectId) {
        deleteImages(subjectId);
        return BiometricTemplate.delete("subjectId", subjectId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long deleteImages(UUID subjectId) {
        List<RetainedImage> images = RetainedImage.list("subjectId", subjectId);
        for (RetainedImage image : images) {
            objects.delete(image.objectKey);
            image.delete();
        }
        return images.size();
    }
}
