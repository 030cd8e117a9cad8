package io.monocoque.interop;

import static io.monocoque.interop.InteropSupport.IO_WAIT;
import static io.monocoque.interop.InteropSupport.RESULT_WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.monocoque.Context;
import io.monocoque.Msg;
import io.monocoque.Socket;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A libzmq peer that Monocoque connects to dies mid-stream and comes back on the same port:
 * Monocoque reconnects by itself and the conversation goes on.
 */
class PyZmqReconnectTest {
    private static final int BEFORE_KILL = 500;
    private static final int WHILE_DOWN = 100;
    private static final int AFTER_RESTART = 1000;

    @BeforeEach
    void needsPyZmq() {
        PyZmqPeer.assumeAvailable();
    }

    /**
     * PUSH (Monocoque, connecting) to PULL (libzmq, binding tcp). The PULL is killed with SIGKILL
     * after it got the first of the "a" messages, a new PULL binds the same port, and every "b"
     * message, sent once the new PULL is up, must reach it in order.
     *
     * <p>What may be lost, and is not asserted: "a" messages that had left Monocoque before the
     * kill (in the dead process's queues or in its socket's kernel buffers), and "a" messages sent
     * while no PULL ran if Monocoque wrote them into the dead connection before it noticed the
     * reset. The "a" messages the new PULL does get must still be in order, without duplicates.
     */
    @Test
    @Timeout(60)
    void shouldReconnectAndKeepSendingWhenLibzmqPullIsKilledAndRestarted() throws InterruptedException {
        try (Context ctx = new Context(); Socket push = ctx.socket(SocketType.PUSH)) {
            push.set(SocketOption.LINGER, 0);
            String ep;
            try (PyZmqPeer first = PyZmqPeer.start(tally("tcp://127.0.0.1:*"))) {
                ep = first.endpoint();
                push.connect(ep);
                send(push, "a", 0, BEFORE_KILL);
                assertThat(first.awaitEvent("first", IO_WAIT)).as("the first PULL got a message").isTrue();
                first.kill(); // mid-stream: it never sees END
            }
            send(push, "a", BEFORE_KILL, BEFORE_KILL + WHILE_DOWN); // nobody listens: queued or lost
            try (PyZmqPeer second = PyZmqPeer.start(tally(ep))) {
                assertThat(second.endpoint()).as("the new PULL's endpoint").isEqualTo(ep);
                send(push, "b", 0, AFTER_RESTART);
                send(push, "END");
                PeerResult r = second.awaitResult(RESULT_WAIT);
                Map<String, Object> b = r.tag("b");
                assertThat(b).as("messages sent after the restart, at the new PULL: %s", r.fields()).isNotNull();
                assertThat(b).as("b messages at the new PULL")
                        .containsEntry("count", (long) AFTER_RESTART)
                        .containsEntry("first", 0L)
                        .containsEntry("last", (long) AFTER_RESTART - 1)
                        .containsEntry("increasing", true);
                Map<String, Object> a = r.tag("a");
                if (a != null) {
                    assertThat(a).as("a messages at the new PULL, if any").containsEntry("increasing", true);
                    assertThat((Long) a.get("last")).as("last a message at the new PULL").isLessThan(BEFORE_KILL + WHILE_DOWN);
                }
                System.out.println("reconnect: the new PULL got " + (a == null ? 0 : a.get("count")) + " of "
                        + (BEFORE_KILL + WHILE_DOWN) + " 'a' messages (" + a + ") and all " + AFTER_RESTART + " 'b' messages");
            }
        }
    }

    private static PeerSpec tally(String endpoint) {
        return new PeerSpec(PeerSpec.Role.TALLY, SocketType.PULL, true, endpoint, null, false, 0);
    }

    private static void send(Socket push, String tag, int from, int to) {
        for (int i = from; i < to; i++) {
            send(push, tag + "-" + i);
        }
    }

    private static void send(Socket push, String frame) {
        if (!push.send(Msg.of(frame), IO_WAIT)) {
            fail("could not send " + frame + " within " + IO_WAIT);
        }
    }
}
