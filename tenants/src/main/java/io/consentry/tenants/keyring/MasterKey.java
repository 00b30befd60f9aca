package io.consentry.tenants.keyring;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClients;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * The platform master key: an AEAD that wraps every tenant keyset and nothing else.
 * Production mounts it from a Kubernetes Secret as a Tink keyset file; local runs generate one on first start.
 */
@ApplicationScoped
@Startup
public class MasterKey {

    private static final Logger LOG = Logger.getLogger(MasterKey.class);

    @ConfigProperty(name = "consentry.master-key.keyset-file")
    Optional<String> keysetFile;

    @ConfigProperty(name = "consentry.master-key.generate-if-missing", defaultValue = "false")
    boolean generateIfMissing;

    /** A Tink KMS key URI (e.g. aws-kms://…, gcp-kms://…); takes precedence over the keyset file. */
    @ConfigProperty(name = "consentry.master-key.kms-uri")
    Optional<String> kmsUri;

    private Aead aead;

    @PostConstruct
    void load() {
        if (kmsUri.filter(s -> !s.isBlank()).isPresent()) {
            aead = fromKms(kmsUri.get());
            return;
        }
        Path file = keysetFile.filter(s -> !s.isBlank()).map(Path::of)
                .orElseThrow(() -> new IllegalStateException(
                        "No platform master key: set consentry.master-key.keyset-file (env CONSENTRY_MASTER_KEY_KEYSET_FILE) "
                                + "to a Tink keyset file, e.g. mounted from a Kubernetes Secret."));
        try {
            AeadConfig.register();
            if (!Files.exists(file)) {
                if (!generateIfMissing) {
                    throw new IllegalStateException("The platform master key file " + file + " does not exist. "
                            + "Mount it, or set consentry.master-key.generate-if-missing=true for a local run.");
                }
                generate(file);
            }
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get());
            aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The platform master key file " + file + " is not a valid Tink AEAD keyset", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the platform master key file " + file, e);
        }
    }

    private static Aead fromKms(String uri) {
        try {
            AeadConfig.register();
            return KmsClients.get(uri).getAead(uri);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master key KMS URI " + uri + " cannot be used: " + e.getMessage()
                    + ". This build registers no KMS client for that scheme; mount a keyset file instead "
                    + "(consentry.master-key.keyset-file).", e);
        }
    }

    private static void generate(Path file) throws GeneralSecurityException, IOException {
        KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: nothing more we can restrict.
        }
        LOG.infof("Generated a new platform master key at %s (local run)", file);
    }

    public Aead aead() {
        return aead;
    }
}
