package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HighWaterMarkTest {

    @Test
    void shouldStopAcceptingAtHwmWhenPeerStallsAndLoseNothing() {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            pull.set(SocketOption.RCVHWM, 10);
            push.set(SocketOption.SNDHWM, 10);
            push.set(SocketOption.SNDBUF, 4096);
            pull.set(SocketOption.RCVBUF, 4096);
            push.set(SocketOption.LINGER, 0);
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.connect(ep);
            TestSupport.awaitConnected(push, pull);
            byte[] payload = new byte[1000];
            int sent = 0;
            // The puller reads nothing: pipes and kernel buffers fill, then sends are refused.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int refusedInARow = 0;
            while (refusedInARow < 50 && System.nanoTime() < deadline) {
                if (push.send(Msg.of(Integer.toString(sent).getBytes(), payload), Duration.ofMillis(2))) {
                    sent++;
                    refusedInARow = 0;
                } else {
                    refusedInARow++;
                }
            }
            assertThat(refusedInARow).as("sends refused once the HWMs are reached").isEqualTo(50);
            assertThat(sent).isLessThan(100_000);
            // Draining delivers every accepted message, in order, and sending works again.
            for (int i = 0; i < sent; i++) {
                Msg m = pull.recv(Duration.ofSeconds(10));
                assertThat(m).as("message %d of %d", i, sent).isNotNull();
                assertThat(m.string(0)).isEqualTo(Integer.toString(i));
            }
            push.send("after drain");
            assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("after drain");
        }
    }

    @Test
    void shouldRoundRobinAcrossPullers() {
        try (var ctx = new Context(); var push = ctx.socket(SocketType.PUSH); var a = ctx.socket(SocketType.PULL);
             var b = ctx.socket(SocketType.PULL)) {
            String epA = a.bind("tcp://127.0.0.1:*");
            String epB = b.bind("tcp://127.0.0.1:*");
            push.set(SocketOption.IMMEDIATE, true);
            push.connect(epA);
            push.connect(epB);
            TestSupport.await("both connections up", Duration.ofSeconds(10), () -> {
                push.trySend(Msg.of("probe"));
                return a.tryRecv() != null && b.tryRecv() != null;
            });
            while (a.recv(Duration.ofMillis(50)) != null || b.recv(Duration.ofMillis(50)) != null) {
                // drain probes
            }
            for (int i = 0; i < 100; i++) {
                push.send("m");
            }
            int countA = 0;
            int countB = 0;
            while (countA + countB < 100) {
                if (a.recv(Duration.ofMillis(10)) != null) {
                    countA++;
                }
                if (b.recv(Duration.ofMillis(10)) != null) {
                    countB++;
                }
            }
            assertThat(countA).isEqualTo(50);
            assertThat(countB).isEqualTo(50);
        }
    }
}
