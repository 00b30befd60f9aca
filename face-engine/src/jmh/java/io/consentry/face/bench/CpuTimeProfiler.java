package io.consentry.face.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

/**
 * CPU time of the benchmark JVM per operation ({@code -prof io.consentry.face.bench.CpuTimeProfiler}): what an
 * operation costs in CPU, which on a machine shared with other builds moves far less than wall time does (a
 * benchmark thread waiting for a core accrues no CPU). Includes the fork's JIT and GC threads, so it slightly
 * overstates the operation itself.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private long cpuAtStart;

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @Override
    public String getDescription() {
        return "process CPU time per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart = processCpuNanos();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long ops = result.getMetadata().getMeasuredOps();
        double cpuMs = (processCpuNanos() - cpuAtStart) / 1e6;
        return List.of(new ScalarResult("cpu.ms/op", ops == 0 ? Double.NaN : cpuMs / ops, "ms/op", AggregationPolicy.AVG));
    }
}
