package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many short-lived sockets and connections leave no thread and no file descriptor behind. */
@Timeout(120)
class ResourceLeakTest {

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    private static long monocoqueThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("monocoque")).count();
    }

    /** Waits until the descriptor count is back within {@code slack} of {@code baseline}. */
    private static int settledFds(int baseline, int slack) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int now = openFds();
        while (now > baseline + slack && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            now = openFds();
        }
        return now;
    }

    @Test
    void shouldReleaseEverythingAfterAThousandSocketLifecycles() {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            // Warm up once so lazily created JDK resources (selector, caches) count in the baseline.
            try (var push = ctx.socket(SocketType.PUSH)) {
                push.connect(ep);
                push.send("warm-up");
                pull.recv(Duration.ofSeconds(5));
            }
            int fdBaseline = settledFds(openFds(), 0);
            long threadBaseline = monocoqueThreads();
            long heapBaseline = usedHeapAfterGc();
            for (int i = 0; i < 1000; i++) {
                try (var push = ctx.socket(SocketType.PUSH)) {
                    push.set(SocketOption.LINGER, 1000);
                    push.connect(ep);
                    push.send("m" + i);
                }
                assertThat(pull.recv(Duration.ofSeconds(5))).as("message %d", i).isNotNull();
            }
            assertThat(settledFds(fdBaseline, 4)).as("open file descriptors").isLessThanOrEqualTo(fdBaseline + 4);
            assertThat(monocoqueThreads()).as("monocoque threads").isEqualTo(threadBaseline);
            long heapGrowth = usedHeapAfterGc() - heapBaseline;
            System.out.printf("1,000 socket lifecycles: descriptors %d -> %d, heap growth %,d bytes%n",
                    fdBaseline, openFds(), heapGrowth);
            assertThat(heapGrowth).as("heap retained after 1,000 socket lifecycles").isLessThan(8L << 20);
        }
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void shouldReleaseEverythingAfterAThousandConnectDisconnectCycles() {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.connect(ep);
            push.send("warm-up");
            pull.recv(Duration.ofSeconds(5));
            push.disconnect(ep);
            int fdBaseline = settledFds(openFds(), 0);
            long heapBaseline = usedHeapAfterGc();
            for (int i = 0; i < 1000; i++) {
                push.connect(ep);
                push.send("m" + i);
                assertThat(pull.recv(Duration.ofSeconds(5))).as("message %d", i).isNotNull();
                push.disconnect(ep);
            }
            assertThat(settledFds(fdBaseline, 4)).as("open file descriptors").isLessThanOrEqualTo(fdBaseline + 4);
            long heapGrowth = usedHeapAfterGc() - heapBaseline;
            System.out.printf("1,000 connect/disconnect cycles: descriptors %d -> %d, heap growth %,d bytes%n",
                    fdBaseline, openFds(), heapGrowth);
            assertThat(heapGrowth).as("heap retained after 1,000 connect/disconnect cycles").isLessThan(8L << 20);
        }
    }

    @Test
    void shouldLeaveNoThreadBehindAfterAHundredContexts() {
        long baseline = monocoqueThreads();
        for (int i = 0; i < 100; i++) {
            try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
                push.connect(pull.bind("tcp://127.0.0.1:*"));
                push.send("x");
                pull.recv(Duration.ofSeconds(5));
            }
        }
        assertThat(monocoqueThreads()).isEqualTo(baseline);
    }
}
