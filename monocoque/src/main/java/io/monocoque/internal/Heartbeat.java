package io.monocoque.internal;

import io.monocoque.SocketOption;
import io.monocoque.zmtp.Command;
import java.util.concurrent.TimeUnit;

/**
 * A connection's timers, on its I/O thread (not driven by user calls): the handshake deadline
 * (HANDSHAKE_IVL), PINGs every HEARTBEAT_IVL announcing HEARTBEAT_TTL, the wait for traffic after
 * a PING (HEARTBEAT_TIMEOUT), and the TTL a peer announced in its own PINGs. Any received bytes
 * count as a sign of life (RFC 37). When a deadline passes the connection is closed and its
 * owner reconnects as usual.
 *
 * <p>I/O thread only.
 */
final class Heartbeat {
    /** What the heartbeat needs from its connection. */
    interface Link {
        void sendPing(Command.Ping ping);

        void expire(String reason);

        boolean handshakeDone();
    }

    private static final byte[] NO_CONTEXT = new byte[0];

    private final IoThread io;
    private final Link link;
    private final int interval;
    private final int ttlDeciseconds;
    private final int timeout;
    private final int handshakeLimit;
    /** Volatile: a socket thread that reads through marks receipt too. */
    private volatile long lastReceived = System.nanoTime();
    private IoThread.Timer handshakeTimer;
    private IoThread.Timer pingTimer;
    private IoThread.Timer timeoutTimer;
    private IoThread.Timer peerTtlTimer;
    private long peerTtlNanos;
    private boolean stopped;

    Heartbeat(IoThread io, Options options, Link link) {
        this.io = io;
        this.link = link;
        this.interval = options.getInt(SocketOption.HEARTBEAT_IVL);
        this.ttlDeciseconds = options.getInt(SocketOption.HEARTBEAT_TTL) / 100;
        int t = options.getInt(SocketOption.HEARTBEAT_TIMEOUT);
        this.timeout = t < 0 ? interval : t;
        this.handshakeLimit = options.getInt(SocketOption.HANDSHAKE_IVL);
    }

    /** The connection started its handshake. */
    void connectionStarted() {
        if (handshakeLimit > 0) {
            handshakeTimer = io.schedule(handshakeLimit, () -> {
                if (!link.handshakeDone()) {
                    link.expire("handshake not completed within HANDSHAKE_IVL " + handshakeLimit + " ms");
                }
            });
        }
    }

    /** The handshake completed: start sending PINGs if asked to. */
    void handshakeCompleted() {
        cancel(handshakeTimer);
        if (interval > 0) {
            pingTimer = io.schedule(interval, this::ping);
        }
    }

    /** Bytes arrived. Cheap: one clock read per read call, not per message. */
    void received() {
        lastReceived = System.nanoTime();
    }

    /** The peer sent a PING; a non-zero TTL means: drop me if I go silent that long. */
    void peerPing(Command.Ping ping) {
        if (ping.ttlDeciseconds() == 0 || peerTtlTimer != null) {
            return;
        }
        peerTtlNanos = TimeUnit.MILLISECONDS.toNanos(ping.ttlDeciseconds() * 100L);
        peerTtlTimer = io.schedule(ping.ttlDeciseconds() * 100L, this::checkPeerTtl);
    }

    private void checkPeerTtl() {
        peerTtlTimer = null;
        if (stopped) {
            return;
        }
        long silentFor = System.nanoTime() - lastReceived;
        if (silentFor >= peerTtlNanos) {
            link.expire("peer's heartbeat TTL of " + TimeUnit.NANOSECONDS.toMillis(peerTtlNanos) + " ms expired");
        } else {
            peerTtlTimer = io.schedule(Math.max(1, TimeUnit.NANOSECONDS.toMillis(peerTtlNanos - silentFor)), this::checkPeerTtl);
        }
    }

    private void ping() {
        if (stopped) {
            return;
        }
        long sentAt = System.nanoTime();
        link.sendPing(new Command.Ping(ttlDeciseconds, NO_CONTEXT));
        if (timeoutTimer == null && timeout > 0) {
            timeoutTimer = io.schedule(timeout, () -> {
                timeoutTimer = null;
                if (!stopped && lastReceived - sentAt < 0) {
                    link.expire("no traffic within HEARTBEAT_TIMEOUT " + timeout + " ms after a PING");
                }
            });
        }
        pingTimer = io.schedule(interval, this::ping);
    }

    /** The connection closed: cancel everything. */
    void stop() {
        stopped = true;
        cancel(handshakeTimer);
        cancel(pingTimer);
        cancel(timeoutTimer);
        cancel(peerTtlTimer);
    }

    private static void cancel(IoThread.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }
}
