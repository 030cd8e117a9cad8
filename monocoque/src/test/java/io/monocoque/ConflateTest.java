package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConflateTest {

    @Test
    void shouldKeepOnlyTheNewestMessageForASlowReader() {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            pull.set(SocketOption.CONFLATE, true);
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.connect(ep);
            TestSupport.awaitConnected(push, pull);
            for (int i = 0; i <= 1000; i++) {
                push.send("v" + i);
            }
            int received = 0;
            String last = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"v1000".equals(last) && System.nanoTime() < deadline) {
                Msg m = pull.recv(Duration.ofMillis(100));
                if (m != null) {
                    received++;
                    last = m.string(0);
                }
            }
            assertThat(last).isEqualTo("v1000");
            assertThat(received).as("older values were replaced, not queued").isLessThan(1001);
            assertThat(pull.recv(Duration.ofMillis(100))).isNull();
        }
    }
}
