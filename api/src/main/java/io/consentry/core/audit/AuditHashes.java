package io.consentry.core.audit;

import io.consentry.core.crypto.Sha256;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chain: hash(entry) = SHA-256(previous hash ‖ every field, each length-prefixed so that no two different
 * entries serialise alike). Details are hashed in key order, so storage order cannot change the hash.
 */
final class AuditHashes {

    static final byte[] GENESIS = new byte[32];

    private AuditHashes() {
    }

    static byte[] hash(byte[] previous, AuditEntry entry) {
        MessageDigest sha = sha256();
        sha.update(previous);
        field(sha, Long.toString(entry.seq));
        field(sha, entry.id.toString());
        field(sha, entry.occurredAt.toString());
        field(sha, entry.actorType.name());
        field(sha, entry.actorId);
        field(sha, entry.action);
        field(sha, entry.subjectRef);
        field(sha, entry.purpose);
        field(sha, entry.outcome);
        Map<String, String> details = new TreeMap<>(entry.details == null ? Map.of() : entry.details);
        field(sha, Integer.toString(details.size()));
        details.forEach((key, value) -> {
            field(sha, key);
            field(sha, value);
        });
        return sha.digest();
    }

    private static void field(MessageDigest sha, String value) {
        if (value == null) {
            sha.update(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        return Sha256.digest();
    }
}
