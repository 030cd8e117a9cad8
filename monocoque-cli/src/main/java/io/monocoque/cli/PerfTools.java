package io.monocoque.cli;

import io.monocoque.Context;
import io.monocoque.Msg;
import io.monocoque.Socket;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import java.time.Duration;
import java.util.Locale;
import io.monocoque.CurveKeyPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Drop-in equivalents of libzmq's perf tools ({@code local_thr}, {@code remote_thr},
 * {@code local_lat}, {@code remote_lat}): same arguments, same output lines, so Monocoque can be
 * measured against libzmq's own binaries and the other way round. {@code pub-thr}/{@code sub-thr}
 * add a PUB/SUB fan-out pair in the same style (monocoque-bench's {@code zmq_perf pub_thr/sub_thr}
 * are the libzmq counterparts).
 */
final class PerfTools {
    private PerfTools() {
    }

    /** Arguments shared by the tools, in libzmq's order (pub-thr adds {@code <subscribers>}). */
    abstract static class PerfArgs implements Runnable {
        @Parameters(index = "0", paramLabel = "<endpoint>", description = "Endpoint to bind (local-*, pub-thr) or connect (remote-*, sub-thr).")
        String endpoint;

        @Parameters(index = "1", paramLabel = "<size>", description = "Message size in bytes.")
        int size;

        @Parameters(index = "2", paramLabel = "<count>", description = "Message (or round-trip) count.")
        long count;

        @Option(names = "--curve-secret", paramLabel = "<z85>",
                description = "Be a CURVE server with this secret key (local-thr; from monocoque keygen).")
        String curveSecret;

        @Option(names = "--curve-server", paramLabel = "<z85>",
                description = "Be a CURVE client of the server with this public key, with a fresh key pair of its own (remote-thr).")
        String curveServer;

        @Option(names = "--warmup", paramLabel = "<n>", defaultValue = "0",
                description = "Untimed messages (round trips) before the timed <count>; give both sides the same "
                        + "(default 0, as libzmq's tools).")
        long warmup;

        /** Applies the CURVE options, if given, to {@code s}. */
        void secure(Socket s) {
            if (curveSecret != null) {
                s.set(SocketOption.CURVE_SERVER, true);
                s.set(SocketOption.CURVE_SECRETKEY, curveSecret);
            }
            if (curveServer != null) {
                CurveKeyPair ours = CurveKeyPair.generate();
                s.set(SocketOption.CURVE_PUBLICKEY, ours.publicKey());
                s.set(SocketOption.CURVE_SECRETKEY, ours.secretKey());
                s.set(SocketOption.CURVE_SERVERKEY, curveServer);
            }
        }

        /**
         * Receives the warm-up, then {@code count} messages, and prints local_thr's lines, timed
         * from the first counted message to the last (local-thr, sub-thr).
         */
        void receiveAndReport(Socket s) {
            for (long i = 0; i < warmup; i++) {
                checkSize(s.recv(), size);
            }
            checkSize(s.recv(), size);
            long start = System.nanoTime();
            for (long i = 1; i < count; i++) {
                checkSize(s.recv(), size);
            }
            printThroughput(size, count, System.nanoTime() - start);
        }

        void check() {
            if (size < 0 || count <= 0) {
                throw new IllegalArgumentException("size must be >= 0 and count > 0 (got size " + size + ", count " + count + ")");
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("--warmup must be >= 0 (got " + warmup + ")");
            }
        }
    }

    @Command(name = "local-thr", mixinStandardHelpOptions = true,
            description = "PULL: binds, receives <count> messages and prints the throughput (libzmq local_thr).",
            footer = {"%nExamples:%n  bin/monocoque perf local-thr tcp://127.0.0.1:5555 64 1000000%n"
                    + "  bin/monocoque perf local-thr --curve-secret '<secret from keygen>' tcp://127.0.0.1:5555 64 1000000%n"
                    + "  bin/monocoque perf local-thr --warmup 5000000 tcp://127.0.0.1:5555 64 10000000   (remote-thr --warmup 5000000 too)"})
    static final class LocalThr extends PerfArgs {
        @Override
        public void run() {
            check();
            try (Context ctx = new Context(); Socket pull = ctx.socket(SocketType.PULL)) {
                secure(pull);
                pull.bind(endpoint);
                receiveAndReport(pull);
            }
        }
    }

