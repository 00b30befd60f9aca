package io.consentry.engine;

import io.consentry.face.FaceEngine;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The one face engine of this JVM (it is thread-safe and holds pools of native networks, so one is enough).
 * Loaded lazily on first use: the pack is SHA-256-verified at load, which takes a moment.
 */
public class EngineProducer {

    private static final Logger LOG = Logger.getLogger(EngineProducer.class);

    @ConfigProperty(name = "consentry.engine.pack-dir")
    Optional<String> packDir;

    @Produces
    @Singleton
    FaceEngine faceEngine() {
        Path dir = packDir.filter(s -> !s.isBlank()).map(Path::of).orElseGet(FaceEngine::defaultPackDir);
        LOG.infof("Loading face engine model pack from %s", dir);
        return FaceEngine.load(dir);
    }

    void close(@Disposes FaceEngine engine) {
        engine.close();
    }
}
