package io.monocoque.interop;

import static io.monocoque.interop.InteropSupport.PROBE_WAIT;
import static io.monocoque.interop.InteropSupport.RESULT_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.Context;
import io.monocoque.Msg;
import io.monocoque.Proxy;
import io.monocoque.Socket;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import io.monocoque.interop.InteropSupport.Direction;
import io.monocoque.interop.InteropSupport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A forwarder with libzmq on both sides: libzmq PUB -> Monocoque {@link Proxy} (XSUB frontend,
 * XPUB backend) -> libzmq SUB. The SUB's subscriptions travel up through the XPUB, the proxy and
 * the XSUB to the PUB, the feed travels down; the SUB checks that exactly the passing messages
 * arrived, in order. The proxy is steered through a PAIR control socket and ends on TERMINATE.
 */
class PyZmqPubSubProxyTest {
    private static final int COUNT = 10_000;

    @BeforeEach
    void needsPyZmq() {
        PyZmqPeer.assumeAvailable();
    }

    static Stream<Arguments> matrix() {
        return Stream.of(Transport.values()).flatMap(t -> Stream.of(Direction.values()).map(d -> Arguments.of(t, d)));
    }

    /** "Monocoque binds": the proxy binds both sockets and the libzmq peers connect; else the other way. */
    @ParameterizedTest(name = "over {0}, {1}")
    @MethodSource("matrix")
    @Timeout(60)
    void shouldForwardBetweenLibzmqPublisherAndSubscriber(Transport transport, Direction direction, @TempDir Path dir)
            throws Exception {
        PubSubFeed feed = PubSubFeed.standard(COUNT);
        boolean weBind = direction == Direction.MONOCOQUE_BINDS;
        try (Context ctx = new Context(); Socket xsub = ctx.socket(SocketType.XSUB); Socket xpub = ctx.socket(SocketType.XPUB);
             Socket control = ctx.socket(SocketType.PAIR); Socket steer = ctx.socket(SocketType.PAIR)) {
            for (Socket s : new Socket[] {xsub, xpub, control, steer}) {
                s.set(SocketOption.LINGER, 0);
            }
            xpub.set(SocketOption.SNDHWM, 0); // the proxy drops nothing on its way to the SUB
            steer.connect(control.bind("tcp://127.0.0.1:*"));
            String front = weBind ? xsub.bind(transport.bindable(dir, "front")) : transport.bindable(dir, "front");
            String back = weBind ? xpub.bind(transport.bindable(dir, "back")) : transport.bindable(dir, "back");
            CompletableFuture<Void> proxy = new CompletableFuture<>();
            try (PyZmqPeer sub = PyZmqPeer.start(PeerSpec.pubSub(PeerSpec.Role.SUBSCRIBE, SocketType.SUB, !weBind, back, feed));
                 PyZmqPeer pub = PyZmqPeer.start(PeerSpec.pubSub(PeerSpec.Role.PUBLISH, SocketType.PUB, !weBind, front, feed))) {
                if (!weBind) {
                    xsub.connect(pub.endpoint());
                    xpub.connect(sub.endpoint());
                }
                Thread.ofPlatform().daemon().name("interop-proxy").start(() -> {
                    try {
                        Proxy.run(xsub, xpub, null, control);
                        proxy.complete(null);
                    } catch (Throwable t) {
                        proxy.completeExceptionally(t);
                    }
                });
                try {
                    // The publisher probes until told "go"; a probe at the SUB means the subscription made it up.
                    Duration wait = PROBE_WAIT.multipliedBy(2);
                    assertThat(sub.awaitEvents("probe", 1, wait)).as("a probe through the proxy within %s", wait).isNotEmpty();
                    pub.tell("go");
                    PeerResult r = sub.awaitResult(RESULT_WAIT);
                    assertThat(r.mismatches()).as("messages the SUB found different: %s", r.firstMismatch()).isZero();
                    assertThat(r.count()).as("messages the SUB received through the proxy").isEqualTo(feed.passing());
                    assertThat(pub.awaitResult(RESULT_WAIT).count()).as("messages the PUB published").isEqualTo(COUNT);
                } finally {
                    PubSubConversation.send(steer, Msg.of("TERMINATE"), "TERMINATE to the proxy");
                }
                try {
                    proxy.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError("the proxy failed instead of obeying TERMINATE: " + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("the proxy did not end within 10 s of TERMINATE", e);
                }
            }
        }
    }
}
