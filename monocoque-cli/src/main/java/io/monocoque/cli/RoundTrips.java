package io.monocoque.cli;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Round-trip times of a latency run, recorded in an HdrHistogram (nanoseconds, three significant
 * digits, up to one minute) so that a run of any length costs the same memory and its percentiles
 * are those every HdrHistogram user reads.
 */
final class RoundTrips {
    private static final long MAX_NANOS = 60_000_000_000L;
    private final Histogram histogram = new Histogram(MAX_NANOS, 3);

    /** Records one round trip; longer than a minute counts as a minute. */
    void record(long nanos) {
        histogram.recordValue(Math.min(Math.max(nanos, 0), MAX_NANOS));
    }

    /** The round trip at {@code percentile} (0–100), in microseconds. */
    double percentileUs(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** {@code "p50 12.3 us, p99 45.6 us"}. */
    String summary() {
        return String.format(Locale.ROOT, "p50 %.1f us, p99 %.1f us", percentileUs(50), percentileUs(99));
    }
}
