/**
 * Perf peers for {@code run-bench.sh}. Each class is one role of one process and prints libzmq's
 * perf-tool lines ({@code mean throughput: N [msg/s]}, {@code average latency: N [us]}) plus, for
 * the latency client, {@code round trip p50/p99} lines, so the runner parses every implementation
 * the same way: {@link io.monocoque.bench.JeromqLocalThr}, {@link io.monocoque.bench.JeromqRemoteThr},
 * {@link io.monocoque.bench.JeromqLocalLat}, {@link io.monocoque.bench.JeromqRemoteLat} and
 * {@link io.monocoque.bench.RawTcpPerf}.
 */
package io.monocoque.bench;
