package io.monocoque.interop;

import io.monocoque.interop.InteropSupport.Direction;
import io.monocoque.interop.InteropSupport.Transport;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Monocoque's PUB, SUB, XPUB and XSUB against libzmq (pyzmq's {@code peer.py} in its own
 * process): every {@link PubSubCase} over tcp and ipc, with Monocoque binding and connecting, each
 * a {@link PubSubFeed} of 10,000 multipart messages of which exactly the passing half must
 * arrive, in order; then the same with 1,000 prefixes subscribed.
 */
class PyZmqPubSubInteropTest {
    static final int COUNT = 10_000;

    @BeforeEach
    void needsPyZmq() {
        PyZmqPeer.assumeAvailable();
    }

    static Stream<Arguments> matrix() {
        return InteropSupport.pubSubMatrix(List.of(Transport.TCP, Transport.IPC));
    }

    @ParameterizedTest(name = "{0} over {1}, {2}")
    @MethodSource("matrix")
    @Timeout(60)
    void shouldCarryFeedWithLibzmq(PubSubCase c, Transport transport, Direction direction, @TempDir Path dir)
            throws InterruptedException {
        PubSubConversation.run(PyZmqPeer.FACTORY, c, transport, direction, dir, PubSubFeed.standard(COUNT));
    }

    static Stream<Arguments> manyPrefixes() {
        return Stream.of(PubSubCase.SUB_FROM_PUB, PubSubCase.PUB_TO_SUB, PubSubCase.PUB_TO_XSUB)
                .flatMap(c -> Stream.of(Direction.values()).map(d -> Arguments.of(c, d)));
    }

    /**
     * 1,000 distinct prefixes subscribed (by Monocoque's SUB to libzmq's PUB, by libzmq's SUB or
     * XSUB to Monocoque's PUB): a sample of 20 of them gets its messages, 20 near misses do not.
     */
    @ParameterizedTest(name = "{0} with 1,000 prefixes over tcp, {1}")
    @MethodSource("manyPrefixes")
    @Timeout(60)
    void shouldFilterOnManyPrefixesWithLibzmq(PubSubCase c, Direction direction, @TempDir Path dir)
            throws InterruptedException {
        PubSubConversation.run(PyZmqPeer.FACTORY, c, Transport.TCP, direction, dir, PubSubFeed.manyPrefixes(1000, COUNT));
    }
}
