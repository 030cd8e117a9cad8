package io.monocoque.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** What the interop tests share: transports, who binds, the case matrix and the waits. */
final class InteropSupport {
    /** How long the side that speaks first waits for its probe to get through. */
    static final Duration PROBE_WAIT = Duration.ofSeconds(5);
    /** How long one send or receive of the script may take. */
    static final Duration IO_WAIT = Duration.ofSeconds(10);
    /** How long a peer may take to report its result once Monocoque's side is done. */
    static final Duration RESULT_WAIT = Duration.ofSeconds(30);

    private InteropSupport() {
    }

    /** The transports of the matrix. */
    enum Transport {
        TCP, IPC;

        /** A bindable endpoint: an ephemeral loopback port, or a socket file in {@code dir}. */
        String bindable(Path dir) {
            return bindable(dir, "interop");
        }

        /** As {@link #bindable(Path)}, with socket file {@code name}.sock for ipc (several in one dir). */
        String bindable(Path dir, String name) {
            return switch (this) {
                case TCP -> "tcp://127.0.0.1:*";
                case IPC -> "ipc://" + dir.resolve(name + ".sock");
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which side binds; the other connects. */
    enum Direction {
        MONOCOQUE_BINDS, MONOCOQUE_CONNECTS;

        @Override
        public String toString() {
            return this == MONOCOQUE_BINDS ? "Monocoque binds" : "Monocoque connects";
        }
    }

    /** Every {@link PubSubCase} over {@code transports} and both directions. */
    static Stream<Arguments> pubSubMatrix(List<Transport> transports) {
        return Stream.of(PubSubCase.values()).flatMap(c -> transports.stream()
                .flatMap(t -> Stream.of(Direction.values()).map(d -> Arguments.of(c, t, d))));
    }

    /** Every {@link InteropCase} over {@code transports} and both directions. */
    static Stream<Arguments> matrix(List<Transport> transports) {
        return Stream.of(InteropCase.values()).flatMap(c -> transports.stream()
                .flatMap(t -> Stream.of(Direction.values()).map(d -> Arguments.of(c, t, d))));
    }

    /** Takes monitor events until one of {@code type} arrives; false when {@code seconds} pass first. */
    static boolean awaitType(java.util.concurrent.BlockingQueue<io.monocoque.SocketEvent> events, io.monocoque.SocketEvent.Type type,
                             int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            io.monocoque.SocketEvent e = events.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (e != null && e.type() == type) {
                return true;
            }
        }
        return false;
    }
}