    /** local_thr's four lines; {@code elapsedNanos} runs from the first message to the last. */
    static void printThroughput(int size, long count, long elapsedNanos) {
        long elapsedUs = Math.max(1, elapsedNanos / 1000);
        long throughput = (long) (count * 1_000_000.0 / elapsedUs);
        double megabits = throughput * (double) size * 8 / 1_000_000.0;
        System.out.printf(Locale.ROOT, "message size: %d [B]%n", size);
        System.out.printf(Locale.ROOT, "message count: %d%n", count);
        System.out.printf(Locale.ROOT, "mean throughput: %d [msg/s]%n", throughput);
        System.out.printf(Locale.ROOT, "mean throughput: %.3f [Mb/s]%n", megabits);
    }

    /** Fails unless {@code m} is one frame of {@code size} bytes. */
    static void checkSize(Msg m, int size) {
        if (m == null || m.size() != 1 || m.frameSize(0) != size) {
            throw new IllegalStateException("message of wrong size received: " + m);
        }
    }

    @Command(name = "remote-thr", mixinStandardHelpOptions = true,
            description = "PUSH: connects and sends <count> messages of <size> bytes (libzmq remote_thr).",
            footer = {"%nExamples:%n  bin/monocoque perf remote-thr tcp://127.0.0.1:5555 64 1000000%n"
                    + "  bin/monocoque perf remote-thr --curve-server '<public from keygen>' tcp://127.0.0.1:5555 64 1000000"})
    static final class RemoteThr extends PerfArgs {
        @Override
        public void run() {
            check();
            try (Context ctx = new Context(); Socket push = ctx.socket(SocketType.PUSH)) {
                secure(push);
                push.connect(endpoint);
                Msg msg = Msg.of(new byte[size]);
                for (long i = 0; i < warmup + count; i++) {
                    push.send(msg);
                }
            } // Context.close() waits until everything queued is sent (LINGER -1)
        }
    }

    @Command(name = "local-lat", mixinStandardHelpOptions = true,
            description = "REP: binds and echoes <count> messages (libzmq local_lat).",
            footer = {"%nExample:%n  bin/monocoque perf local-lat tcp://127.0.0.1:5556 64 10000"})
    static final class LocalLat extends PerfArgs {
        @Override
        public void run() {
            check();
            try (Context ctx = new Context(); Socket rep = ctx.socket(SocketType.REP)) {
                rep.bind(endpoint);
                for (long i = 0; i < warmup + count; i++) {
                    Msg m = rep.recv();
                    rep.send(m);
                }
            }
        }
    }

