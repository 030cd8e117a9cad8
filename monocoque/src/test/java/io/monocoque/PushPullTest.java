package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class PushPullTest {

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:*", "ipc://*"})
    void shouldDeliverMessagesInOrder(String bindEndpoint) {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            String ep = pull.bind(bindEndpoint);
            push.connect(ep);
            // Send from another thread: 10,000 messages can exceed SNDHWM + RCVHWM + the kernel's
            // buffers (ipc buffers hold only a few hundred small writes), and then a sender that
            // waits for the receiver to start blocks at the HWM, as it would with libzmq.
            var sender = TestSupport.failureOf(() -> {
                for (int i = 0; i < 10_000; i++) {
                    push.send(Msg.of("msg", Integer.toString(i)));
                }
            });
            for (int i = 0; i < 10_000; i++) {
                Msg m = pull.recv(Duration.ofSeconds(10));
                assertThat(m).isNotNull();
                assertThat(m.size()).isEqualTo(2);
                assertThat(m.string(1)).isEqualTo(Integer.toString(i));
            }
            assertThat(sender.join()).isNull();
        }
    }

    @Test
    void shouldCarryLargeAndEmptyFrames() {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            push.connect("tcp://127.0.0.1:" + freePortAfterBind(pull));
            byte[] big = new byte[1 << 20];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            push.send(Msg.of(new byte[0], big, new byte[0]));
            Msg m = pull.recv(Duration.ofSeconds(10));
            assertThat(m.size()).isEqualTo(3);
            assertThat(m.frameSize(0)).isZero();
            assertThat(m.bytes(1)).isEqualTo(big);
            assertThat(m.frameSize(2)).isZero();
        }
    }

    private static int freePortAfterBind(Socket s) {
        String ep = s.bind("tcp://127.0.0.1:*");
        return Integer.parseInt(ep.substring(ep.lastIndexOf(':') + 1));
    }
}
