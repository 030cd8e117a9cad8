package io.monocoque.cli;

import io.monocoque.Context;
import io.monocoque.Msg;
import io.monocoque.Socket;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code monocoque perf}: an embedded, in-process benchmark over tcp loopback and inproc. PUSH/PULL
 * throughput at several message sizes, then REQ/REP round-trip latency, per transport, with a
 * table at the end.
 *
 * <pre>
 *   sender thread ──PUSH──tcp 127.0.0.1 / inproc──PULL── receiver thread        (throughput)
 *   client thread ──REQ───tcp 127.0.0.1 / inproc──REP─── echo thread            (latency)
 * </pre>
 */
@Command(name = "perf", mixinStandardHelpOptions = true,
        subcommands = {PerfTools.LocalThr.class, PerfTools.RemoteThr.class, PerfTools.LocalLat.class, PerfTools.RemoteLat.class,
            PerfTools.PubThr.class, PerfTools.SubThr.class},
        description = "Runs PUSH/PULL throughput (16 B, 64 B, 1 KiB, 16 KiB) and REQ/REP 64 B latency in one process, over tcp loopback and inproc.",
        footer = {"%nWith a subcommand, runs one side of libzmq's perf tools instead.%n%nExamples:%n"
                + "  bin/monocoque perf --seconds 1%n"
                + "  bin/monocoque perf --endpoint ipc://*%n"
                + "  bin/monocoque perf local-thr tcp://127.0.0.1:5555 64 1000000 &  bin/monocoque perf remote-thr tcp://127.0.0.1:5555 64 1000000%n"
                + "  bin/monocoque perf pub-thr tcp://127.0.0.1:5557 64 1000000 1 &  bin/monocoque perf sub-thr tcp://127.0.0.1:5557 64 1000000"})
final class PerfCommand implements Runnable {

    @Option(names = "--seconds", defaultValue = "2", description = "Approximate duration of each throughput case (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--round-trips", defaultValue = "20000", description = "REQ/REP round trips to time (default ${DEFAULT-VALUE}).")
    int roundTrips;

    @Option(names = "--endpoint", split = ",", defaultValue = "tcp://127.0.0.1:*,inproc://perf",
            description = "Bind endpoints, one run each, comma-separated or repeated (default ${DEFAULT-VALUE}).")
    List<String> endpoints;

    private final PrintStream out = System.out;

    record Row(String test, String size, String result, String detail) {
    }

    @Override
    public void run() {
        if (seconds <= 0 || roundTrips <= 0) {
            throw new IllegalArgumentException("--seconds and --round-trips must be positive");
        }
        List<Row> rows = new ArrayList<>();
        out.println("Monocoque perf: in-process over " + String.join(" and ", endpoints) + " ("
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version() + ")");
        try (Context ctx = new Context()) {
            for (String endpoint : endpoints) {
                String transport = endpoint.substring(0, Math.max(0, endpoint.indexOf("://")));
                for (int size : new int[] {16, 64, 1024, 16 * 1024}) {
                    out.print("  " + transport + " PUSH/PULL " + sizeLabel(size) + " ... ");
                    out.flush();
                    double[] r = throughput(ctx, endpoint, size);
                    out.printf(Locale.ROOT, "%,.0f msg/s%n", r[0]);
                    rows.add(new Row(transport + " PUSH/PULL throughput", sizeLabel(size),
                            String.format(Locale.ROOT, "%,.0f msg/s", r[0]),
                            String.format(Locale.ROOT, "%,.1f MB/s, %,d msgs", r[0] * size / 1e6, (long) r[1])));
                }
                out.print("  " + transport + " REQ/REP 64 B ... ");
                out.flush();
                RoundTrips lat = latency(ctx, endpoint, 64);
                out.printf(Locale.ROOT, "p50 %.1f us%n", lat.percentileUs(50));
                rows.add(new Row(transport + " REQ/REP round trip", "64 B",
                        String.format(Locale.ROOT, "p50 %.1f us", lat.percentileUs(50)),
                        String.format(Locale.ROOT, "p99 %.1f us, max %.1f us, %,d round trips",
                                lat.percentileUs(99), lat.percentileUs(100), lat.count())));
            }
        }
        printTable(rows);
    }

    /** Returns {msgs per second, messages}. */
    private double[] throughput(Context ctx, String endpoint, int size) {
        try (Socket pull = ctx.socket(SocketType.PULL); Socket push = ctx.socket(SocketType.PUSH)) {
            push.set(SocketOption.LINGER, 0);
            String ep = pull.bind(endpoint);
            push.connect(ep);
            // Warm up and make sure the connection is up.
            Msg msg = Msg.of(new byte[size]);
            push.send(msg);
            pull.recv(Duration.ofSeconds(10));
            long budgetNanos = (long) (seconds * 1e9);
            long[] received = new long[1];
            Thread sender = Thread.ofPlatform().name("perf-sender").start(() -> {
                long end = System.nanoTime() + budgetNanos;
                long sent = 0;
                while (true) {
                    for (int i = 0; i < 1000; i++) {
                        push.send(msg);
                    }
                    sent += 1000;
                    if (System.nanoTime() > end) {
                        break;
                    }
                }
                push.send(Msg.of(new byte[0])); // end marker
            });
            long start = System.nanoTime();
            while (true) {
                Msg m = pull.recv(Duration.ofSeconds(30));
                if (m == null) {
                    throw new IllegalStateException("perf stalled: no message for 30 s");
                }
                if (m.frameSize(0) == 0) {
                    break;
                }
                received[0]++;
            }
            long elapsed = System.nanoTime() - start;
            join(sender);
            return new double[] {received[0] * 1e9 / elapsed, received[0]};
        }
    }

    private RoundTrips latency(Context ctx, String endpoint, int size) {
        try (Socket rep = ctx.socket(SocketType.REP); Socket req = ctx.socket(SocketType.REQ)) {
            req.set(SocketOption.LINGER, 0);
            rep.set(SocketOption.LINGER, 0);
            String ep = rep.bind(endpoint);
            req.connect(ep);
            int warmup = Math.min(2000, roundTrips);
            int total = warmup + roundTrips;
            Thread echo = Thread.ofPlatform().name("perf-echo").start(() -> {
                for (int i = 0; i < total; i++) {
                    Msg m = rep.recv(Duration.ofSeconds(30));
                    if (m == null) {
                        return;
                    }
                    rep.send(m);
                }
            });
            Msg msg = Msg.of(new byte[size]);
            RoundTrips samples = new RoundTrips();
            for (int i = 0; i < total; i++) {
                long t0 = System.nanoTime();
                req.send(msg);
                if (req.recv(Duration.ofSeconds(30)) == null) {
                    throw new IllegalStateException("perf stalled: no reply for 30 s");
                }
                if (i >= warmup) {
                    samples.record(System.nanoTime() - t0);
                }
            }
            join(echo);
            return samples;
        }
    }

    private void printTable(List<Row> rows) {
        String fmt = "| %-29s | %-6s | %-16s | %-50s |%n";
        String line = "+" + "-".repeat(31) + "+" + "-".repeat(8) + "+" + "-".repeat(18) + "+" + "-".repeat(52) + "+";
        out.println();
        out.println(line);
        out.printf(fmt, "test", "size", "result", "detail");
        out.println(line);
        for (Row r : rows) {
            out.printf(fmt, r.test(), r.size(), r.result(), r.detail());
        }
        out.println(line);
    }

    private static String sizeLabel(int size) {
        return size >= 1024 ? (size / 1024) + " KiB" : size + " B";
    }

    private static void join(Thread t) {
        try {
            t.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
