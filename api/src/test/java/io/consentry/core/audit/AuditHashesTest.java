package io.consentry.core.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit chain's hash: stable for the same entry, different for any change, unambiguous in how fields are joined. */
class AuditHashesTest {

    private static final byte[] PREVIOUS = new byte[32];

    @Test
    void theSameEntryHashesTheSameAndDetailsOrderDoesNotMatter() {
        AuditEntry a = entry(e -> e.details = ordered("b", "2", "a", "1"));
        AuditEntry b = entry(e -> e.details = ordered("a", "1", "b", "2"));
        assertThat(AuditHashes.hash(PREVIOUS, a)).hasSize(32).isEqualTo(AuditHashes.hash(PREVIOUS, b));
    }

    @Test
    void changingAnyFieldOrThePreviousHashChangesTheHash() {
        byte[] base = AuditHashes.hash(PREVIOUS, entry(e -> { }));
        assertThat(AuditHashes.hash(new byte[] {1}, entry(e -> { }))).isNotEqualTo(base);
        assertThat(AuditHashes.hash(PREVIOUS, entry(e -> e.seq = 8))).isNotEqualTo(base);
        assertThat(AuditHashes.hash(PREVIOUS, entry(e -> e.occurredAt = e.occurredAt.plusNanos(1000)))).isNotEqualTo(base);
        assertThat(AuditHashes.hash(PREVIOUS, entry(e -> e.actorType = ActorType.DEVICE))).isNotEqualTo(base);
        assertThat(AuditHashes.hash(PREVIOUS, entry(e -> e.actorId = "mallory"))).isNotEqualTo(base);
        assertThat(AuditHashes.hash(PREVIOUS, entry(e -> e.action = "consent.withdrawn"))).isNotEqualTo(base);
        assertThat(AuditHashes.hash(PREVIOUS, entry(e -> e.outcome = "GRANTED"))).isNotEqualTo(base);
        assertThat(AuditHashes.hash(PREVIOUS, entry(e -> e.purpose = "lobby"))).isNotEqualTo(base);
        assertThat(AuditHashes.hash(PREVIOUS, entry(e -> e.details = Map.of("x", "2")))).isNotEqualTo(base);
    }

    @Test
    void fieldBoundariesAndNullsCannotBeShifted() {
        // "ab" + "c" and "a" + "bc" would collide if fields were simply concatenated.
        byte[] one = AuditHashes.hash(PREVIOUS, entry(e -> { e.action = "ab"; e.subjectRef = "c"; }));
        byte[] two = AuditHashes.hash(PREVIOUS, entry(e -> { e.action = "a"; e.subjectRef = "bc"; }));
        assertThat(one).isNotEqualTo(two);
        // A missing purpose and an empty one are different facts.
        assertThat(AuditHashes.hash(PREVIOUS, entry(e -> e.purpose = null)))
                .isNotEqualTo(AuditHashes.hash(PREVIOUS, entry(e -> e.purpose = "")));
    }

    private static AuditEntry entry(Consumer<AuditEntry> change) {
        AuditEntry e = new AuditEntry();
        e.seq = 7;
        e.id = UUID.fromString("00000000-0000-0000-0000-000000000007");
        e.occurredAt = Instant.parse("2026-11-30T10:00:00.123456Z");
        e.actorType = ActorType.USER;
        e.actorId = "admin";
        e.action = "consent.granted";
        e.subjectRef = "s-1";
        e.purpose = "gate";
        e.outcome = AuditOutcome.OK;
        e.details = Map.of("x", "1");
        change.accept(e);
        return e;
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
