package io.monocoque.bench;

import java.util.Arrays;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Argument parsing and libzmq's output lines, shared by every Java perf peer of the harness. */
final class PerfReport {
    private static final long MAX_ROUND_TRIP_NANOS = 60_000_000_000L;

    private PerfReport() {
    }

    /** The three arguments of libzmq's perf tools: endpoint, message size, count. */
    record Args(String endpoint, int size, long count) {
        static Args parse(String tool, String countName, String[] argv) {
            if (argv.length != 3) {
                System.err.printf(Locale.ROOT, "usage: %s <endpoint> <message-size> <%s>%n", tool, countName);
                System.exit(1);
            }
            int size = Integer.parseInt(argv[1]);
            long count = Long.parseLong(argv[2]);
            if (size < 0 || count <= 0) {
                System.err.printf(Locale.ROOT, "%s: size must be >= 0 and %s > 0%n", tool, countName);
                System.exit(1);
            }
            return new Args(argv[0], size, count);
        }
    }

    /** pub_thr's arguments: endpoint, message size, message count, subscriber count. */
    record PubArgs(String endpoint, int size, long count, int subscribers) {
        static PubArgs parse(String tool, String[] argv) {
            if (argv.length != 4) {
                System.err.printf(Locale.ROOT, "usage: %s <endpoint> <message-size> <message-count> <subscribers>%n", tool);
                System.exit(1);
            }
            Args a = Args.parse(tool, "message-count", Arrays.copyOf(argv, 3));
            int subscribers = Integer.parseInt(argv[3]);
            if (subscribers <= 0) {
                System.err.printf(Locale.ROOT, "%s: subscribers must be > 0%n", tool);
                System.exit(1);
            }
            return new PubArgs(a.endpoint(), a.size(), a.count(), subscribers);
        }
    }

    /**
     * Untimed messages (round trips) before the timed count, from the environment variable
     * {@code PERF_WARMUP} (default 0, libzmq's tools' behaviour); run-bench.sh gives every
     * implementation the same. Exits on a bad value.
     */
    static long warmup(String tool) {
        String v = System.getenv("PERF_WARMUP");
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.printf(Locale.ROOT, "%s: bad PERF_WARMUP: %s%n", tool, v);
        System.exit(1);
        return 0;
    }

    /** local_thr's four lines; {@code elapsedNanos} runs from the first message to the last. */
    static void throughput(int size, long count, long elapsedNanos) {
        long elapsedUs = Math.max(1, elapsedNanos / 1000);
        long throughput = (long) (count * 1_000_000.0 / elapsedUs);
        double megabits = throughput * (double) size * 8 / 1_000_000.0;
        System.out.printf(Locale.ROOT, "message size: %d [B]%n", size);
        System.out.printf(Locale.ROOT, "message count: %d%n", count);
        System.out.printf(Locale.ROOT, "mean throughput: %d [msg/s]%n", throughput);
        System.out.printf(Locale.ROOT, "mean throughput: %.3f [Mb/s]%n", megabits);
    }

    /**
     * remote_lat's lines: the average one-way latency (total time over twice the round trips, as
     * libzmq computes it) and the median and 99th percentile of the individual round trips, read
     * from an HdrHistogram of them (see {@link #roundTrips()}).
     */
    static void latency(int size, Histogram roundTripNanos, long elapsedNanos) {
        long count = roundTripNanos.getTotalCount();
        System.out.printf(Locale.ROOT, "message size: %d [B]%n", size);
        System.out.printf(Locale.ROOT, "roundtrip count: %d%n", count);
        System.out.printf(Locale.ROOT, "average latency: %.3f [us]%n", elapsedNanos / 1000.0 / (count * 2));
        System.out.printf(Locale.ROOT, "round trip p50: %.1f [us]%n", roundTripNanos.getValueAtPercentile(50) / 1000.0);
        System.out.printf(Locale.ROOT, "round trip p99: %.1f [us]%n", roundTripNanos.getValueAtPercentile(99) / 1000.0);
    }

    /** A histogram for round trips in nanoseconds: three significant digits, up to a minute. */
    static Histogram roundTrips() {
        return new Histogram(MAX_ROUND_TRIP_NANOS, 3);
    }

    /** Records one round trip; one longer than a minute counts as a minute. */
    static void record(Histogram h, long nanos) {
        h.recordValue(Math.min(Math.max(nanos, 0), MAX_ROUND_TRIP_NANOS));
    }

    static void fail(String tool, String what) {
        System.err.println(tool + ": " + what);
        System.exit(1);
    }
}
