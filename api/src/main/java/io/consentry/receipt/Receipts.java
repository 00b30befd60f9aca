package io.consentry.receipt;

import io.consentry.core.problem.ProblemCode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.CallerTenant;
import io.consentry.core.storage.ObjectVault;
import io.consentry.controller.ControllerProfile;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.StructuredNotice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Consent receipts: a JSON document with the fields of the Kantara Consent Receipt (v1.1) and ISO/IEC TS 27560,
 * signed with the tenant's Ed25519 key (detached, over the exact payload bytes), then encrypted into the tenant bucket.
 * Anyone holding the published public key verifies {@code signature} over {@code base64url-decode(payload)}.
 */
@ApplicationScoped
public class Receipts {

    private final ReceiptKeys keys;
    private final ObjectVault objects;
    private final CallerTenant caller;
    private final ObjectMapper json;
    private final ControllerProfile controllerProfile;

    Receipts(ReceiptKeys keys, ObjectVault objects, CallerTenant caller, ObjectMapper json, ControllerProfile controllerProfile) {
        this.keys = keys;
        this.objects = objects;
        this.caller = caller;
        this.json = json;
        this.controllerProfile = controllerProfile;
    }

    /**
     * What a receipt records.
     *
     * @param noticeText the notice's text in {@code language}
     * @param notice     the structured notice the subject answered, with the controller frozen into it (null for a notice
     *                   published before notices were structured: the controller profile as it stands is used)
     */
    public record Facts(UUID receiptId, UUID eventId, UUID subjectId, String subjectRef, String event, String purposeCode,
                        String purposeTitle, String purposeKind, int noticeVersion, String noticeHash, String language,
                        Instant time, Instant expiresAt, String method, String channel, String noticeText,
                        StructuredNotice notice) {
    }

    /** The signed envelope, as stored and as handed to the subject. */
    public record SignedReceipt(UUID receiptId, String payload, String signature, String alg, String kid) {
    }

    public record ReceiptSummary(UUID receiptId, UUID eventId, String documentHash, Instant createdAt) {
    }

    /** Signs and stores the receipt; returns the signed envelope as JSON (what the subject's notice carries). */
    @Transactional(Transactional.TxType.MANDATORY)
    public byte[] issue(Facts facts) {
        return issue(facts, null);
    }

    /**
     * Minors: a guardian who decided on the subject's behalf (a subject of this tenant with a contact of their own).
     * Named in the receipt so that it shows who decided, for whom.
     */
    public record OnBehalf(UUID guardianId, String guardianName) {
    }

    /** As {@link #issue(Facts)}; {@code onBehalf} names the guardian who decided for a minor (null: the subject did). */
    @Transactional(Transactional.TxType.MANDATORY)
    public byte[] issue(Facts facts, OnBehalf onBehalf) {
        Map<String, Object> doc = document(facts);
        addGuardian(doc, onBehalf);
        try {
            byte[] payload = json.writeValueAsBytes(doc);
            byte[] signature = keys.signer().sign(payload);
            ReceiptKeys.PublicKey pub = keys.publicKey();
            SignedReceipt signed = new SignedReceipt(facts.receiptId(), b64(payload), b64(signature), "EdDSA",
                    Long.toString(pub.keyId()));
            ReceiptRecord row = new ReceiptRecord();
            row.id = facts.receiptId();
            row.subjectId = facts.subjectId();
            row.eventId = facts.eventId();
            row.objectKey = "receipts/" + facts.subjectId() + "/" + facts.receiptId() + ".json.enc";
            row.documentHash = PurposeCatalog.hash(new String(payload, StandardCharsets.UTF_8));
            byte[] envelope = json.writeValueAsBytes(signed);
            row.keyId = objects.put(row.objectKey, envelope);
            row.createdAt = facts.time();
            row.persist();
            return envelope;
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not issue receipt", e);
        }
    }

