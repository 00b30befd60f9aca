package io.consentry.face.convert;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * face-api's own descriptor (tfjs CPU backend on Node, {@code src/test/node/face-api-reference.mjs}) of a synthetic
 * 150×150 input rebuilt here from a formula: the known output of the dlib recogniser, whatever runs it. Synthetic on
 * purpose: equivalence of two graphs needs no face, and no test photo is copied into the repository.
 */
public final class FaceApiReference {
    private FaceApiReference() {
    }

    static byte[] resource(String name) throws Exception {
        try (InputStream in = FaceApiReference.class.getResourceAsStream("/io/consentry/face/convert/" + name)) {
            return in.readAllBytes();
        }
    }

    static Map<?, ?> fixture() throws Exception {
        return (Map<?, ?>) Json.parse(new String(resource("face-api-reference.json"), StandardCharsets.UTF_8));
    }

    /** A deterministic binary PPM; the generator script reads the same bytes (see its header for the formula). */
    static byte[] syntheticInput() {
        int size = FaceApiConverter.INPUT;
        byte[] header = ("P6\n" + size + " " + size + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] ppm = java.util.Arrays.copyOf(header, header.length + size * size * 3);
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

    /** SHA-256 of the synthetic input as the fixture recorded it. */
    static String inputSha256() throws Exception {
        return (String) ((Map<?, ?>) fixture().get("input")).get("sha256");
    }

    /** The synthetic RGB input as the model's NCHW tensor: (x − mean_rgb) / 255. */
    public static float[] normalisedInput() {
        byte[] ppm = syntheticInput();
        int s = FaceApiConverter.INPUT;
        int off = ppm.length - s * s * 3;
        float[] in = new float[3 * s * s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                for (int c = 0; c < 3; c++) {
                    in[(c * s + y) * s + x] = (float) (((ppm[off + (y * s + x) * 3 + c] & 0xFF) - FaceApiConverter.MEAN_RGB[c]) / 255.0);
                }
            }
        }
        return in;
    }

    /** face-api's 128 values for that input. */
    public static float[] descriptor() throws Exception {
        List<?> expected = (List<?>) fixture().get("descriptor");
        float[] out = new float[expected.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) expected.get(i)).floatValue();
        }
        return out;
    }
}
