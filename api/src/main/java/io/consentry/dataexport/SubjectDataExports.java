package io.consentry.dataexport;

import io.consentry.core.problem.ProblemCode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.problem.ApiException;
import io.consentry.core.storage.ObjectVault;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.subject.Subjects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creates, lists and serves data-subject export packages. The package is written encrypted to the tenant bucket
 * through the storage outbox (so a slow or absent S3 never loses it: until uploaded it is served from the outbox),
 * kept for {@code consentry.exports.keep-days}, then deleted; erasure deletes it at once.
 */
@ApplicationScoped
public class SubjectDataExports {

    private final SubjectDataPackage packages;
    private final Subjects subjects;
    private final ObjectVault objects;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final int keepDays;

    SubjectDataExports(SubjectDataPackage packages, Subjects subjects, ObjectVault objects, AuditTrail audit,
                       ObjectMapper json,
                       @ConfigProperty(name = "consentry.exports.keep-days", defaultValue = "30") int keepDays) {
        this.packages = packages;
        this.subjects = subjects;
        this.objects = objects;
        this.audit = audit;
        this.json = json;
        this.keepDays = keepDays;
    }

    public record ExportView(UUID id, DataExport.RequestedBy requestedBy, String documentHash, int sizeBytes,
                             Instant createdAt, Instant expiresAt, boolean available) {
        static ExportView of(DataExport e, Instant now) {
            return new ExportView(e.id, e.requestedBy, e.documentHash, e.sizeBytes, e.createdAt, e.expiresAt, e.available(now));
        }
    }

    @Transactional
    public ExportView create(UUID subjectId, DataExport.RequestedBy requestedBy, Actor actor) {
        if (subjects.require(subjectId).erased()) {
            throw new ApiException(ProblemCode.SUBJECT_ERASED, "This subject was erased; there is nothing left to export.");
        }
        Instant now = Instant.now();
        DataExport row = new DataExport();
        row.id = UUID.randomUUID();
        row.subjectId = subjectId;
        row.requestedBy = requestedBy;
        row.objectKey = "exports/" + subjectId + "/" + row.id + ".json.enc";
        byte[] document = serialise(packages.build(row.id, subjectId, now));
        row.documentHash = PurposeCatalog.hash(new String(document, StandardCharsets.UTF_8));
        row.sizeBytes = document.length;
        row.keyId = objects.put(row.objectKey, document);
        row.createdAt = now;
        row.expiresAt = now.plus(Duration.ofDays(keepDays));
        row.persist();
        audit.append(new AuditEvent(actor, "subject.exported", subjectId.toString(), null, AuditOutcome.OK,
                Map.of("exportId", row.id.toString(), "requestedBy", requestedBy.name())));
        return ExportView.of(row, now);
    }

    @Transactional
    public List<ExportView> list(UUID subjectId) {
        subjects.require(subjectId);
        Instant now = Instant.now();
        return DataExport.<DataExport>list("subjectId = ?1 order by createdAt desc", subjectId).stream()
                .map(e -> ExportView.of(e, now)).toList();
    }

    /** The decrypted package of this subject; an export of another subject is "not found". */
    public byte[] document(UUID subjectId, UUID exportId, Actor reader) {
        DataExport row = find(subjectId, exportId);
        if (!row.available(Instant.now())) {
            throw new ApiException(ProblemCode.EXPORT_EXPIRED, "This export has expired or was erased. Create a new one.");
        }
        try {
            byte[] document = objects.read(row.objectKey).orElseThrow(() -> new ApiException(ProblemCode.EXPORT_EXPIRED, "This export is no longer stored. Create a new one."));
            audit.append(new AuditEvent(reader, "subject.export.downloaded", subjectId.toString(), null, AuditOutcome.OK,
                    Map.of("exportId", exportId.toString())));
            return document;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Export " + exportId + " does not decrypt for its own binding", e);
        }
    }

    @Transactional
    DataExport find(UUID subjectId, UUID exportId) {
        DataExport row = DataExport.findById(exportId);
        if (row == null || !row.subjectId.equals(subjectId)) {
            throw new ApiException(ProblemCode.EXPORT_NOT_FOUND, "There is no such export for this subject.");
        }
        return row;
    }

    /** Erasure: the packages go (they hold everything about the subject); rows stay as ids, hashes and times. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int eraseDocuments(UUID subjectId) {
        return eraseAll(DataExport.list("subjectId = ?1 and erasedAt is null", subjectId));
    }

    /** Deletes the packages of the current tenant that have passed their keep time; returns how many. */
    @Transactional
    public int purgeExpired(Instant now, int limit) {
        return eraseAll(DataExport.find("erasedAt is null and expiresAt <= ?1", now).page(0, limit).list());
    }

    private int eraseAll(List<DataExport> rows) {
        Instant now = Instant.now();
        for (DataExport row : rows) {
            objects.delete(row.objectKey);
            row.erasedAt = now;
        }
        return rows.size();
    }

    private byte[] serialise(Map<String, Object> document) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise the export", e);
        }
    }
}
