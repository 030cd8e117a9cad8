package io.monocoque.bench.jmh;

import io.monocoque.Msg;
import io.monocoque.internal.Pipe;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A {@link Pipe} between two threads, as between a socket and its connection: one thread offers,
 * the other polls, nobody parks. The {@code offered} / {@code polled} counters are the messages
 * that actually crossed (attempts on a full or empty pipe do not count), per second.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipeBenchmark {
    @Param({"1000"})
    int hwm;

    private Pipe pipe;
    private final Msg msg = Msg.of(new byte[64]);

    /** Messages that crossed, per thread. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Crossed {
        public long offered;
        public long polled;

        @Setup(Level.Iteration)
        public void reset() {
            offered = 0;
            polled = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        pipe = new Pipe(hwm, new Pipe.Listener() {
            @Override
            public void onReadable(Pipe p) {
            }

            @Override
            public void onWritable(Pipe p) {
            }
        });
    }

    @Benchmark
    @Group("spsc")
    @GroupThreads(1)
    public void offer(Crossed c) {
        if (pipe.offer(msg)) {
            c.offered++;
        }
    }

    @Benchmark
    @Group("spsc")
    @GroupThreads(1)
    public Msg poll(Crossed c) {
        Msg m = pipe.poll();
        if (m != null) {
            c.polled++;
        }
        return m;
    }
}
