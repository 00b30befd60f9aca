package io.consentry.face.packbuild;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A pinned manifest template ({@code <pack-id>.properties} next to this class): the manifest a build writes, word for
 * word, plus the build-time keys that pin what it is built from ({@code pack.source*.sha256}, {@code model.<role>.source},
 * {@code pack.base}). The manifest format is documented in face-engine/README.md ("Model pack manifest") and read by
 * the engine's {@code io.consentry.face.pack.ModelPack}; this class reads only the keys a build needs.
 */
public final class PackTemplate {
    private final String text;
    private final Properties props;

    private PackTemplate(String text, Properties props) {
        this.text = text;
        this.props = props;
    }

    /** The template pinned in this jar for {@code packId}. */
    public static PackTemplate pinned(String packId) {
        String res = packId + ".properties";
        try (InputStream in = PackTemplate.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("no pinned manifest template " + res + " in the pack build");
            }
            return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PackTemplate of(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PackTemplate(text, p);
    }

    /** The manifest text as pinned (comments included): what the build writes as the pack's manifest. */
    public String text() {
        return text;
    }

    public String require(String key) {
        String v = props.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("pinned template lacks " + key);
        }
        return v.trim();
    }

    public String get(String key, String def) {
        return props.getProperty(key, def);
    }

    /** The roles of {@code models}, in order. */
    public List<String> roles() {
        List<String> out = new ArrayList<>();
        for (String role : require("models").split(",")) {
            if (!role.isBlank()) {
                out.add(role.trim());
            }
        }
        return out;
    }

    public String file(String role) {
        return require("model." + role + ".file");
    }

    public String sha256(String role) {
        return require("model." + role + ".sha256");
    }

    /** Path of the role's model inside the source archive ({@code model.<role>.source}). */
    public String source(String role) {
        return require("model." + role + ".source");
    }

    /** {@code pack.source.extra-files}: archive path to file name, copied unverified (licence texts, package.json). */
    public Map<String, String> extraFiles() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String extra : get("pack.source.extra-files", "").split(",")) {
            if (!extra.isBlank()) {
                String[] kv = extra.trim().split("=", 2);
                out.put(kv[0], kv[1]);
            }
        }
        return out;
    }
}
