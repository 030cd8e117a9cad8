package io.monocoque.interop;

import io.monocoque.interop.InteropSupport.Direction;
import io.monocoque.interop.InteropSupport.Transport;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Monocoque's PUB, SUB, XPUB and XSUB against JeroMQ 0.6 in the same JVM: every
 * {@link PubSubCase} over tcp (JeroMQ's ipc is emulated over tcp, see {@link JeroMqInteropTest}),
 * with Monocoque binding and connecting, each a {@link PubSubFeed} of 10,000 multipart messages.
 * JeroMQ speaks ZMTP 3.0, so subscriptions travel as 0x01/0x00 messages rather than the SUBSCRIBE
 * and CANCEL commands of ZMTP 3.1 (libzmq).
 *
 * <p>A JeroMQ peer whose handshake never completes is recreated, logged, up to twice when it connects and once when it binds (see {@link JeroMqPeer}).
 */
class JeroMqPubSubInteropTest {

    static Stream<Arguments> matrix() {
        return InteropSupport.pubSubMatrix(List.of(Transport.TCP));
    }

    @ParameterizedTest(name = "{0} over {1}, {2}")
    @MethodSource("matrix")
    @Timeout(60)
    void shouldCarryFeedWithJeroMq(PubSubCase c, Transport transport, Direction direction, @TempDir Path dir)
            throws InterruptedException {
        PubSubConversation.run(JeroMqPeer.FACTORY, c, transport, direction, dir, PubSubFeed.standard(PyZmqPubSubInteropTest.COUNT));
    }
}
