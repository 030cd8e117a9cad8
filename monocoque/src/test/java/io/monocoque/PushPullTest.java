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

    /**
     * Sizes that move a connection between the I/O thread's heap buffers (small frames) and its
     * direct ones (large frames) and back, many times, both ways of a DEALER pair, over tcp and
     * ipc: every byte must arrive in order whichever buffer carried it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:*", "ipc://*"})
    void shouldCarryEveryByteWhileFrameSizesSwitchBetweenSmallAndLarge(String bindEndpoint) {
        int[] sizes = {10, 3_000, 50_000, 0, 17_000, 64, 70_000, 1, 2_047, 2_048, 255, 256, 100_000, 5};
        int messages = 600;
        try (var ctx = new Context(); var a = ctx.socket(SocketType.DEALER); var b = ctx.socket(SocketType.DEALER)) {
            String ep = a.bind(bindEndpoint);
            b.connect(ep);
            for (Socket[] pair : new Socket[][] {{a, b}, {b, a}}) {
                Socket from = pair[0];
                Socket to = pair[1];
                var sender = TestSupport.failureOf(() -> {
                    for (int i = 0; i < messages; i++) {
                        int n = sizes[i % sizes.length];
                        // Runs of the same size, so that each kind of buffer stays in use a while.
                        from.send(i % 7 == 0 ? Msg.of(pattern(i, n), pattern(i + 1, 3)) : Msg.of(pattern(i, n)));
                    }
                });
                for (int i = 0; i < messages; i++) {
                    Msg m = to.recv(Duration.ofSeconds(10));
                    assertThat(m).as("message %d", i).isNotNull();
                    assertThat(m.bytes(0)).as("message %d", i).isEqualTo(pattern(i, sizes[i % sizes.length]));
                    assertThat(m.size()).isEqualTo(i % 7 == 0 ? 2 : 1);
                }
                assertThat(sender.join()).isNull();
            }
        }
    }

    private static byte[] pattern(int seed, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    private static int freePortAfterBind(Socket s) {
        String ep = s.bind("tcp://127.0.0.1:*");
        return Integer.parseInt(ep.substring(ep.lastIndexOf(':') + 1));
    }
}
