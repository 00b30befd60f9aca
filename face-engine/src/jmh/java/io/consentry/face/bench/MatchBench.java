package io.consentry.face.bench;

import io.consentry.face.Gallery;
import io.consentry.face.Template;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** Template compare and gallery search over synthetic 512-d templates, plus memory bandwidth. */
public class MatchBench {
    static float[] unit(SplittableRandom r) {
        float[] v = new float[512];
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
            s += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(s);
        }
        return v;
    }

    @State(Scope.Benchmark)
    public static class Pair {
        Template a;
        Template b;

        @Setup
        public void setup() {
            SplittableRandom r = new SplittableRandom(1);
            a = Template.of("bench", "1", unit(r), 1);
            b = Template.of("bench", "1", unit(r), 1);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public float templateCompare(Pair p) {
        return p.a.similarity(p.b);
    }

    @State(Scope.Benchmark)
    public static class G {
        @Param({"10000", "100000", "1000000"})
        int size;
        Gallery gallery;
        float[][] queries;
        int next;

        @Setup(Level.Trial)
        public void setup() {
            gallery = new Gallery("bench", 512);
            gallery.ensureCapacity(size);
            SplittableRandom r = new SplittableRandom(2);
            for (int i = 0; i < size; i++) {
                gallery.putVector("id" + i, unit(r));
            }
            queries = new float[64][];
            for (int i = 0; i < queries.length; i++) {
                queries[i] = unit(r);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<Gallery.Hit> gallerySearchTop10(G g) {
        return g.gallery.search(g.queries[g.next++ & 63], 10);
    }

    @State(Scope.Benchmark)
    public static class Mem {
        long[] data = new long[64 * 1024 * 1024]; // 512 MiB

        @Setup
        public void setup() {
            for (int i = 0; i < data.length; i++) {
                data[i] = i;
            }
        }
    }

    /** 256 MiB per thread: with two threads, what the machine's memory delivers to both cores at once. */
    @State(Scope.Thread)
    public static class MemHalf {
        long[] data = new long[32 * 1024 * 1024];

        @Setup
        public void setup() {
            for (int i = 0; i < data.length; i++) {
                data[i] = i;
            }
        }
    }

    /** Two threads each read their own 256 MiB at once: bandwidth of both cores = 512 MiB / time. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @org.openjdk.jmh.annotations.Threads(2)
    public long memoryRead2x256MiB2Threads(MemHalf m) {
        return sum(m.data);
    }

    static long sum(long[] d) {
        long s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < d.length; i += 4) {
            s0 += d[i];
            s1 += d[i + 1];
            s2 += d[i + 2];
            s3 += d[i + 3];
        }
        return s0 + s1 + s2 + s3;
    }

    /** One sequential pass over 512 MiB on one core: bandwidth = 512 MiB / time. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long memoryRead512MiB(Mem m) {
        return sum(m.data);
    }
}
