/**
 * Perf peers for the side-by-side benchmark ({@code monocoque-bench/run-bench.sh}): JeroMQ
 * equivalents of libzmq's {@code local_thr}, {@code remote_thr}, {@code local_lat} and
 * {@code remote_lat}, and a raw-TCP floor. The runner starts them on the class path; JeroMQ
 * 0.6.0 ships a {@code module-info} ({@code org.zeromq.jeromq}), so they also run as a module.
 */
module io.monocoque.bench {
    requires org.zeromq.jeromq;
    requires io.monocoque;
    requires io.monocoque.zmtp;
    requires jmh.core;
    requires HdrHistogram;

    opens io.monocoque.bench.jmh to jmh.core;
}
