package io.monocoque;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Forwards messages between a frontend and a backend socket, as {@code zmq_proxy} /
 * {@code zmq_proxy_steerable}: XSUB/XPUB forwarders (subscriptions flow back upstream), ROUTER/
 * DEALER brokers, PULL/PUSH streamers.
 *
 * <p>Each direction in which the frontend can receive and the backend can send (and the other way
 * round) gets its own forwarding thread; sockets are safe to share between threads. A capture
 * socket, when given, gets a copy of every forwarded message, never blocking the flow (dropped
 * when it cannot take it). A control socket, when given, steers the proxy with the messages
 * {@code PAUSE}, {@code RESUME} and {@code TERMINATE}.
 *
 * <pre>{@code
 * // the ZeroMQ guide's XSUB/XPUB forwarder
 * Proxy.run(xsub, xpub);
 * }</pre>
 */
public final class Proxy {
    private final Socket frontend;
    private final Socket backend;
    private final Socket capture;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    private final Condition stopped = lock.newCondition();
    private final List<Thread> forwarders = new ArrayList<>();
    private volatile boolean paused;
    private volatile boolean terminated;
    private volatile boolean terminatedByControl;
    private volatile MonocoqueException failure;

    private Proxy(Socket frontend, Socket backend, Socket capture) {
        this.frontend = frontend;
        this.backend = backend;
        this.capture = capture;
    }

    /** Forwards until a socket or its context is closed (then throws ETERM / ENOTSOCK). */
    public static void run(Socket frontend, Socket backend) {
        run(frontend, backend, null, null);
    }

    /** Forwards with a copy of each message to {@code capture}, until a socket or the context closes. */
    public static void run(Socket frontend, Socket backend, Socket capture) {
        run(frontend, backend, capture, null);
    }

    /**
     * Forwards and obeys {@code control} (PAUSE / RESUME / TERMINATE); returns after TERMINATE.
     *
     * @param capture may be null
     * @param control may be null (then runs until a socket or the context closes)
     * @throws MonocoqueException ETERM / ENOTSOCK when a socket or the context is closed
     */
    public static void run(Socket frontend, Socket backend, Socket capture, Socket control) {
        new Proxy(frontend, backend, capture).runLoop(control);
    }

    private void runLoop(Socket control) {
        if (canReceive(frontend.type()) && canSend(backend.type())) {
            forwarders.add(start("monocoque-proxy-front", frontend, backend));
        }
        if (canReceive(backend.type()) && canSend(frontend.type())) {
            forwarders.add(start("monocoque-proxy-back", backend, frontend));
        }
        if (forwarders.isEmpty()) {
            throw new MonocoqueException(ErrorCode.EINVAL, "a proxy between " + frontend.type() + " and " + backend.type()
                    + " has nothing to forward");
        }
        try {
            if (control != null) {
                steer(control);
            } else {
                awaitFailure();
            }
        } finally {
            stopForwarders();
        }
        if (failure != null && !terminatedByControl) {
            throw failure;
        }
    }

    private void steer(Socket control) {
        while (!terminated && failure == null) {
            Msg m;
            try {
                m = control.recv(java.time.Duration.ofMillis(200));
            } catch (MonocoqueException e) {
                failure = e;
                return;
            }
            if (m == null) {
                continue;
            }
            String command = new String(m.bytes(0), StandardCharsets.US_ASCII);
            switch (command) {
                case "PAUSE" -> paused = true;
                case "RESUME" -> {
                    lock.lock();
                    try {
                        paused = false;
                        resumed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
                case "TERMINATE" -> {
                    terminatedByControl = true;
                    terminated = true;
                }
                default -> {
                    // unknown commands are ignored, as libzmq does
                }
            }
        }
    }

    /** Without a control socket: wait until a forwarder fails (a socket or the context closed). */
    private void awaitFailure() {
        lock.lock();
        try {
            while (failure == null) {
                stopped.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void stopForwarders() {
        terminated = true;
        lock.lock();
        try {
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread t : forwarders) {
            t.interrupt();
        }
        for (Thread t : forwarders) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Thread start(String name, Socket from, Socket to) {
        Thread t = new Thread(() -> forward(from, to), name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void forward(Socket from, Socket to) {
        while (!terminated) {
            try {
                Msg m = from.recv();
                if (m == null) {
                    continue; // RCVTIMEO expired
                }
                awaitResume();
                if (terminated) {
                    return;
                }
                if (capture != null) {
                    capture.trySend(m);
                }
                to.send(m);
            } catch (MonocoqueException e) {
                if (e.code() == ErrorCode.EINTR) {
                    Thread.interrupted();
                    continue;
                }
                if (e.code() == ErrorCode.EAGAIN) {
                    continue; // SNDTIMEO on the destination: the message is dropped, as zmq_proxy does
                }
                lock.lock();
                try {
                    if (failure == null) {
                        failure = e;
                    }
                    stopped.signalAll();
                } finally {
                    lock.unlock();
                }
                return;
            }
        }
    }

    private void awaitResume() {
        if (!paused) {
            return;
        }
        lock.lock();
        try {
            while (paused && !terminated) {
                resumed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean canReceive(SocketType t) {
        return t != SocketType.PUB && t != SocketType.PUSH;
    }

    private static boolean canSend(SocketType t) {
        return t != SocketType.SUB && t != SocketType.PULL;
    }
}
