package io.consentry.core.engine;

import io.consentry.face.AttributeAuthority;
import io.consentry.face.FaceEngine;
import io.consentry.face.pack.ModelPack;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model pack this replica works with, and its face engine. Production reads {@code consentry.engine.pack-dir}
 * once (changing the pack is a configuration change and a restart, followed by a template migration).
 * <p>
 * {@link #use(Path)} switches the pack inside a running JVM. It exists so that the migration test can enrol under
 * one pack and migrate under another against the same database, which is exactly what a restart with a new
 * configuration does; no endpoint exposes it. Engines are kept until shutdown rather than closed on a switch, because
 * a request that started before the switch may still be inside the old engine's native networks.
 */
@ApplicationScoped
public class CurrentEngine {

    private static final Logger LOG = Logger.getLogger(CurrentEngine.class);

    private final Optional<String> configuredDir;
    private final Event<EngineChanged> changed;
    private final io.consentry.face.EngineConfig config;

    /**
     * The image limits are the api's, not the engine library's defaults (36 megapixels): a camera frame or a selfie
     * needs far fewer, and every pixel accepted is native memory (see {@link DecodeBudget}). Checked from the header,
     * before any decoding.
     */
    CurrentEngine(@ConfigProperty(name = "consentry.engine.pack-dir") Optional<String> configuredDir,
                  Event<EngineChanged> changed,
                  @ConfigProperty(name = "consentry.engine.max-pixels", defaultValue = "12000000") long maxPixels,
                  @ConfigProperty(name = "consentry.engine.max-dimension", defaultValue = "6000") int maxDimension,
                  @ConfigProperty(name = "consentry.engine.max-image-bytes", defaultValue = "16777216") int maxBytes) {
        this.configuredDir = configuredDir;
        this.changed = changed;
        io.consentry.face.image.ImageLimits defaults = io.consentry.face.image.ImageLimits.defaults();
        this.config = io.consentry.face.EngineConfig.defaults().withLimits(
                new io.consentry.face.image.ImageLimits(maxBytes, maxDimension, maxPixels, defaults.minDimension()));
    }

    private record Selected(Path dir, ModelPack manifest) {
    }

    /** An engine with the attribute authority this class claimed from it as it loaded it, so nobody else can. */
    private record Loaded(FaceEngine engine, AttributeAuthority attributes) {
    }

    private Loaded load(Path dir) {
        FaceEngine engine = FaceEngine.load(dir, config);
        return new Loaded(engine, engine.claimAttributeAuthority());
    }

    private volatile Selected selected;
    private final Map<Path, Loaded> engines = new ConcurrentHashMap<>();

    /** The pack's manifest (read without loading native code or hashing the model files: cheap). */
    public ModelPack manifest() {
        return selected().manifest();
    }

    /** The id recorded in templates made by this pack; templates with another id are stale. */
    public String packId() {
        return manifest().id();
    }

    /**
     * The score threshold of the pack's strictest calibrated operating point (its smallest false-accept rate): the
     * bar a live face must clear to count as the subject's own when something is done in their name (a template added,
     * the engine view of one's own face, attribute analysis).
     */
    public float strictestThreshold() {
        var thresholds = manifest().farThresholds();
        if (thresholds.isEmpty()) {
            throw new IllegalStateException("The model pack " + packId() + " has no calibrated thresholds");
        }
        return thresholds.firstEntry().getValue();
    }

    public Path packDir() {
        return selected().dir();
    }

    /** The engine of the current pack, loaded (and SHA-256-verified) on first use. */
    public FaceEngine engine() {
        return loaded().engine();
    }

    /**
     * The current engine's attribute authority: whoever holds it can have attributes estimated. For the consent
     * enforcement point only ({@code ConsentGuard}, enforced by an architecture rule), which grants one verified face
     * of one consenting subject at a time.
     */
    public AttributeAuthority attributeAuthority() {
        return loaded().attributes();
    }

    /**
     * Closes the attribute models of every loaded engine (they open again on the next granted estimate); returns
     * whether any were open.
     */
    public boolean unloadAttributeModels() {
        boolean any = false;
        for (Loaded l : engines.values()) {
            any |= l.engine().unloadAttributeModels();
        }
        return any;
    }

    /** Whether the current engine has its attribute models in memory (loaded engines only; never loads one). */
    public boolean attributeModelsLoaded() {
        Selected s = selected;
        Loaded l = s == null ? null : engines.get(s.dir());
        return l != null && l.engine().attributeModelsLoaded();
    }

    private Loaded loaded() {
        Path dir = selected().dir();
        return engines.computeIfAbsent(dir, d -> {
            LOG.infof("Loading face engine model pack from %s", d);
            return load(d);
        });
    }

    /**
     * Switches this JVM to the pack in {@code dir} (tests; see the class comment). The engine is loaded and verified
     * first, so a bad pack leaves the current one in place. Listeners (the 1:N galleries) drop what they built.
     */
    public synchronized void use(Path dir) {
        Path normalised = dir.toAbsolutePath().normalize();
        FaceEngine engine = engines.computeIfAbsent(normalised, this::load).engine();
        String previous = selected == null ? null : selected.manifest().id();
        selected = new Selected(normalised, engine.pack());
        LOG.infof("Model pack switched from %s to %s", previous, engine.pack().id());
        changed.fire(new EngineChanged(previous, engine.pack().id()));
    }

    private Selected selected() {
        Selected s = selected;
        if (s == null) {
            synchronized (this) {
                if (selected == null) {
                    Path dir = configuredDir.filter(p -> !p.isBlank()).map(Path::of).orElseGet(FaceEngine::defaultPackDir)
                            .toAbsolutePath().normalize();
                    selected = new Selected(dir, ModelPack.load(dir, false));
                }
                s = selected;
            }
        }
        return s;
    }

    @PreDestroy
    void close() {
        engines.values().forEach(l -> l.engine().close());
        engines.clear();
    }
}
