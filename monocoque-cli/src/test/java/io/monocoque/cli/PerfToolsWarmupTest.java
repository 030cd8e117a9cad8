package io.monocoque.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.Context;
import io.monocoque.Msg;
import io.monocoque.Socket;
import io.monocoque.SocketType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code perf ... --warmup n}: the untimed messages (round trips) come on top of the timed count,
 * on both sides, so that the CLI can be paired with another implementation's peers told the same.
 * Each tool runs against a plain socket that counts what crosses.
 */
@Timeout(30)
class PerfToolsWarmupTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void remoteThrSendsTheWarmupAndThenTheCount() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            assertThat(perf("remote-thr", "--warmup", "5", ep, "8", "10")).isZero();
            assertThat(drain(pull)).isEqualTo(15);
        }
    }

    @Test
    void localThrTimesOnlyTheMessagesAfterTheWarmup() throws Exception {
        String ep = freeEndpoint();
        AtomicInteger code = new AtomicInteger(-1);
        String out = capturingOut(() -> {
            Thread local = new Thread(() -> code.set(perf("local-thr", "--warmup", "5", ep, "8", "10")));
            local.start();
            try (var ctx = new Context(); var push = ctx.socket(SocketType.PUSH)) {
                push.connect(ep);
                for (int i = 0; i < 15; i++) {
                    push.send(Msg.of(new byte[8]));
                }
                local.join(WAIT.toMillis());
            }
        });
        assertThat(code.get()).isZero();
        assertThat(out).contains("message size: 8 [B]", "message count: 10", "mean throughput: ");
    }

    @Test
    void latencyToolsMakeTheWarmupRoundTripsFirst() throws Exception {
        String ep = freeEndpoint();
        AtomicInteger code = new AtomicInteger(-1);
        Thread local = new Thread(() -> code.set(perf("local-lat", "--warmup", "3", ep, "8", "4")));
        local.start();
        try (var ctx = new Context(); var req = ctx.socket(SocketType.REQ)) {
            req.connect(ep);
            for (int i = 0; i < 7; i++) { // local-lat echoes 3 + 4, then exits
                req.send(Msg.of(new byte[8]));
                assertThat(req.recv(WAIT)).isNotNull();
            }
            local.join(WAIT.toMillis());
        }
        assertThat(local.isAlive()).isFalse();
        assertThat(code.get()).isZero();

        try (var ctx = new Context(); var rep = ctx.socket(SocketType.REP)) {
            String repEp = rep.bind("tcp://127.0.0.1:*");
            AtomicInteger echoed = new AtomicInteger();
            Thread echo = new Thread(() -> echo(rep, echoed));
            echo.start();
            String out = capturingOut(() -> code.set(perf("remote-lat", "--warmup", "3", repEp, "8", "4")));
            echo.join(WAIT.toMillis());
            assertThat(code.get()).isZero();
            assertThat(echoed.get()).isEqualTo(7);
            assertThat(out).contains("roundtrip count: 4", "average latency: ", "round trip p99: ");
        }
    }

    @Test
    void pubThrSendsTheWarmupAndThenTheCountToEverySubscriber() throws Exception {
        String ep = freeEndpoint();
        AtomicInteger code = new AtomicInteger(-1);
        Thread pub = new Thread(() -> code.set(perf("pub-thr", "--warmup", "5", ep, "8", "10", "1")));
        pub.start();
        try (var ctx = new Context(); var sub = ctx.socket(SocketType.SUB)) {
            sub.subscribe("");
            sub.connect(ep);
            pub.join(WAIT.toMillis());
            assertThat(drain(sub)).isEqualTo(15);
        }
        assertThat(code.get()).isZero();
    }

    @Test
    void aNegativeWarmupIsRefusedWithAClearMessage() {
        CommandLine cl = new CommandLine(new Main());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(ex.getMessage());
            return 1;
        });
        assertThat(cl.execute("perf", "local-thr", "--warmup", "-1", "tcp://127.0.0.1:1", "8", "10")).isEqualTo(1);
        assertThat(err.toString()).contains("--warmup must be >= 0");
    }

    private static int perf(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "perf";
        System.arraycopy(args, 0, full, 1, args.length);
        return new CommandLine(new Main()).execute(full);
    }

    /** Messages that arrive until none has come for 300 ms after the first (which may take up to WAIT). */
    private static int drain(Socket s) {
        int n = 0;
        Duration wait = WAIT;
        while (s.recv(wait) != null) {
            n++;
            wait = Duration.ofMillis(300);
        }
        return n;
    }

    private static void echo(Socket rep, AtomicInteger echoed) {
        Msg m;
        while ((m = rep.recv(Duration.ofSeconds(2))) != null) {
            rep.send(m);
            echoed.incrementAndGet();
        }
    }

    private static String freeEndpoint() throws Exception {
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "tcp://127.0.0.1:" + probe.getLocalPort();
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} with System.out captured (one capture at a time across the CLI tests). */
    private static String capturingOut(Body body) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        synchronized (SendRecvCommandTest.class) {
            PrintStream original = System.out;
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                body.run();
            } finally {
                System.setOut(original);
            }
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
