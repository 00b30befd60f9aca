package io.consentry.face.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pool of ONNX Runtime sessions of one model, each with its own direct input buffer.
 *
 * <p>Native memory per call is released deterministically: the input tensor wraps the session's preallocated
 * direct buffer (no copy, nothing left to the garbage collector), the blob is copied into it natively by OpenCV,
 * and the input tensor and the result (the output tensors) are closed before the call returns. What remains is
 * ONNX Runtime's own arena, which grows to the largest call once and is then reused.
 *
 * <p>A session is pooled rather than shared because the input buffer is per caller; ONNX Runtime would allow
 * concurrent {@code run}s on one session, at the cost of a buffer per call.
 */
final class OrtRunner implements ModelRunner {
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final Path model;
    private final List<String> outputs;
    private final Set<String> outputSet;
    private final int maxBatch;
    private final InstancePool<Slot> pool;

    OrtRunner(OrtEnvironment env, OrtSession.SessionOptions options, Path model, List<String> outputs, int maxBatch,
              int poolSize) {
        this.env = env;
        this.options = options;
        this.model = model;
        this.outputs = List.copyOf(outputs);
        this.outputSet = new LinkedHashSet<>(outputs);
        this.maxBatch = Math.max(1, maxBatch);
        byte[] graph = graph(model, this.maxBatch);
        try {
            this.pool = new InstancePool<>(() -> new Slot(graph), Slot::close, poolSize);
        } catch (RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /** The model bytes; with a batch above 1 the graph's fixed batch dimension of 1 is made symbolic. */
    private static byte[] graph(Path model, int maxBatch) {
        try {
            byte[] bytes = Files.readAllBytes(model);
            return maxBatch > 1 ? OnnxBatchDimension.symbolic(bytes) : bytes;
        } catch (IOException | IllegalArgumentException e) {
            throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "cannot read " + model + ": " + e.getMessage(), e);
        }
    }

    /** One session, its input name and shape, and the direct buffer its input tensors wrap. */
    private final class Slot implements AutoCloseable {
        final OrtSession session;
        final String input;
        /** input shape without the batch dimension */
        final long[] sample;
        final long sampleSize;
        final ByteBuffer buffer;

        Slot(byte[] graph) {
            try {
                session = env.createSession(graph, options);
            } catch (OrtException e) {
                throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "ONNX Runtime could not load " + model + ": "
                        + e.getMessage(), e);
            }
            try {
                if (!session.getOutputNames().containsAll(outputSet)) {
                    throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, model.getFileName() + " has outputs "
                            + session.getOutputNames() + ", the engine needs " + outputs);
                }
                Map<String, NodeInfo> inputs = session.getInputInfo();
                if (inputs.size() != 1 || !(inputs.values().iterator().next().getInfo() instanceof TensorInfo info)) {
                    throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, model.getFileName()
                            + " must have exactly one tensor input, has " + inputs.keySet());
                }
                input = inputs.keySet().iterator().next();
                long[] shape = info.getShape();
                sample = java.util.Arrays.copyOfRange(shape, 1, shape.length);
                long n = 1;
                for (long d : sample) {
                    if (d <= 0) {
                        throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, model.getFileName()
                                + " input " + input + " has a dynamic dimension other than the batch: " + java.util.Arrays.toString(shape));
                    }
                    n *= d;
                }
                sampleSize = n;
                buffer = ByteBuffer.allocateDirect(Math.toIntExact(4 * n * maxBatch)).order(ByteOrder.nativeOrder());
            } catch (OrtException | RuntimeException e) {
                closeQuietly();
                if (e instanceof FaceEngineException f) {
                    throw f;
                }
                throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "cannot inspect " + model + ": " + e.getMessage(), e);
            }
        }

        float[][] run(Mat blob) {
            int batch = blob.size(0) > 0 && blob.dims() == sample.length + 1 ? blob.size(0) : -1;
            if (batch < 1 || batch > maxBatch || blob.total() != batch * sampleSize || blob.type() != CvType.CV_32F) {
                throw new IllegalArgumentException(model.getFileName() + ": blob of " + blob.total() + " values, type "
                        + blob.type() + ", expected up to " + maxBatch + " × " + java.util.Arrays.toString(sample) + " floats");
            }
            int n = Math.toIntExact(blob.total());
            copyInto(blob, n);
            long[] shape = new long[sample.length + 1];
            shape[0] = batch;
            System.arraycopy(sample, 0, shape, 1, sample.length);
            FloatBuffer in = buffer.asFloatBuffer();
            in.limit(n);
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, in, shape);
                 OrtSession.Result result = session.run(Map.of(input, tensor), outputSet)) {
                float[][] out = new float[outputs.size()][];
                for (int i = 0; i < out.length; i++) {
                    OnnxValue v = result.get(outputs.get(i)).orElseThrow();
                    FloatBuffer fb = ((OnnxTensor) v).getFloatBuffer();
                    out[i] = new float[fb.remaining()];
                    fb.get(out[i]);
                }
                return out;
            } catch (OrtException e) {
                throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "inference failed in " + model.getFileName() + ": "
                        + e.getMessage(), e);
            }
        }

        /** Native copy of the blob into this slot's direct buffer (OpenCV writes through a Mat header on the buffer). */
        private void copyInto(Mat blob, int n) {
            Mat flat = blob.reshape(1, 1);
            Mat view = new Mat(1, n, CvType.CV_32F, buffer);
            try {
                long address = view.dataAddr();
                flat.copyTo(view);
                if (view.dataAddr() != address) {
                    throw new IllegalStateException("OpenCV reallocated the input view instead of writing into it");
                }
            } finally {
                view.release();
                flat.release();
            }
        }

        private void closeQuietly() {
            try {
                session.close();
            } catch (OrtException ignored) {
                // already failing: the original error is the one to report
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "cannot close the session of " + model, e);
            }
        }
    }

    @Override
    public float[][] run(Mat blob) {
        return pool.with(slot -> slot.run(blob));
    }

    @Override
    public List<String> outputs() {
        return outputs;
    }

    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            options.close();
        }
    }
}
