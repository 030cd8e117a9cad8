package io.monocoque.internal;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * Chooses the engine that drives a new connection. The selector engine ({@link StreamEngine}) is
 * the default; {@code -Dmonocoque.engine=vthreads} selects the experimental
 * {@link VirtualThreadEngine}, kept so the two can be measured against each other
 * (docs/PERFORMANCE.md).
 */
final class Engines {
    static final boolean VIRTUAL_THREADS = "vthreads".equals(System.getProperty("monocoque.engine", "selector"));

    private Engines() {
    }

    /**
     * Starts an engine on a connected channel. I/O thread.
     *
     * @param key the channel's selection key when it is registered already (after a connect), else null
     */
    static Connection start(IoThread io, SocketChannel ch, SelectionKey key, SocketCore socket, Options options,
                            Connection.Owner owner, String endpoint, Peer presetPeer) {
        if (VIRTUAL_THREADS) {
            VirtualThreadEngine e = new VirtualThreadEngine(io, ch, key, socket, options, owner, endpoint, presetPeer);
            e.start();
            return e;
        }
        StreamEngine e = new StreamEngine(io, ch, socket, options, owner, endpoint, presetPeer);
        e.start(key);
        return e;
    }
}
