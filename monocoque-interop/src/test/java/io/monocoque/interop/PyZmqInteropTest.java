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
 * Monocoque against libzmq (pyzmq's {@code peer.py} in its own process): every
 * {@link InteropCase} over tcp and ipc, with Monocoque binding and connecting. Each cell exchanges
 * the whole {@link Script}: a 3-frame message, 1 MiB, empty frames and 10,000 ordered messages.
 */
class PyZmqInteropTest {

    @BeforeEach
    void needsPyZmq() {
        PyZmqPeer.assumeAvailable();
    }

    static Stream<Arguments> matrix() {
        return InteropSupport.matrix(List.of(Transport.TCP, Transport.IPC));
    }

    @ParameterizedTest(name = "{0} over {1}, {2}")
    @MethodSource("matrix")
    @Timeout(60)
    void shouldExchangeScriptWithLibzmq(InteropCase c, Transport transport, Direction direction, @TempDir Path dir)
            throws InterruptedException {
        Conversation.run(PyZmqPeer.FACTORY, c, transport, direction, dir);
    }
}
