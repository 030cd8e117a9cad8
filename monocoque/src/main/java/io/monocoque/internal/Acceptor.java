package io.monocoque.internal;

import io.monocoque.SocketOption;
import io.monocoque.ErrorCode;
import io.monocoque.MonocoqueException;
import io.monocoque.SocketEvent;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bound endpoint: a listening tcp or ipc channel that accepts connections and gives each a
 * {@link StreamEngine}. Binding happens on the caller's thread, so errors (address in use, bad
 * interface) surface from {@code bind()} itself; accepting happens on the I/O thread.
 *
 * <p>ipc: like libzmq, a stale socket file at the path is replaced, and the file is removed on
 * unbind/close.
 */
final class Acceptor implements IoHandler, EndpointHandle, Connection.Owner {
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());

    private final ServerSocketChannel channel;
    private final Endpoint endpoint;
    private final String resolved;
    private final Path ipcPath;
    private final SocketCore socket;
    private final IoThread io;
    private final Options options;
    private final Lingerer connections;
    private SelectionKey key;

    private Acceptor(ServerSocketChannel channel, Endpoint endpoint, String resolved, Path ipcPath, SocketCore socket,
                     IoThread io, Options options) {
        this.channel = channel;
        this.endpoint = endpoint;
        this.resolved = resolved;
        this.ipcPath = ipcPath;
        this.socket = socket;
        this.io = io;
        this.options = options;
        this.connections = new Lingerer(io);
    }

    static Acceptor open(Endpoint ep, SocketCore socket, IoThread io, Options options) {
        ServerSocketChannel ch = null;
        Path tempDir = null;
        try {
            Path ipcPath = null;
            SocketAddress address;
            if (ep.transport().equals("ipc")) {
                if (ep.path().equals("*")) {
                    tempDir = Files.createTempDirectory("monocoque-ipc");
                    ipcPath = tempDir.resolve("socket");
                } else {
                    ipcPath = Path.of(ep.path());
                }
                Files.deleteIfExists(ipcPath); // libzmq replaces a stale socket file
                address = UnixDomainSocketAddress.of(ipcPath);
                ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            } else {
                address = ep.resolve();
                ch = ServerSocketChannel.open(Endpoint.familyOf(address));
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                int rcvbuf = options.getInt(SocketOption.RCVBUF);
                if (rcvbuf > 0) {
                    ch.setOption(StandardSocketOptions.SO_RCVBUF, rcvbuf);
                }
            }
            ch.bind(address, 128);
            ch.configureBlocking(false);
            String resolved = Endpoint.format(ch.getLocalAddress());
            return new Acceptor(ch, ep, resolved, ipcPath, socket, io, options);
        } catch (BindException e) {
            abandon(ch, tempDir);
            String msg = String.valueOf(e.getMessage());
            ErrorCode code = msg.contains("in use") ? ErrorCode.EADDRINUSE : ErrorCode.EADDRNOTAVAIL;
            throw new MonocoqueException(code, "cannot bind " + ep.text() + ": " + msg, e);
        } catch (IOException e) {
            abandon(ch, tempDir);
            throw new MonocoqueException(ErrorCode.EINVAL, "cannot bind " + ep.text() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            abandon(ch, tempDir);
            throw e;
        }
    }

    /**
     * Removes an ipc endpoint's socket file and, for {@code ipc://*}, the temporary directory made
     * for it (as libzmq does): best effort.
     */
    private static void deleteIpcFiles(Path socketFile, Path tempDir) {
        try {
            if (socketFile != null) {
                Files.deleteIfExists(socketFile);
            }
            if (tempDir != null) {
                Files.deleteIfExists(tempDir);
            }
        } catch (IOException ignored) {
            // best effort, as libzmq
        }
    }

    /** A bind that failed: closes its channel and removes the directory made for {@code ipc://*}. */
    private static void abandon(ServerSocketChannel ch, Path tempDir) {
        close(ch);
        deleteIpcFiles(null, tempDir);
    }

    private static void close(ServerSocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    String resolvedEndpoint() {
        return resolved;
    }

    void start() {
        if (connections.terminating()) {
            return;
        }
        try {
            key = io.register(channel, SelectionKey.OP_ACCEPT, this);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot listen on " + resolved, e);
        }
    }

    @Override
    public void onReady(int readyOps) {
        for (int i = 0; i < 64; i++) {
            SocketChannel ch;
            try {
                ch = channel.accept();
            } catch (IOException e) {
                socket.emit(SocketEvent.Type.ACCEPT_FAILED, resolved, String.valueOf(e.getMessage()));
                return;
            }
            if (ch == null) {
                return;
            }
            try {
                Transport.configure(ch, options, ipcPath == null);
            } catch (IOException e) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // dropping it
                }
                continue;
            }
            socket.emit(SocketEvent.Type.ACCEPTED, resolved, "");
            connections.add(Engines.start(io, ch, null, socket, options, this, resolved, null));
        }
    }

    @Override
    public void connectionClosed(Connection connection, String reason) {
        connections.remove(connection);
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public boolean matches(String text) {
        return text.equals(endpoint.text()) || text.equals(resolved);
    }

    @Override
    public Peer persistentPeer() {
        return null;
    }

    @Override
    public void terminate(int lingerMillis, Runnable done) {
        if (key != null) {
            key.cancel();
        }
        close(channel);
        io.flushCancelledKeys(); // releases the port before unbind() returns
        socket.emit(SocketEvent.Type.CLOSED, resolved, "");
        if (ipcPath != null) {
            // A directory of our own (ipc://*) is the socket file's parent, named monocoque-ipc*.
            Path parent = ipcPath.getParent();
            boolean ownDir = endpoint.path().equals("*") && parent != null;
            deleteIpcFiles(ipcPath, ownDir ? parent : null);
        }
        connections.terminate(lingerMillis, done);
    }
}
