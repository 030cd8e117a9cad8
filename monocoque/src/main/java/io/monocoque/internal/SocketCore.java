package io.monocoque.internal;

import io.monocoque.ErrorCode;
import io.monocoque.MonocoqueException;
import io.monocoque.Msg;
import io.monocoque.SocketEvent;
import io.monocoque.SocketMonitor;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import io.monocoque.internal.pattern.Pattern;
import io.monocoque.zmtp.ZmtpSocketType;
import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a socket does, behind the public {@code Socket}: it serialises whole-message sends and
 * receives with one lock, hands them to its {@link Pattern} (load-balancing, fair-queuing,
 * routing, ...), parks callers when they must wait, and owns the socket's endpoints.
 *
 * <p>Threads: the public methods may be called from any thread; they take {@link #lock}. The I/O
 * thread never takes the lock on the message path: it tells the socket about new and departed
 * peers through {@link #events}, and wakes parked callers through {@link #wakeAll()}, which never
 * locks. A caller parks with the lock released ({@link LockSupport}), so a thread holding another
 * socket's lock (an inproc peer sending to this one) can wake it without lock-order deadlocks.
 */
public final class SocketCore {
    private final SocketType type;
    private final ZmtpSocketType wireType;
    private final IoThread io;
    private final ContextCore context;
    private final Options options = new Options();
    private final ReentrantLock lock = new ReentrantLock();
    private static final Thread[] NO_THREADS = new Thread[0];
    /**
     * Callers parked in {@link #waitForChange}: replaced (copy on write) under the lock, read by
     * any waker without allocating (an I/O thread may wake this socket once per message).
     */
    private volatile Thread[] parked = NO_THREADS;
    private final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final List<EndpointHandle> endpoints = new ArrayList<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Pattern pattern;
    private final MonitorSupport monitor = new MonitorSupport();
    /** SNDTIMEO / RCVTIMEO in ms, cached so a send or receive takes the lock once. */
    private volatile int sendTimeout = -1;
    private volatile int receiveTimeout = -1;
    private volatile boolean closed;
    private volatile boolean contextTerminated;
    /**
     * Off with {@code -Dmonocoque.readThrough=false}: a caller waiting for the messages of a single
     * tcp/ipc peer then parks until the I/O thread delivers, as before.
     */
    private static final boolean READ_THROUGH = !"false".equals(System.getProperty("monocoque.readThrough"));
    /** The selector a receiving caller waits in to read through (made on first use, closed with the socket). */
    private volatile Selector readSelector;
    /** Set while a caller waits in {@link #readSelector}, so that {@link #wakeAll()} wakes it. */
    private volatile Selector selecting;
    /** A channel registered with {@link #readSelector} was closed and is still to be deregistered. */
    private volatile boolean staleReadKeys;

    SocketCore(SocketType type, IoThread io, ContextCore context) {
        this.type = type;
        this.wireType = ZmtpSocketType.valueOf(type.name());
        this.io = io;
        this.context = context;
        this.pattern = Pattern.create(type, this);
    }

    public SocketType type() {
        return type;
    }

    ZmtpSocketType wireType() {
        return wireType;
    }

    /** Current options; read under the lock. */
    public Options options() {
        return options;
    }

    public <T> void setOption(SocketOption<T> option, T value) {
        lock.lock();
        try {
            checkOpen();
            options.set(option, value);
            sendTimeout = options.getInt(SocketOption.SNDTIMEO);
            receiveTimeout = options.getInt(SocketOption.RCVTIMEO);
            pattern.optionChanged(option);
        } finally {
            unlockAndDrain();
        }
    }

    public <T> T getOption(SocketOption<T> option) {
        lock.lock();
        try {
            checkOpen();
            return options.get(option);
        } finally {
            unlockAndDrain();
        }
    }

    /** Sets (or, with null, removes) the event listener. */
    public void monitor(SocketMonitor listener) {
        monitor.set(listener);
    }

    /** Reports an event to the monitor and JFR. Any thread. */
    void emit(SocketEvent.Type event, String endpoint, String detail) {
        monitor.emit(type.name(), event, endpoint, detail);
    }

    // ------------------------------------------------------------------ endpoints

    public String bind(String endpoint) {
        lock.lock();
        try {
            checkOpen();
            Endpoint ep = Endpoint.parse(endpoint, true);
            if (ep.isInproc()) {
                InprocListener listener = new InprocListener(ep, this, io, options.copy(), context.inproc());
                listener.open();
                endpoints.add(listener);
                return ep.text();
            }
            Mechanisms.check(options);
            Acceptor acceptor;
            try {
                acceptor = Acceptor.open(ep, this, io, options.copy());
            } catch (MonocoqueException e) {
                emit(SocketEvent.Type.BIND_FAILED, endpoint, e.getMessage());
                throw e;
            }
            emit(SocketEvent.Type.LISTENING, acceptor.resolvedEndpoint(), "");
            endpoints.add(acceptor);
            io.execute(acceptor::start);
            return acceptor.resolvedEndpoint();
        } finally {
            unlockAndDrain();
        }
    }

    public void connect(String endpoint) {
        lock.lock();
        try {
            checkOpen();
            Endpoint ep = Endpoint.parse(endpoint, false);
            Options snapshot = options.copy();
            boolean keepsPeer = pattern.keepsPeerWhileConnecting() && !snapshot.getBool(SocketOption.IMMEDIATE);
            if (ep.isInproc()) {
                InprocConnecter c = new InprocConnecter(ep, this, io, snapshot, keepsPeer, context.inproc());
                endpoints.add(c);
                c.open(); // links now when the name is bound, as libzmq's inproc connect
                return;
            }
            Mechanisms.check(options);
            Peer peer = null;
            if (keepsPeer) {
                peer = new Peer(this, snapshot, true);
                attach(peer);
            }
            Connecter c = new Connecter(ep, this, io, snapshot, peer);
            endpoints.add(c);
            io.execute(c::start);
        } finally {
            unlockAndDrain();
        }
    }

    public void unbind(String endpoint) {
        removeEndpoint(endpoint, true);
    }

    public void disconnect(String endpoint) {
        removeEndpoint(endpoint, false);
    }

    private void removeEndpoint(String endpoint, boolean bound) {
        EndpointHandle removed = null;
        int linger;
        lock.lock();
        try {
            checkOpen();
            Endpoint.parse(endpoint, bound); // validates the text
            linger = options.getInt(SocketOption.LINGER);
            for (Iterator<EndpointHandle> it = endpoints.iterator(); it.hasNext(); ) {
                EndpointHandle h = it.next();
                if (h.isBound() == bound && h.matches(endpoint)) {
                    it.remove();
                    Peer p = h.persistentPeer();
                    if (p != null) {
                        detach(p);
                    }
                    removed = h;
                    break;
                }
            }
        } finally {
            unlockAndDrain();
        }
        if (removed == null) {
            throw new MonocoqueException(ErrorCode.ENOENT, (bound ? "not bound to " : "not connected to ") + endpoint);
        }
        // Wait (outside the lock: the I/O thread may need it to wake a parked caller) until the
        // listener is closed, so the address can be bound again as soon as unbind() returns.
        EndpointHandle h = removed;
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        io.execute(() -> {
            try {
                h.terminate(linger, () -> { });
            } finally {
                stopped.complete(null);
            }
        });
        stopped.join();
    }

    /** Adds or cancels a subscription (SUB; XPUB with XPUB_MANUAL). */
    public void subscribe(byte[] prefix, boolean subscribe) {
        lock.lock();
        try {
            checkOpen();
            runEvents();
            pattern.subscribe(prefix.clone(), subscribe);
        } finally {
            unlockAndDrain();
        }
    }

    /** Messages dropped at a peer's HWM (PUB/XPUB fan-out). */
    public long droppedMessages() {
        lock.lock();
        try {
            return pattern.droppedMessages();
        } finally {
            unlockAndDrain();
        }
    }

    // ------------------------------------------------------------------ messaging

    /** SNDTIMEO in ms (-1 forever). */
    public int sendTimeoutMillis() {
        return sendTimeout;
    }

    /** RCVTIMEO in ms (-1 forever). */
    public int receiveTimeoutMillis() {
        return receiveTimeout;
    }

    /**
     * Sends a whole message, waiting up to {@code timeoutNanos} (negative: forever, 0: not at all).
     *
     * @return false when the wait expired
     */
    public boolean send(Msg msg, long timeoutNanos) {
        lock.lock();
        try {
            long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
            while (true) {
                checkOpen();
                runEvents();
                if (pattern.trySend(msg)) {
                    return true; // events that arrived meanwhile are applied by unlockAndDrain()
                }
                if (!waitForChange(true, deadline, timeoutNanos)) {
                    return false;
                }
            }
        } finally {
            unlockAndDrain();
        }
    }

    /** Receives a whole message, waiting up to {@code timeoutNanos} (negative: forever, 0: not at all). */
    public Msg recv(long timeoutNanos) {
        lock.lock();
        try {
            long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
            while (true) {
                checkOpen();
                runEvents();
                Msg m = pattern.tryRecv();
                if (m != null) {
                    return m;
                }
                if (!waitForChange(false, deadline, timeoutNanos)) {
                    return null;
                }
            }
        } finally {
            unlockAndDrain();
        }
    }

    /**
     * After a send or receive found nothing to do: arms the pattern's pipes and parks until one of
     * them (or a peer event, or close) changes something. Under the lock, which is released while
     * parked.
     *
     * @return true to try again, false when the caller should give up (no wait allowed, or the deadline passed)
     */
    private boolean waitForChange(boolean sending, long deadline, long timeoutNanos) {
        if (timeoutNanos == 0) {
            return false;
        }
        Connection through = sending ? null : readThroughCandidate();
        if (through != null) {
            Connection.ReadThrough r = through.readThrough(); // the reply may be in the channel already
            if (r == Connection.ReadThrough.READ) {
                return true;
            }
            if (r == Connection.ReadThrough.UNAVAILABLE) {
                through = null;
            }
        }
        Selector sel = through == null ? null : readSelectorFor(through);
        Thread me = Thread.currentThread();
        addParked(me); // before arming: a wake-up that follows the arming must find this thread
        selecting = sel;
        try {
            boolean ready = sending ? pattern.armForSend() : pattern.armForRecv();
            if (ready || !events.isEmpty()) {
                return true;
            }
            return sel == null ? park(deadline, timeoutNanos) : selectReadingThrough(sel, through, deadline, timeoutNanos);
        } finally {
            selecting = null;
            removeParked(me);
        }
    }

    /**
     * Read-through: the connection of the only peer a receive can come from, when the caller may
     * wait on its channel itself (a platform thread, alone in waiting on this socket). The kernel
     * then wakes the caller when the reply arrives, and the caller decodes it, instead of the
     * I/O thread decoding it and waking the caller: one thread hand-off less per reply (docs/PERFORMANCE.md).
     */
    private Connection readThroughCandidate() {
        if (!READ_THROUGH || parked.length != 0 || Thread.currentThread().isVirtual()) {
            return null;
        }
        Peer p = pattern.soleInboundPeer();
        Connection c = p == null || p.detached ? null : p.engine;
        return c != null && c.readThroughChannel() != null ? c : null;
    }

    /** The socket's read selector with {@code c}'s channel registered; null when that cannot be (then park). Under the lock. */
    private Selector readSelectorFor(Connection c) {
        if (closed) {
            return null;
        }
        try {
            Selector sel = readSelector;
            if (sel == null) {
                sel = Selector.open();
                readSelector = sel;
            }
            flushStaleReadKeys(sel);
            SelectableChannel ch = c.readThroughChannel();
            SelectionKey k = ch.keyFor(sel);
            if (k == null || !k.isValid()) {
                if (k != null) {
                    sel.selectNow(key -> { }); // deregisters the cancelled key of an earlier registration
                }
                ch.register(sel, SelectionKey.OP_READ);
            }
            return sel;
        } catch (IOException | RuntimeException e) {
            return null; // channel closed meanwhile, selector closed, ...: park, the I/O thread delivers
        }
    }

    /**
     * As {@link #park}, but waiting in {@code sel} for {@code through}'s channel too, and reading
     * it through when it becomes readable.
     */
    private boolean selectReadingThrough(Selector sel, Connection through, long deadline, long timeoutNanos) {
        try {
            return waitUnlocked(deadline, timeoutNanos, leftNanos -> {
                try {
                    long waitMillis = leftNanos < 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos + 999_999));
                    // The action form leaves the selected-key set alone: the I/O thread may select
                    // this selector too (readThroughChannelClosed).
                    int n = sel.select(key -> { }, waitMillis); // 0: forever
                    selecting = null; // decoding below may wake this socket: no need to wake the selector
                    if (n > 0) {
                        through.readThrough();
                    }
                } catch (IOException | ClosedSelectorException e) {
                    // the socket is closing (its selector was closed) or the selector failed: re-check
                }
            });
        } finally {
            flushStaleReadKeys(sel); // a connection closed meanwhile: its descriptor is freed now
        }
    }

    /**
     * Releases the lock and parks until woken, interrupted or the deadline passes; a wake-up that
     * came between arming and parking leaves the permit set, so park returns at once.
     *
     * @return false when the deadline passed
     */
    private boolean park(long deadline, long timeoutNanos) {
        return waitUnlocked(deadline, timeoutNanos, parkWait);
    }

    /** How a caller waits once the lock is released: for {@code leftNanos}, or (negative) until woken. */
    @FunctionalInterface
    private interface Wait {
        void await(long leftNanos);
    }

    /** Parking, made once: a blocked call allocates nothing. */
    private final Wait parkWait = leftNanos -> {
        if (leftNanos < 0) {
            LockSupport.park(this);
        } else {
            LockSupport.parkNanos(this, leftNanos);
        }
    };

    /**
     * Releases every hold of the lock, runs {@code wait} for what is left until the deadline
     * (negative {@code timeoutNanos}: no deadline), and takes the lock back.
     *
     * @return false when the deadline had passed
     * @throws MonocoqueException EINTR when the caller was interrupted
     */
    private boolean waitUnlocked(long deadline, long timeoutNanos, Wait wait) {
        int holds = lock.getHoldCount();
        for (int i = 0; i < holds; i++) {
            lock.unlock();
        }
        boolean expired = false;
        try {
            long left = -1;
            if (timeoutNanos > 0) {
                left = deadline - System.nanoTime();
                expired = left <= 0;
            }
            if (!expired) {
                wait.await(left);
            }
        } finally {
            for (int i = 0; i < holds; i++) {
                lock.lock();
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new MonocoqueException(ErrorCode.EINTR, "blocking " + type + " call interrupted");
        }
        return !expired;
    }

    /** Under the lock. */
    private void addParked(Thread t) {
        Thread[] old = parked;
        Thread[] now = java.util.Arrays.copyOf(old, old.length + 1);
        now[old.length] = t;
        parked = now;
    }

    /** Under the lock. */
    private void removeParked(Thread t) {
        Thread[] old = parked;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == t) {
                if (old.length == 1) {
                    parked = NO_THREADS;
                    return;
                }
                Thread[] now = new Thread[old.length - 1];
                System.arraycopy(old, 0, now, 0, i);
                System.arraycopy(old, i + 1, now, i, old.length - i - 1);
                parked = now;
                return;
            }
        }
    }

    /**
     * A connection's channel was closed (I/O thread). The JDK releases a closed channel's file
     * descriptor only once every selector it was registered with has deregistered it, which for
     * the read-through selector would otherwise wait for its next wait. (Channels stay registered
     * between waits: registering and deregistering on every wait cost a cold JVM's REQ/REP p99
     * three times over, 850–1,120 µs against 250–330 µs, in the JDK's selector code.)
     */
    void readThroughChannelClosed() {
        Selector s = readSelector;
        if (s == null) {
            return;
        }
        staleReadKeys = true;
        // The I/O thread must never wait for the selector's monitor, which a caller holds while it
        // waits (maybe for a message only the I/O thread can deliver). Holding the socket lock with
        // nobody selecting, nobody can start to, so flushing here cannot wait; otherwise the
        // caller flushes on its way out of the wait (or before its next one).
        if (selecting == null && lock.tryLock()) {
            try {
                if (selecting == null) {
                    flushStaleReadKeys(s);
                }
            } finally {
                lock.unlock();
            }
        } else {
            s.wakeup();
        }
    }

    /** Deregisters closed channels' keys from {@code sel} (so the JDK frees their descriptors). */
    private void flushStaleReadKeys(Selector sel) {
        if (!staleReadKeys) {
            return;
        }
        staleReadKeys = false;
        try {
            sel.selectNow(key -> { });
        } catch (IOException | ClosedSelectorException e) {
            // closed with the socket: nothing is left registered
        }
    }

    /** Wakes every parked caller so it re-checks (and sees close or ETERM). Any thread; never locks or allocates. */
    void wakeAll() {
        Selector s = selecting;
        if (s != null) {
            s.wakeup();
        }
        for (Thread t : parked) {
            LockSupport.unpark(t);
        }
    }

    private void checkOpen() {
        if (contextTerminated) {
            throw new MonocoqueException(ErrorCode.ETERM, "the context of this " + type + " socket was closed");
        }
        if (closed) {
            throw new MonocoqueException(ErrorCode.ENOTSOCK, "this " + type + " socket is closed");
        }
    }

    // ------------------------------------------------------------------ peers

    /** A connection completed its handshake and brought a new peer. I/O thread. */
    void attachFromIo(Peer peer) {
        events.add(() -> attach(peer));
        wakeAll();
        runEventsIfIdle();
    }

    /** A peer's connection is gone for good. I/O thread. */
    void detachFromIo(Peer peer) {
        events.add(() -> detach(peer));
        wakeAll();
        runEventsIfIdle();
    }

    /**
     * Releases the socket lock, then applies peer events the I/O thread queued while it was held
     * (it could not take the lock then, and the caller may not come back for a long time).
     */
    private void unlockAndDrain() {
        lock.unlock();
        runEventsIfIdle();
    }

    /**
     * Applies peer events now when no caller holds the socket, so a socket the application is not
     * calling still reacts (a SUB sends its subscriptions to a new peer at once). When a caller
     * holds the lock, it applies them itself. Never blocks.
     */
    private void runEventsIfIdle() {
        while (!events.isEmpty() && lock.tryLock()) {
            try {
                runEvents();
            } finally {
                lock.unlock();
            }
        }
    }

    private void attach(Peer peer) {
        if (closed) {
            return;
        }
        pattern.attach(peer);
    }

    private void detach(Peer peer) {
        if (!peer.detached) {
            peer.detached = true;
            pattern.detach(peer);
        }
    }

    private void runEvents() {
        Runnable r;
        while ((r = events.poll()) != null) {
            r.run();
        }
    }

    /** Called by a pattern to refuse a peer (e.g. a second PAIR peer): closes its connection. */
    public void dropPeer(Peer peer) {
        peer.detached = true;
        Connection e = peer.engine;
        if (e != null) {
            io.execute(() -> e.close("refused by " + type + " socket"));
        }
    }

    // ------------------------------------------------------------------ closing

    /** Closes the socket: wakes blocked callers, then lingers in the background. */
    public void close() {
        List<EndpointHandle> toClose;
        int linger;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(endpoints);
            endpoints.clear();
            linger = options.getInt(SocketOption.LINGER);
        } finally {
            unlockAndDrain();
        }
        wakeAll();
        Selector sel = readSelector;
        if (sel != null) {
            try {
                sel.close(); // wakes a caller still selecting, which then sees the socket closed
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
        for (EndpointHandle h : toClose) {
            if (h instanceof InprocListener l) {
                l.release(); // the name is free when close() returns, as after unbind()
            }
        }
        io.execute(() -> terminateEndpoints(toClose, linger));
        context.socketClosed(this);
    }

    /** The context is closing: blocked and later calls fail with ETERM. */
    void contextTerminating() {
        contextTerminated = true;
        wakeAll();
    }

    private void terminateEndpoints(List<EndpointHandle> handles, int linger) {
        if (handles.isEmpty()) {
            terminated.complete(null);
            return;
        }
        int[] left = {handles.size()};
        Runnable done = () -> {
            if (--left[0] == 0) {
                terminated.complete(null);
            }
        };
        for (EndpointHandle h : handles) {
            h.terminate(linger, done);
        }
    }

    /** Completes when every connection of the closed socket is gone (linger honoured). */
    CompletableFuture<Void> terminated() {
        return terminated;
    }

    ContextCore context() {
        return context;
    }
}
