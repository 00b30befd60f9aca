package io.consentry.face.runtime;

import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;
import io.consentry.face.internal.Mats;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A pool of OpenCV {@link Net} copies of one model ({@code Net}s are not thread-safe). */
final class OpenCvDnnRunner implements ModelRunner {
    private final List<String> outputs;
    private final InstancePool<Net> pool;

    OpenCvDnnRunner(Path model, List<String> outputs, int poolSize) {
        this.outputs = List.copyOf(outputs);
        // Net has no explicit release in the Java bindings: dropping the reference lets its finalizer free it
        this.pool = new InstancePool<>(() -> read(model), net -> { }, poolSize);
    }

    private static Net read(Path model) {
        try {
            Net n = Dnn.readNetFromONNX(model.toString());
            if (n.empty()) {
                throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "OpenCV could not load " + model);
            }
            return n;
        } catch (FaceEngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "OpenCV could not load " + model + ": " + e.getMessage(), e);
        }
    }

    @Override
    public float[][] run(Mat blob) {
        return pool.with(net -> {
            try (Mats m = new Mats()) {
                net.setInput(blob);
                float[][] out = new float[outputs.size()][];
                if (outputs.size() == 1) {
                    // the graph's only output: forward() without a name, as the engine always called it
                    out[0] = Mats.floats(m.add(net.forward()));
                } else {
                    List<Mat> res = new ArrayList<>(outputs.size());
                    net.forward(res, outputs);
                    res.forEach(m::add);
                    for (int i = 0; i < out.length; i++) {
                        out[i] = Mats.floats(res.get(i));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<String> outputs() {
        return outputs;
    }

    @Override
    public void close() {
        pool.close();
    }
}
