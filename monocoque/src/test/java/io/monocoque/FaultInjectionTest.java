package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A PUSH connected to a PULL through a {@link FaultProxy} that stalls, cuts, truncates or
 * corrupts the stream. In every case the connection is re-established and nothing is delivered
 * twice. What may be lost is only what was in flight on the broken connection (ZeroMQ does not
 * retransmit). Order holds per connection: after a cut, truncation or corruption the old
 * connection is gone, so everything arrives in order; after a stall the PUSH gives up on the
 * stalled connection (heartbeat timeout) while the PULL, which cannot tell, may still receive what
 * the stall held back once it clears, after newer messages from the new connection.
 *
 * <table>
 *   <caption>Fault matrix</caption>
 *   <tr><th>fault</th><th>expected</th></tr>
 *   <tr><td>cut after 100 bytes</td><td>reconnect; in-flight lost; no duplicate; in order</td></tr>
 *   <tr><td>cut inside a frame</td><td>partial frame never delivered; reconnect; no duplicate; in order</td></tr>
 *   <tr><td>reserved flag bit set</td><td>PULL drops the connection (protocol error); reconnect; no duplicate; in order</td></tr>
 *   <tr><td>stall</td><td>PUSH heartbeat timeout; reconnect; no duplicate; late delivery of held bytes allowed</td></tr>
 * </table>
 */
@Timeout(60)
class FaultInjectionTest {

    /** Receives until "seq N" with N >= last arrives; returns the sequence numbers seen, checking order. */
    private static int drainUpTo(Socket pull, int last, int[] previous, java.util.Set<Integer> seen, boolean ordered) {
        int received = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (previous[0] < last && System.nanoTime() < deadline) {
            Msg m = pull.recv(Duration.ofMillis(200));
            if (m == null) {
                continue;
            }
            int seq = Integer.parseInt(m.string(0).substring(4));
            assertThat(seen.add(seq)).as("seq %d delivered twice", seq).isTrue();
            if (ordered) {
                assertThat(seq).as("in order").isGreaterThan(previous[0]);
            }
            previous[0] = Math.max(previous[0], seq);
            received++;
        }
        assertThat(seen).as("the last message arrived after the fault").contains(last);
        return received;
    }

    private interface Fault {
        void inject(FaultProxy proxy);
    }

    private static void runCase(Fault fault, boolean heartbeats) throws Exception {
        boolean ordered = !heartbeats; // the stall case may deliver held-back messages late
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            String target = pull.bind("tcp://127.0.0.1:*");
            try (FaultProxy proxy = new FaultProxy(target)) {
                push.set(SocketOption.RECONNECT_IVL, 20);
                push.set(SocketOption.LINGER, 0);
                if (heartbeats) {
                    push.set(SocketOption.HEARTBEAT_IVL, 100);
                    push.set(SocketOption.HEARTBEAT_TIMEOUT, 400);
                }
                push.connect(proxy.endpoint());
                int[] previous = {-1};
                for (int i = 0; i < 100; i++) {
                    push.send(Msg.of("seq " + i, "payload"));
                }
                drainUpTo(pull, 99, previous, seen, true);
                fault.inject(proxy);
                for (int i = 100; i < 200; i++) {
                    push.send(Msg.of("seq " + i, "payload"));
                }
                // Whatever is lost, sending goes on until a message sent after reconnecting arrives.
                int next = 200;
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (proxy.connections() < 2 && System.nanoTime() < deadline) {
                    push.send(Msg.of("seq " + next++, "payload"));
                    Msg m = pull.recv(Duration.ofMillis(20));
                    if (m != null) {
                        int seq = Integer.parseInt(m.string(0).substring(4));
                        assertThat(seen.add(seq)).as("seq %d delivered twice", seq).isTrue();
                        if (ordered) {
                            assertThat(seq).isGreaterThan(previous[0]);
                        }
                        previous[0] = Math.max(previous[0], seq);
                    }
                }
                assertThat(proxy.connections()).as("the PUSH reconnected through the proxy").isGreaterThanOrEqualTo(2);
                proxy.pass();
                for (int i = 0; i < 50; i++) {
                    push.send(Msg.of("seq " + next++, "payload"));
                }
                drainUpTo(pull, next - 1, previous, seen, ordered);
            }
        }
    }

    @Test
    void cutConnectionIsReestablishedWithoutDuplicates() throws Exception {
        runCase(proxy -> proxy.cutAfter(100), false);
    }

    @Test
    void truncatedFrameIsNeverDeliveredAndTheLinkRecovers() throws Exception {
        runCase(proxy -> proxy.cutAfter(5), false); // 5 bytes: inside the next frame's header or body
    }

    @Test
    void corruptedStreamDropsTheConnectionAndTheLinkRecovers() throws Exception {
        runCase(proxy -> proxy.corruptAfter(0), false); // reserved bits set in the next frame's flags
    }

    @Test
    void stalledLinkIsDetectedByHeartbeatsAndReplaced() throws Exception {
        runCase(FaultProxy::stall, true);
    }
}
