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
 * Monocoque against JeroMQ 0.6 in the same JVM: every {@link InteropCase}, with Monocoque binding
 * and connecting, over tcp only. JeroMQ's {@code ipc://} is not a Unix domain socket: its
 * {@code IpcAddress} maps the path to a loopback TCP port (an emulation of ipc over tcp), so it
 * cannot talk to Monocoque's (or libzmq's) real ipc; pyzmq covers ipc.
 *
 * <p>A JeroMQ peer whose handshake never completes is recreated, logged, up to twice when it connects and once when it binds (see {@link JeroMqPeer}).
 */
class JeroMqInteropTest {

    static Stream<Arguments> matrix() {
        return InteropSupport.matrix(List.of(Transport.TCP));
    }

    @ParameterizedTest(name = "{0} over {1}, {2}")
    @MethodSource("matrix")
    @Timeout(60)
    void shouldExchangeScriptWithJeroMq(InteropCase c, Transport transport, Direction direction, @TempDir Path dir)
            throws InterruptedException {
        Conversation.run(JeroMqPeer.FACTORY, c, transport, direction, dir);
    }
}