    @Command(name = "remote-lat", mixinStandardHelpOptions = true,
            description = "REQ: connects, makes <count> round trips and prints the average latency (libzmq remote_lat), "
                    + "plus p50/p99 lines.",
            footer = {"%nExamples:%n  bin/monocoque perf remote-lat tcp://127.0.0.1:5556 64 10000%n"
                + "  bin/monocoque perf remote-lat --warmup 20000 tcp://127.0.0.1:5556 64 10000   (local-lat --warmup 20000 too)"})
    static final class RemoteLat extends PerfArgs {
        @Override
        public void run() {
            check();
            try (Context ctx = new Context(); Socket req = ctx.socket(SocketType.REQ)) {
                req.connect(endpoint);
                Msg msg = Msg.of(new byte[size]);
                for (long i = 0; i < warmup; i++) {
                    req.send(msg);
                    if (req.recv(Duration.ofSeconds(30)) == null) {
                        throw new IllegalStateException("no reply within 30 s at warm-up round trip " + i);
                    }
                }
                RoundTrips samples = new RoundTrips();
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    long t0 = System.nanoTime();
                    req.send(msg);
                    Msg r = req.recv(Duration.ofSeconds(30));
                    if (r == null || r.frameSize(0) != size) {
                        throw new IllegalStateException("no reply (or a wrong one) within 30 s at round trip " + i);
                    }
                    samples.record(System.nanoTime() - t0);
                }
                double elapsedUs = (System.nanoTime() - start) / 1000.0;
                System.out.printf(Locale.ROOT, "message size: %d [B]%n", size);
                System.out.printf(Locale.ROOT, "roundtrip count: %d%n", count);
                System.out.printf(Locale.ROOT, "average latency: %.3f [us]%n", elapsedUs / (count * 2));
                System.out.printf(Locale.ROOT, "round trip p50: %.1f [us]%n", samples.percentileUs(50));
                System.out.printf(Locale.ROOT, "round trip p99: %.1f [us]%n", samples.percentileUs(99));
            }
        }
    }

    @Command(name = "pub-thr", mixinStandardHelpOptions = true,
            description = {"XPUB with XPUB_NODROP: binds, waits for <subscribers> subscriptions, then sends <count> messages "
                    + "of <size> bytes to every subscriber (the publisher of the PUB/SUB fan-out case; run one sub-thr per "
                    + "subscriber).",
                "A subscriber at its SNDHWM makes the send wait instead of losing messages, so every subscriber receives "
                    + "exactly <count>; the slowest one sets the pace."},
            footer = {"%nExample (two subscribers):%n"
                    + "  bin/monocoque perf pub-thr tcp://127.0.0.1:5557 64 1000000 2 &%n"
                    + "  bin/monocoque perf sub-thr tcp://127.0.0.1:5557 64 1000000 &%n"
                    + "  bin/monocoque perf sub-thr tcp://127.0.0.1:5557 64 1000000"})
    static final class PubThr extends PerfArgs {
        @Parameters(index = "3", paramLabel = "<subscribers>", description = "Subscriptions to wait for before sending.")
        int subscribers;

        @Override
        public void run() {
            check();
            if (subscribers <= 0) {
                throw new IllegalArgumentException("subscribers must be > 0 (got " + subscribers + ")");
            }
            try (Context ctx = new Context(); Socket pub = ctx.socket(SocketType.XPUB)) {
                pub.set(SocketOption.XPUB_NODROP, true);
                // Every subscriber subscribes to "": without VERBOSE only the first would be reported.
                pub.set(SocketOption.XPUB_VERBOSE, true);
                pub.bind(endpoint);
                for (int seen = 0; seen < subscribers;) {
                    Msg m = pub.recv();
                    if (m != null && m.size() >= 1 && m.frameSize(0) >= 1 && m.bytes(0)[0] == 1) {
                        seen++;
                    }
                }
                Msg msg = Msg.of(new byte[size]); // content irrelevant: the subscribers take everything
                for (long i = 0; i < warmup + count; i++) {
                    pub.send(msg);
                }
            } // Context.close() waits until everything queued is sent (LINGER -1)
        }
    }

    @Command(name = "sub-thr", mixinStandardHelpOptions = true,
            description = "SUB: subscribes to \"\", connects, receives <count> messages and prints the throughput "
                    + "(local-thr's lines; a subscriber of the PUB/SUB fan-out case, see pub-thr).",
            footer = {"%nExample:%n  bin/monocoque perf sub-thr tcp://127.0.0.1:5557 64 1000000"})
    static final class SubThr extends PerfArgs {
        @Override
        public void run() {
            check();
            try (Context ctx = new Context(); Socket sub = ctx.socket(SocketType.SUB)) {
                sub.subscribe("");
                sub.connect(endpoint);
                receiveAndReport(sub);
            }
        }
    }
}
