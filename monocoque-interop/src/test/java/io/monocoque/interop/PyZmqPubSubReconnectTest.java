package io.monocoque.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.Context;
import io.monocoque.Socket;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import io.monocoque.interop.InteropSupport.Direction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Subscriptions outlive a connection: a Monocoque SUB receives a feed from a libzmq PUB, the PUB
 * is killed (SIGKILL) and a new one takes its place, and the SUB, never asked to subscribe again,
 * must send its subscriptions to the new PUB by itself. libzmq's PUB sends nothing to a peer
 * without subscriptions, so the new PUB's probe only arrives when they were sent again, and every
 * passing topic of the second feed only arrives when all of them were.
 */
class PyZmqPubSubReconnectTest {
    private static final int COUNT = 2000;

    @BeforeEach
    void needsPyZmq() {
        PyZmqPeer.assumeAvailable();
    }

    /**
     * "Monocoque connects": the new PUB binds the same tcp port and Monocoque reconnects to it;
     * "Monocoque binds": the new PUB connects to Monocoque's SUB (a new connection).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Direction.class)
    @Timeout(60)
    void shouldResendSubscriptionsToARestartedLibzmqPublisher(Direction direction) throws InterruptedException {
        PubSubFeed feed = PubSubFeed.standard(COUNT);
        boolean weBind = direction == Direction.MONOCOQUE_BINDS;
        try (Context ctx = new Context(); Socket sub = ctx.socket(SocketType.SUB)) {
            sub.set(SocketOption.LINGER, 0);
            for (String s : feed.subscriptions()) {
                sub.subscribe(s);
            }
            String ep = weBind ? sub.bind("tcp://127.0.0.1:*") : "tcp://127.0.0.1:*";
            try (PyZmqPeer first = PyZmqPeer.start(spec(!weBind, ep, feed))) {
                if (!weBind) {
                    ep = first.endpoint();
                    sub.connect(ep);
                }
                PubSubConversation.receive(sub, first, feed, "the first PUB");
                first.kill();
            }
            try (PyZmqPeer second = PyZmqPeer.start(spec(!weBind, ep, feed))) {
                assertThat(second.endpoint()).as("the new PUB's endpoint").isEqualTo(ep);
                PubSubConversation.receive(sub, second, feed, "the restarted PUB, subscriptions not renewed by the application");
            }
        }
    }

    private static PeerSpec spec(boolean bind, String endpoint, PubSubFeed feed) {
        return PeerSpec.pubSub(PeerSpec.Role.PUBLISH, SocketType.PUB, bind, endpoint, feed);
    }
}