    @Transactional
    public List<ReceiptSummary> list(UUID subjectId) {
        List<ReceiptRecord> rows = ReceiptRecord.list("subjectId = ?1 and erasedAt is null order by createdAt", subjectId);
        return rows.stream().map(r -> new ReceiptSummary(r.id, r.eventId, r.documentHash, r.createdAt)).toList();
    }

    /** The signed receipt of this subject (a receipt of another subject is "not found"). */
    public SignedReceipt load(UUID subjectId, UUID receiptId) {
        ReceiptRecord row = find(subjectId, receiptId);
        try {
            byte[] plain = objects.read(row.objectKey).orElseThrow(() ->
                    new ApiException(ProblemCode.RECEIPT_NOT_FOUND, "This receipt is no longer stored."));
            return json.readValue(plain, SignedReceipt.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Receipt " + receiptId + " does not decrypt", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    ReceiptRecord find(UUID subjectId, UUID receiptId) {
        ReceiptRecord row = ReceiptRecord.findById(receiptId);
        if (row == null || !row.subjectId.equals(subjectId) || row.erasedAt != null) {
            throw new ApiException(ProblemCode.RECEIPT_NOT_FOUND, "There is no such receipt.");
        }
        return row;
    }

    /** Erasure: the documents go (they name the subject); the rows stay as minimal evidence (ids, hashes, times). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int eraseDocuments(UUID subjectId) {
        List<ReceiptRecord> rows = ReceiptRecord.list("subjectId = ?1 and erasedAt is null", subjectId);
        Instant now = Instant.now();
        for (ReceiptRecord row : rows) {
            objects.delete(row.objectKey);
            row.erasedAt = now;
        }
        return rows.size();
    }

    private Map<String, Object> document(Facts f) {
        var tenant = caller.require();
        KantaraTerms.Terms terms = f.notice() != null ? KantaraTerms.of(f.notice(), f.language())
                : KantaraTerms.legacy(controllerProfile.current(), f.noticeText(), f.purposeKind());
        Map<String, Object> purpose = KantaraTerms.purpose(terms, f.purposeCode(), f.event(), f.time(), f.expiresAt(), f.language());

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", "KI-CR-v1.1.0");
        doc.put("jurisdiction", terms.controller().jurisdiction() == null ? "CN" : terms.controller().jurisdiction());
        doc.put("consentTimestamp", f.time().getEpochSecond());
        doc.put("collectionMethod", f.method());
        doc.put("consentReceiptID", f.receiptId().toString());
        doc.put("publicKey", keys.publicKey().jwk().get("x"));
        doc.put("language", f.language());
        doc.put("piiPrincipalId", f.subjectRef());
        doc.put("piiControllers", KantaraTerms.controllers(terms.controller(), tenant.slug));
        doc.put("policyUrl", terms.controller().policyUrl());
        doc.put("services", List.of(Map.of("service", f.purposeTitle(), "purposes", List.of(purpose))));
        doc.put("sensitive", true);
        doc.put("spiCat", List.of("biometric"));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("recordId", f.eventId().toString());
        record.put("state", f.event());
        record.put("noticeVersion", f.noticeVersion());
        record.put("noticeHash", "sha256:" + f.noticeHash());
        record.put("time", f.time().toString());
        if (f.expiresAt() != null) {
            record.put("expiresAt", f.expiresAt().toString());
        }
        record.put("channel", f.channel());
        record.put("method", f.method());
        doc.put("consentRecord", record);
        return doc;
    }

    /** Minors: "decidedBy" names the guardian and the subject they decided for (absent when the subject decided). */
    private static void addGuardian(Map<String, Object> doc, OnBehalf onBehalf) {
        if (onBehalf == null) {
            return;
        }
        Map<String, Object> decidedBy = new LinkedHashMap<>();
        decidedBy.put("role", "GUARDIAN");
        decidedBy.put("guardianId", onBehalf.guardianId().toString());
        decidedBy.put("guardianName", onBehalf.guardianName());
        decidedBy.put("onBehalfOf", doc.get("piiPrincipalId"));
        doc.put("decidedBy", decidedBy);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
