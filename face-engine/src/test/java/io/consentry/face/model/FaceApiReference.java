package io.consentry.face.model;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * face-api's own descriptor (tfjs CPU backend on Node, {@code src/test/node/face-api-reference.mjs}) of a synthetic
 * 150×150 input rebuilt here from a formula: the known output of the dlib recogniser, whatever runs it. Synthetic on
 * purpose: equivalence of two graphs needs no face, and no test photo is copied into the repository.
 */
final class FaceApiReference {
    private FaceApiReference() {
    }

    /**
     * The fixture's text. Its two values are read with patterns rather than a JSON library: the file is generated
     * once and committed, and the engine has no JSON dependency to lend its tests.
     */
    static String fixture() throws Exception {
        try (InputStream in = FaceApiReference.class.getResourceAsStream("face-api-reference.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String group(String regex) throws Exception {
        Matcher m = Pattern.compile(regex).matcher(fixture());
        if (!m.find()) {
            throw new IllegalStateException("face-api-reference.json lacks " + regex);
        }
        return m.group(1);
    }

    /** A deterministic binary PPM; the generator script reads the same bytes (see its header for the formula). */
    static byte[] syntheticInput() {
        int size = DlibRecogniser.INPUT.width();
        byte[] header = ("P6\n" + size + " " + size + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] ppm = Arrays.copyOf(header, header.length + size * size * 3);
        int i = header.length;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    ppm[i++] = (byte) ((x * 7 + y * 13 + c * 101 + (x * y) / 16) % 256);
                }
            }
        }
        return ppm;
    }

    /** SHA-256 of the synthetic input as the fixture recorded it ({@code input.sha256}). */
    static String inputSha256() throws Exception {
        return group("\"input\"\\s*:\\s*\\{[^}]*\"sha256\"\\s*:\\s*\"([0-9a-f]{64})\"");
    }

    /** The synthetic RGB input as the model's NCHW tensor: (x − mean_rgb) / 255 with the recogniser's mean. */
    static float[] normalisedInput() {
        byte[] ppm = syntheticInput();
        int s = DlibRecogniser.INPUT.width();
        double[] mean = DlibRecogniser.MEAN_RGB.val;
        int off = ppm.length - s * s * 3;
        float[] in = new float[3 * s * s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                for (int c = 0; c < 3; c++) {
                    in[(c * s + y) * s + x] = (float) (((ppm[off + (y * s + x) * 3 + c] & 0xFF) - mean[c]) / 255.0);
                }
            }
        }
        return in;
    }

    /** face-api's 128 values for that input ({@code descriptor}). */
    static float[] descriptor() throws Exception {
        String[] values = group("\"descriptor\"\\s*:\\s*\\[([^\\]]*)\\]").split(",");
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.parseFloat(values[i].trim());
        }
        return out;
    }
}
