package io.consentry.face.pack;

import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A model pack: a directory holding {@value #MANIFEST} plus the model files it names.
 * The manifest format is documented in face-engine/README.md ("Model pack manifest").
 * Loading verifies the SHA-256 of every model file (fails with INVALID_MODEL_PACK).
 */
public final class ModelPack {
    public static final String MANIFEST = "pack.properties";
    public static final String FORMAT = "consentry-model-pack/1";

    private final Path dir;
    private final Properties props;
    private final Map<String, ModelSpec> models;

    private ModelPack(Path dir, Properties props, Map<String, ModelSpec> models) {
        this.dir = dir;
        this.props = props;
        this.models = models;
    }

    /** Loads and verifies (SHA-256 of every declared model file) a pack directory. */
    public static ModelPack load(Path dir) {
        return load(dir, true);
    }

    public static ModelPack load(Path dir, boolean verifyHashes) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw invalid("no " + MANIFEST + " in " + dir.toAbsolutePath()
                    + " (build face-engine to create the default pack, or point consentry.engine.pack-dir at a pack)");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "cannot read " + manifest, e);
        }
        return fromProperties(dir, p, verifyHashes);
    }

    static ModelPack fromProperties(Path dir, Properties p, boolean verifyHashes) {
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw invalid("manifest format must be " + FORMAT + ", found " + p.getProperty("format"));
        }
        for (String k : List.of("pack.id", "pack.version", "pack.family", "pack.licence", "models")) {
            if (p.getProperty(k, "").isBlank()) {
                throw invalid("manifest lacks " + k);
            }
        }
        Map<String, ModelSpec> models = new LinkedHashMap<>();
        for (String role : p.getProperty("models").split(",")) {
            role = role.trim();
            if (role.isEmpty()) {
                continue;
            }
            String pre = "model." + role + ".";
            String file = req(p, pre + "file");
            String sha = req(p, pre + "sha256").toLowerCase();
            if (!sha.matches("[0-9a-f]{64}")) {
                throw invalid(pre + "sha256 is not a SHA-256 hex string");
            }
            Path f = dir.resolve(file).normalize();
            if (!f.startsWith(dir.normalize())) {
                throw invalid(pre + "file escapes the pack directory");
            }
            boolean optional = Boolean.parseBoolean(p.getProperty(pre + "optional", "false"));
            if (!Files.isRegularFile(f)) {
                if (optional) {
                    continue;
                }
                throw invalid("model file missing: " + f);
            }
            if (verifyHashes) {
                String actual = sha256(f);
                if (!actual.equals(sha)) {
                    throw invalid("SHA-256 mismatch for " + f + ": expected " + sha + ", found " + actual);
                }
            }
            models.put(role, new ModelSpec(role, f, sha, p.getProperty(pre + "input", ""),
                    p.getProperty(pre + "colour", ""), p.getProperty(pre + "normalisation", ""),
                    p.getProperty(pre + "output", ""), optional));
        }
        return new ModelPack(dir, p, Collections.unmodifiableMap(models));
    }

    private static String req(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw invalid("manifest lacks " + key);
        }
        return v.trim();
    }

    static FaceEngineException invalid(String msg) {
        return new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, msg);
    }

    public static String sha256(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            return sha256(in);
        } catch (IOException e) {
            throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "cannot read " + f, e);
        }
    }

    public static String sha256(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public Path dir() {
        return dir;
    }

    public String id() {
        return props.getProperty("pack.id");
    }

    public String version() {
        return props.getProperty("pack.version");
    }

    /** Which pre/post-processing implementation drives the models, e.g. {@code faceplugin}. */
    public String family() {
        return props.getProperty("pack.family");
    }

    public String licence() {
        return props.getProperty("pack.licence");
    }

    public String provenance() {
        return props.getProperty("pack.provenance", "");
    }

    public Map<String, ModelSpec> models() {
        return models;
    }

    public ModelSpec model(String role) {
        ModelSpec m = models.get(role);
        if (m == null) {
            throw invalid("pack " + id() + " has no '" + role + "' model");
        }
        return m;
    }

    public boolean has(String role) {
        return models.containsKey(role);
    }

    public String property(String key, String def) {
        return props.getProperty(key, def);
    }

    public float floatProperty(String key, float def) {
        String v = props.getProperty(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Float.parseFloat(v.trim());
        } catch (NumberFormatException e) {
            throw invalid(key + " is not a number: " + v);
        }
    }

    /** Score fusion of a multi-recogniser pack ({@code fusion.recognisers=k}, {@code fusion.<i>.weight/mean/std}), or null. */
    public io.consentry.face.Decision.Fusion fusion() {
        String k = props.getProperty("fusion.recognisers");
        if (k == null || k.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(k.trim());
            double[] w = new double[n], mean = new double[n], std = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = Double.parseDouble(props.getProperty("fusion." + i + ".weight", "1").trim());
                mean[i] = Double.parseDouble(req(props, "fusion." + i + ".mean"));
                std[i] = Double.parseDouble(req(props, "fusion." + i + ".std"));
            }
            return new io.consentry.face.Decision.Fusion(w, mean, std);
        } catch (IllegalArgumentException e) {
            throw invalid("bad fusion parameters: " + e.getMessage());
        }
    }

    /**
     * The verification thresholds a site policy may select: target FAR to score threshold, from
     * {@code calibration.threshold.far.<far>} keys, leaving out rates marked {@code calibration.far.<far>.status=provisional}
     * (rates the calibration data cannot vouch for out of sample). Decisions built from this map can never use a
     * provisional threshold.
     */
    public TreeMap<Double, Float> farThresholds() {
        TreeMap<Double, Float> m = allFarThresholds();
        m.keySet().removeAll(provisionalFars());
        return m;
    }

    /** Every calibrated threshold, provisional ones included (for reports and charts, not for decisions). */
    public TreeMap<Double, Float> allFarThresholds() {
        TreeMap<Double, Float> m = new TreeMap<>();
        String pre = "calibration.threshold.far.";
        for (String k : props.stringPropertyNames()) {
            if (k.startsWith(pre)) {
                try {
                    m.put(Double.parseDouble(k.substring(pre.length())), Float.parseFloat(props.getProperty(k).trim()));
                } catch (NumberFormatException e) {
                    throw invalid("bad calibration key " + k);
                }
            }
        }
        return m;
    }

    /** Rates marked {@code calibration.far.<far>.status=provisional}. */
    public java.util.TreeSet<Double> provisionalFars() {
        java.util.TreeSet<Double> out = new java.util.TreeSet<>();
        for (Double far : allFarThresholds().keySet()) {
            String status = farProperty(far, "status");
            if (status != null && !status.isBlank()) {
                switch (status.trim()) {
                    case "provisional" -> out.add(far);
                    case "selectable" -> { }
                    default -> throw invalid("calibration.far." + far + ".status must be selectable or provisional, found " + status);
                }
            }
        }
        return out;
    }

    /** The evidence line behind a calibrated rate ({@code calibration.far.<far>.evidence}), or empty. */
    public String farEvidence(double far) {
        String e = farProperty(far, "evidence");
        return e == null ? "" : e.trim();
    }

    /** {@code calibration.far.<far>.<suffix>} for the key spelling used in the manifest (e.g. 0.00001 or 1e-5). */
    private String farProperty(double far, String suffix) {
        for (String k : props.stringPropertyNames()) {
            if (k.startsWith("calibration.far.") && k.endsWith("." + suffix)) {
                String rate = k.substring("calibration.far.".length(), k.length() - suffix.length() - 1);
                try {
                    if (Double.parseDouble(rate) == far) {
                        return props.getProperty(k);
                    }
                } catch (NumberFormatException e) {
                    throw invalid("bad calibration key " + k);
                }
            }
        }
        return null;
    }

    /** Names the calibration decisions record ({@code calibration.id}, else pack id and the calibration data's date). */
    public String calibrationId() {
        String id = props.getProperty("calibration.id");
        return id == null || id.isBlank() ? id() + "/" + version() : id.trim();
    }

    /** The open-set 1:N calibration ({@code identification.*}), or one that answers "not calibrated". */
    public io.consentry.face.IdentificationCalibration identificationCalibration() {
        try {
            return io.consentry.face.IdentificationCalibration.parse(id(), props::getProperty, props.stringPropertyNames());
        } catch (IllegalArgumentException e) {
            throw invalid("bad identification calibration: " + e.getMessage());
        }
    }

    public List<String> keys() {
        return new ArrayList<>(new TreeMap<>(props).keySet().stream().map(Object::toString).toList());
    }
}
