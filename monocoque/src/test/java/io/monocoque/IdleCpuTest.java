package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An idle context spends (almost) no CPU: its I/O threads sleep in select() until there is work. */
@Timeout(60)
class IdleCpuTest {

    @Test
    void shouldUseLessThanOnePercentCpuWithAHundredIdleConnections() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadCpuTimeSupported(), "thread CPU time not supported");
        try (var ctx = Context.builder().ioThreads(2).build(); var pull = ctx.socket(SocketType.PULL)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            List<Socket> pushers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Socket push = ctx.socket(SocketType.PUSH);
                push.set(SocketOption.LINGER, 0);
                push.connect(ep);
                push.send("hello " + i);
                pushers.add(push);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(pull.recv(Duration.ofSeconds(10))).isNotNull(); // all 100 connections are up
            }
            long[] ids = ctx.ioThreads().stream().mapToLong(Thread::threadId).toArray();
            long cpuBefore = cpuNanos(mx, ids);
            long wallBefore = System.nanoTime();
            // Let three idle seconds pass (the behaviour under test is what happens while nothing does).
            while (System.nanoTime() - wallBefore < Duration.ofSeconds(3).toNanos()) {
                assertThat(pull.recv(Duration.ofMillis(200))).isNull();
            }
            long cpu = cpuNanos(mx, ids) - cpuBefore;
            long wall = System.nanoTime() - wallBefore;
            double percent = 100.0 * cpu / wall;
            System.out.printf("idle I/O threads: %.3f %% CPU over %d ms with 100 connections%n", percent, wall / 1_000_000);
            assertThat(percent).as("I/O thread CPU while idle, percent of one core").isLessThan(1.0);
            pushers.forEach(Socket::close);
        }
    }

    private static long cpuNanos(ThreadMXBean mx, long[] ids) {
        long total = 0;
        for (long id : ids) {
            long t = mx.getThreadCpuTime(id);
            if (t > 0) {
                total += t;
            }
        }
        return total;
    }
}
