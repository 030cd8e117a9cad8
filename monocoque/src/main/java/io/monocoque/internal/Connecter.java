package io.monocoque.internal;

import io.monocoque.SocketEvent;
import io.monocoque.SocketOption;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A connected endpoint: connects (asynchronously, on the I/O thread), runs a
 * {@link StreamEngine} on the connection and reconnects after RECONNECT_IVL when it fails or
 * ends, doubling the interval up to RECONNECT_IVL_MAX, with up to one interval of random jitter
 * (as libzmq). {@code connect()} before the peer binds therefore works: it retries until the peer
 * appears.
 */
final class Connecter implements IoHandler, EndpointHandle, Connection.Owner {
    private final Endpoint endpoint;
    private final SocketCore socket;
    private final IoThread io;
    private final Options options;
    private final Peer peer;
    private final Lingerer connections;
    private SocketChannel connecting;
    private SelectionKey connectKey;
    private IoThread.Timer retry;
    private int currentInterval;
    private boolean terminated;
    /** Set while a closed socket still has queued messages and no connection yet (linger). */
    private Runnable lingerDone;
    private int lingerMillis;
    private long lingerStart;
    private IoThread.Timer lingerDeadline;

    Connecter(Endpoint endpoint, SocketCore socket, IoThread io, Options options, Peer peer) {
        this.endpoint = endpoint;
        this.socket = socket;
        this.io = io;
        this.options = options;
        this.peer = peer;
        this.connections = new Lingerer(io);
        this.currentInterval = options.getInt(SocketOption.RECONNECT_IVL);
    }

    /** Starts the first connection attempt. I/O thread. */
    void start() {
        if (terminated && lingerDone == null) {
            return;
        }
        retry = null;
        SocketChannel ch = null;
        try {
            boolean tcp = endpoint.transport().equals("tcp");
            SocketAddress address = endpoint.resolve();
            ch = SocketChannel.open(Endpoint.familyOf(address));
            Transport.configure(ch, options, tcp);
            if (ch.connect(address)) {
                connected(ch, null);
            } else {
                connecting = ch;
                connectKey = io.register(ch, SelectionKey.OP_CONNECT, this);
                socket.emit(SocketEvent.Type.CONNECT_DELAYED, endpoint.text(), "");
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            scheduleReconnect();
        }
    }

    @Override
    public void onReady(int readyOps) {
        SocketChannel ch = connecting;
        if (ch == null) {
            return;
        }
        connecting = null;
        try {
            if (ch.finishConnect()) {
                SelectionKey k = connectKey;
                connectKey = null;
                connected(ch, k);
                return;
            }
            connecting = ch; // spurious; keep waiting
        } catch (IOException e) {
            connectKey.cancel();
            connectKey = null;
            closeQuietly(ch);
            if (e instanceof java.net.ConnectException && stopsOn(SocketOption.RECONNECT_STOP_CONN_REFUSED)) {
                giveUp("connection refused");
                return;
            }
            scheduleReconnect();
        }
    }

    /** The connection is up; the engine takes over the channel and, if any, its selection key. */
    private void connected(SocketChannel ch, SelectionKey key) {
        currentInterval = options.getInt(SocketOption.RECONNECT_IVL);
        socket.emit(SocketEvent.Type.CONNECTED, endpoint.text(), "");
        connections.add(Engines.start(io, ch, key, socket, options, this, endpoint.text(), peer));
        if (lingerDone != null) {
            // Closed while connecting: now flush the queue over this connection for what is left of LINGER.
            Runnable done = lingerDone;
            lingerDone = null;
            if (lingerDeadline != null) {
                lingerDeadline.cancel();
            }
            int left = lingerMillis < 0 ? -1
                    : (int) Math.max(1, lingerMillis - (System.nanoTime() - lingerStart) / 1_000_000);
            connections.terminate(left, done);
        }
    }

    @Override
    public void connectionClosed(Connection connection, String reason) {
        connections.remove(connection);
        if (terminated) {
            return;
        }
        boolean established = connection.wasEstablished();
        if ((established && stopsOn(SocketOption.RECONNECT_STOP_AFTER_DISCONNECT))
                || (!established && stopsOn(SocketOption.RECONNECT_STOP_HANDSHAKE_FAILED))) {
            giveUp(reason);
            return;
        }
        scheduleReconnect();
    }

    private boolean stopsOn(int flag) {
        return (options.getInt(SocketOption.RECONNECT_STOP) & flag) != 0;
    }

    /** RECONNECT_STOP: no more attempts for this endpoint; it stays listed until disconnect() or close(). */
    private void giveUp(String reason) {
        socket.emit(SocketEvent.Type.CLOSED, endpoint.text(), "reconnect stopped: " + reason);
    }

    private void scheduleReconnect() {
        int ivl = options.getInt(SocketOption.RECONNECT_IVL);
        if ((terminated && lingerDone == null) || ivl < 0) {
            return;
        }
        int delay = currentInterval + (currentInterval > 0 ? ThreadLocalRandom.current().nextInt(currentInterval) : 0);
        int max = options.getInt(SocketOption.RECONNECT_IVL_MAX);
        if (max > 0) {
            currentInterval = Math.min(max, Math.max(1, currentInterval) * 2);
        }
        retry = io.schedule(Math.max(delay, 1), this::start);
        socket.emit(SocketEvent.Type.CONNECT_RETRIED, endpoint.text(), Integer.toString(Math.max(delay, 1)));
    }

    @Override
    public boolean isBound() {
        return false;
    }

    @Override
    public boolean matches(String text) {
        return text.equals(endpoint.text());
    }

    @Override
    public Peer persistentPeer() {
        return peer;
    }

    @Override
    public void terminate(int lingerMillis, Runnable done) {
        terminated = true;
        if (lingerMillis != 0 && connections.isEmpty() && peer != null && peer.out().size() > 0) {
            // Messages are queued but no connection is up: keep connecting for up to LINGER, as libzmq.
            this.lingerDone = done;
            this.lingerMillis = lingerMillis;
            this.lingerStart = System.nanoTime();
            this.lingerDeadline = lingerMillis > 0 ? io.schedule(lingerMillis, this::abandonLinger) : null;
            return;
        }
        stopConnecting();
        connections.terminate(lingerMillis, done);
    }

    private void abandonLinger() {
        Runnable done = lingerDone;
        if (done == null) {
            return;
        }
        lingerDone = null;
        stopConnecting();
        connections.terminate(0, done);
    }

    private void stopConnecting() {
        if (retry != null) {
            retry.cancel();
        }
        if (connecting != null) {
            if (connectKey != null) {
                connectKey.cancel();
            }
            closeQuietly(connecting);
            connecting = null;
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
