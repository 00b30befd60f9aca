package io.consentry.face.convert;

import io.consentry.face.npm.NpmTarball;
import io.consentry.face.npm.Sha256;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Build-time converter: dlib's ResNet face descriptor as shipped (tfjs weights) in the npm package
 * {@code @vladmandic/face-api@1.7.15} to an ONNX graph that OpenCV 4.9 DNN loads.
 *
 * <p>Reads {@code package/model/face_recognition_model-weights_manifest.json} and its binary
 * shard from the npm tarball (SHA-256 pinned), de-quantises uint8 tensors
 * ({@code value = q * scale + min}), folds each conv's bias and per-channel scale layer into the
 * conv ({@code W' = W * s}, {@code b' = b * s + c}), and writes:
 * <pre>
 *   input [1,3,150,150] RGB, (x - mean_rgb) / 255
 *   Conv 7x7/2 valid, Relu, MaxPool 3x3/2
 *   residual x3 (32), down + residual x3 (64), down + residual x2 (128), down + residual x2 (256), down (256)
 *     residual: Relu(Conv3x3(Relu(Conv3x3(x))) + x)
 *     down:     Relu(Pad?(Conv3x3(Relu(Conv3x3/2 valid(x)))) + shortcut(x))
 *               shortcut = 2x2/2 average pool + zero channels, as one fixed 2x2/2 Conv
 *               Pad (bottom/right zero row+column) where the strided conv is one smaller than the pool
 *   GlobalAveragePool, Flatten, Gemm (256 x 128)  -> "descriptor" [1,128], not normalised
 * </pre>
 * (33 Conv, 29 Relu, 14 Add, 2 Pad, MaxPool, GlobalAveragePool, Flatten, Gemm.) The conversion is
 * deterministic; the build pins the produced file's SHA-256.
 *
 * <p>Usage: {@code FaceApiConverter TARBALL OUT.onnx TARBALL_SHA256 ONNX_SHA256|-}
 */
public final class FaceApiConverter {
    public static final String MANIFEST = "package/model/face_recognition_model-weights_manifest.json";
    public static final String SHARD_DIR = "package/model/";
    /** face-api's mean RGB (subtracted before dividing by 255). */
    public static final double[] MEAN_RGB = {122.782, 117.001, 104.298};
    public static final int INPUT = 150;

