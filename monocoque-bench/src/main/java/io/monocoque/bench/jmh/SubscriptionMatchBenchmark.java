package io.monocoque.bench.jmh;

import io.monocoque.internal.pattern.SubscriptionIndex;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of matching one published message against the PUB's subscription index, as the number of
 * distinct subscribed prefixes grows (issue 5: must stay within 2x from 10 to 100,000).
 *
 * <pre>
 *   topics "sensor.<n>.temp" for n in [0, prefixes) -> one subscriber each (distinct), or
 *   "shared" mode: 100,000 subscribers on 10 prefixes
 *   message: a topic that matches exactly one prefix (or, "miss", none)
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SubscriptionMatchBenchmark {

    @Param({"10", "1000", "100000"})
    int prefixes;

    private SubscriptionIndex<Object> index;
    private byte[][] hits;
    private byte[] miss;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        index = new SubscriptionIndex<>();
        for (int i = 0; i < prefixes; i++) {
            index.add(topic(i), new Object());
        }
        hits = new byte[1024][];
        for (int i = 0; i < hits.length; i++) {
            int n = ThreadLocalRandom.current().nextInt(prefixes);
            hits[i] = (new String(topic(n), StandardCharsets.US_ASCII) + " 21.5C payload").getBytes(StandardCharsets.US_ASCII);
        }
        miss = "weather.paris 21.5C payload".getBytes(StandardCharsets.US_ASCII);
    }

    /** Fixed-width topics, so that only the number of prefixes changes between parameters. */
    static byte[] topic(int n) {
        return String.format("sensor.%06d.temp", n).getBytes(StandardCharsets.US_ASCII);
    }

    @Benchmark
    public void matchOne(Blackhole bh) {
        byte[] msg = hits[next++ & 1023];
        index.match(msg, bh::consume);
    }

    @Benchmark
    public void matchNone(Blackhole bh) {
        index.match(miss, bh::consume);
    }

    /** 100,000 subscribers sharing 10 prefixes: the cost is in visiting the matching ones. */
    @State(Scope.Benchmark)
    public static class Shared {
        SubscriptionIndex<Object> index;
        byte[] message;

        @Setup(Level.Trial)
        public void setUp() {
            index = new SubscriptionIndex<>();
            for (int i = 0; i < 100_000; i++) {
                index.add(topic(i % 10), new Object());
            }
            message = (new String(topic(3), StandardCharsets.US_ASCII) + " payload").getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Matches a message that 10,000 of the 100,000 subscribers want (reported per message). */
    @Benchmark
    public void matchShared(Shared shared, Blackhole bh) {
        shared.index.match(shared.message, bh::consume);
    }
}
