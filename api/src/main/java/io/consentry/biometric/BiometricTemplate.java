package io.consentry.biometric;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A face template, stored only as tenant-AEAD ciphertext bound to tenant, subject and template id. */
@Entity
@Table(name = "biometric_template")
public class BiometricTemplate extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    @Column(nullable = false)
    public byte[] ciphertext;

    /** The Tink key id that encrypted it (progress of a key rotation). */
    @Column(name = "key_id", nullable = false)
    public long keyId;

    @Column(name = "pack_id", nullable = false)
    public String packId;

    @Column(nullable = false)
    public float quality;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Set when the model migration rebuilt this template from the retained photo: the pack it replaced. */
    @Column(name = "rebuilt_from_pack")
    public String rebuiltFromPack;

    @Column(name = "rebuilt_at")
    public Instant rebuiltAt;
}
