package io.consentry.tenants.keyring;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's own keys (not any tenant's), one Tink keyset per purpose, stored in the platform schema wrapped by the
 * {@link MasterKey} and bound to their purpose. Every replica uses the same ones: the first to need a key makes it
 * ({@code INSERT … ON CONFLICT DO NOTHING}) and everyone reads back the one that won.
 */
@ApplicationScoped
public class PlatformKeys {

    /** What each key is for, and its kind. */
    public enum Purpose {
        /** Encrypts the console's sign-in state and session cookies' contents (AES-256-GCM). */
        CONSOLE_STATE(PredefinedAeadParameters.AES256_GCM),
        /** Signs audit checkpoints (Ed25519, raw signatures). */
        AUDIT_CHECKPOINT(PredefinedSignatureParameters.ED25519WithRawOutput),
        /** Derives stable decoys for public answers that must not reveal what exists (HMAC-SHA256). */
        DECOYS(PredefinedMacParameters.HMAC_SHA256_256BITTAG);

        final Parameters parameters;

        Purpose(Parameters parameters) {
            this.parameters = parameters;
        }

        String id() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** A public-key purpose's public half: the Tink keyset in JSON and the key id. */
    public record PublicHalf(String tinkPublicKeyset, long keyId) {
    }

    private final MasterKey masterKey;
    private final AgroalDataSource dataSource;
    private final Map<Purpose, KeysetHandle> cache = new ConcurrentHashMap<>();

    PlatformKeys(MasterKey masterKey, AgroalDataSource dataSource) {
        this.masterKey = masterKey;
        this.dataSource = dataSource;
        try {
            AeadConfig.register();
            SignatureConfig.register();
            MacConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Aead consoleState() {
        return primitive(Purpose.CONSOLE_STATE, Aead.class);
    }

    public PublicKeySign checkpointSigner() {
        return primitive(Purpose.AUDIT_CHECKPOINT, PublicKeySign.class);
    }

    public PublicKeyVerify checkpointVerifier() {
        try {
            return handle(Purpose.AUDIT_CHECKPOINT).getPublicKeysetHandle().getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The audit checkpoint key has no usable public half", e);
        }
    }

    public PublicHalf checkpointPublicKey() {
        try {
            KeysetHandle handle = handle(Purpose.AUDIT_CHECKPOINT);
            return new PublicHalf(TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(handle.getPublicKeysetHandle()),
                    handle.getPrimary().getId() & 0xffffffffL);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Mac decoys() {
        return primitive(Purpose.DECOYS, Mac.class);
    }

    private <P> P primitive(Purpose purpose, Class<P> type) {
        try {
            return handle(purpose).getPrimitive(RegistryConfiguration.get(), type);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The platform key for " + purpose.id() + " is unusable", e);
        }
    }

    private KeysetHandle handle(Purpose purpose) {
        return cache.computeIfAbsent(purpose, p -> QuarkusTransaction.requiringNew().call(() -> loadOrCreate(p)));
    }

    private KeysetHandle loadOrCreate(Purpose purpose) throws SQLException, GeneralSecurityException {
        try (Connection connection = dataSource.getConnection()) {
            byte[] wrapped = read(connection, purpose);
            if (wrapped == null) {
                KeysetHandle fresh = KeysetHandle.generateNew(purpose.parameters);
                String publicKeyset = purpose == Purpose.AUDIT_CHECKPOINT
                        ? TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(fresh.getPublicKeysetHandle()) : null;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO platform.platform_key "
                        + "(purpose, wrapped_keyset, public_keyset, key_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (purpose) DO NOTHING")) {
                    insert.setString(1, purpose.id());
                    insert.setBytes(2, TinkProtoKeysetFormat.serializeEncryptedKeyset(fresh, masterKey.aead(), associatedData(purpose)));
                    insert.setString(3, publicKeyset);
                    insert.setLong(4, fresh.getPrimary().getId() & 0xffffffffL);
                    insert.setTimestamp(5, Timestamp.from(Instant.now()));
                    insert.executeUpdate();
                }
                wrapped = read(connection, purpose); // the one that won, if another replica was faster
            }
            return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, masterKey.aead(), associatedData(purpose));
        }
    }

    private static byte[] read(Connection connection, Purpose purpose) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT wrapped_keyset FROM platform.platform_key WHERE purpose = ?")) {
            query.setString(1, purpose.id());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getBytes(1) : null;
            }
        }
    }

    private static byte[] associatedData(Purpose purpose) {
        return ("consentry/platform-key/" + purpose.id()).getBytes(StandardCharsets.UTF_8);
    }
}