    private FaceApiConverter() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: FaceApiConverter TARBALL OUT.onnx TARBALL_SHA256 ONNX_SHA256|-");
            System.exit(2);
        }
        Path tarball = Path.of(args[0]);
        Path out = Path.of(args[1]);
        NpmTarball source = new NpmTarball(tarball);
        String tarSha = source.sha256();
        if (!tarSha.equals(args[2])) {
            throw new IllegalStateException("SHA-256 MISMATCH for " + tarball + ": expected " + args[2] + ", found " + tarSha
                    + ". Refusing to convert (delete the file to re-fetch).");
        }
        byte[] onnx = convert(source);
        String sha = Sha256.of(onnx);
        if (!"-".equals(args[3]) && !sha.equals(args[3])) {
            throw new IllegalStateException("SHA-256 MISMATCH for the converted model: expected " + args[3] + ", produced " + sha
                    + " (converter or input changed)");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.write(tmp, onnx);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("[face-engine] converted face-api recogniser -> " + out + " (" + onnx.length + " bytes, sha256 " + sha + ")");
    }

    /** The ONNX bytes for the face-api recogniser in {@code tarball}. */
    public static byte[] convert(NpmTarball tarball) throws IOException {
        Map<String, byte[]> files = tarball.read(Set.of(MANIFEST));
        Object json = Json.parse(new String(files.get(MANIFEST), java.nio.charset.StandardCharsets.UTF_8));
        List<?> groups = (List<?>) json;
        Map<String, float[]> w = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Object go : groups) {
            Map<?, ?> g = (Map<?, ?>) go;
            List<?> paths = (List<?>) g.get("paths");
            Set<String> want = new java.util.HashSet<>();
            for (Object p : paths) {
                want.add(SHARD_DIR + p);
            }
            Map<String, byte[]> shards = tarball.read(want);
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (Object p : paths) {
                byte[] b = shards.get(SHARD_DIR + p);
                if (b == null) {
                    throw new IllegalStateException("weight shard missing in tarball: " + p);
                }
                all.writeBytes(b);
            }
            ByteBuffer buf = ByteBuffer.wrap(all.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (Object wo : (List<?>) g.get("weights")) {
                Map<?, ?> spec = (Map<?, ?>) wo;
                String name = (String) spec.get("name");
                List<?> shp = (List<?>) spec.get("shape");
                long[] dims = new long[shp.size()];
                int n = 1;
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = ((Number) shp.get(i)).longValue();
                    n *= (int) dims[i];
                }
                if (!"float32".equals(spec.get("dtype"))) {
                    throw new IllegalStateException(name + ": unsupported dtype " + spec.get("dtype"));
                }
                float[] v = new float[n];
                Map<?, ?> q = (Map<?, ?>) spec.get("quantization");
                if (q == null) {
                    for (int i = 0; i < n; i++) {
                        v[i] = buf.getFloat();
                    }
                } else if ("uint8".equals(q.get("dtype"))) {
                    double scale = ((Number) q.get("scale")).doubleValue();
                    double min = ((Number) q.get("min")).doubleValue();
                    for (int i = 0; i < n; i++) {
                        v[i] = (float) ((buf.get() & 0xFF) * scale + min);
                    }
                } else {
                    throw new IllegalStateException(name + ": unsupported quantisation " + q.get("dtype"));
                }
                w.put(name, v);
                shapes.put(name, dims);
            }
            if (buf.hasRemaining()) {
                throw new IllegalStateException("weight shard has " + buf.remaining() + " unread bytes");
            }
        }
        return new Builder(w, shapes).build();
    }

    private static final class Builder {
        final Map<String, float[]> w;
        final Map<String, long[]> shapes;
        final Onnx g = new Onnx();
        final Set<String> used = new java.util.HashSet<>();

        Builder(Map<String, float[]> w, Map<String, long[]> shapes) {
            this.w = w;
            this.shapes = shapes;
        }

        float[] take(String name) {
            float[] v = w.get(name);
            if (v == null) {
                throw new IllegalStateException("weight missing: " + name);
            }
            used.add(name);
            return v;
        }

        /** conv + bias + scale layer folded; tfjs filters [kh, kw, in, out] -> ONNX [out, in, kh, kw]. */
        String conv(String x, String p, int stride, boolean same, boolean relu) {
            float[] f = take(p + "/conv/filters");
            long[] s = shapes.get(p + "/conv/filters");
            int kh = (int) s[0], kw = (int) s[1], cin = (int) s[2], cout = (int) s[3];
            float[] b = take(p + "/conv/bias");
            float[] sw = take(p + "/scale/weights");
            float[] sb = take(p + "/scale/biases");
            float[] wo = new float[cout * cin * kh * kw];
            for (int h = 0; h < kh; h++) {
                for (int ww = 0; ww < kw; ww++) {
                    for (int i = 0; i < cin; i++) {
                        for (int o = 0; o < cout; o++) {
                            wo[((o * cin + i) * kh + h) * kw + ww] = f[((h * kw + ww) * cin + i) * cout + o] * sw[o];
                        }
                    }
                }
            }
            float[] bo = new float[cout];
            for (int o = 0; o < cout; o++) {
                bo[o] = b[o] * sw[o] + sb[o];
            }
            String wn = g.floats(p + "/W", new long[] {cout, cin, kh, kw}, wo);
            String bn = g.floats(p + "/B", new long[] {cout}, bo);
            int pad = same ? (kh - 1) / 2 : 0;
            String y = g.node("Conv", List.of(x, wn, bn), Onnx.intsAttr("kernel_shape", kh, kw),
                    Onnx.intsAttr("strides", stride, stride), Onnx.intsAttr("pads", pad, pad, pad, pad));
            return relu ? g.node("Relu", List.of(y)) : y;
        }

        String residual(String x, String p) {
            String a = conv(x, p + "/conv1", 1, true, true);
            String b = conv(a, p + "/conv2", 1, true, false);
            return g.node("Relu", List.of(g.node("Add", List.of(b, x))));
        }

        String residualDown(String x, String p, int cin, int size) {
            String a = conv(x, p + "/conv1", 2, false, true);
            String b = conv(a, p + "/conv2", 1, true, false);
            int cout = (int) shapes.get(p + "/conv2/conv/filters")[3];
            int convOut = (size - 3) / 2 + 1;
            int pooled = size / 2;
            if (convOut != pooled) {
                if (convOut + 1 != pooled) {
                    throw new IllegalStateException(p + ": unexpected sizes " + convOut + " / " + pooled);
                }
                String pads = g.int64s(p + "/pads", new long[] {0, 0, 0, 0, 0, 0, 1, 1});
                b = g.node("Pad", List.of(b, pads), new Proto().string(1, "mode").bytes(4, "constant".getBytes(java.nio.charset.StandardCharsets.UTF_8)).varint(20, 3));
            }
            // avg-pool 2x2/2 plus zero channels == a fixed 2x2/2 convolution
            float[] k = new float[cout * cin * 4];
            for (int c = 0; c < cin; c++) {
                for (int t = 0; t < 4; t++) {
                    k[(c * cin + c) * 4 + t] = 0.25f;
                }
            }
            String kn = g.floats(p + "/shortcut", new long[] {cout, cin, 2, 2}, k);
            String sc = g.node("Conv", List.of(x, kn), Onnx.intsAttr("kernel_shape", 2, 2), Onnx.intsAttr("strides", 2, 2),
                    Onnx.intsAttr("pads", 0, 0, 0, 0));
            return g.node("Relu", List.of(g.node("Add", List.of(b, sc))));
        }

        byte[] build() {
            g.input("input", 1, 3, INPUT, INPUT);
            String x = conv("input", "conv32_down", 2, false, true);          // 150 -> 72
            x = g.node("MaxPool", List.of(x), Onnx.intsAttr("kernel_shape", 3, 3), Onnx.intsAttr("strides", 2, 2),
                    Onnx.intsAttr("pads", 0, 0, 0, 0));                         // -> 35
            x = residual(x, "conv32_1");
            x = residual(x, "conv32_2");
            x = residual(x, "conv32_3");
            x = residualDown(x, "conv64_down", 32, 35);                        // -> 17
            x = residual(x, "conv64_1");
            x = residual(x, "conv64_2");
            x = residual(x, "conv64_3");
            x = residualDown(x, "conv128_down", 64, 17);                       // -> 8
            x = residual(x, "conv128_1");
            x = residual(x, "conv128_2");
            x = residualDown(x, "conv256_down", 128, 8);                       // -> 3, padded to 4
            x = residual(x, "conv256_1");
            x = residual(x, "conv256_2");
            x = residualDown(x, "conv256_down_out", 256, 4);                   // -> 1, padded to 2
            x = g.node("GlobalAveragePool", List.of(x));
            x = g.node("Flatten", List.of(x), Onnx.intAttr("axis", 1));
            float[] fc = take("fc");
            long[] fs = shapes.get("fc");
            String fcn = g.floats("fc/W", fs, fc);
            String fcb = g.floats("fc/B", new long[] {fs[1]}, new float[(int) fs[1]]);
            g.nodeOut("Gemm", List.of(x, fcn, fcb), "descriptor");
            g.output("descriptor", 1, fs[1]);
            List<String> unused = new ArrayList<>(w.keySet());
            unused.removeAll(used);
            if (!unused.isEmpty()) {
                throw new IllegalStateException("unused weights: " + unused);
            }
            return g.model("face_api_recognition", "consentry-face-engine FaceApiConverter", 11);
        }
    }
}
