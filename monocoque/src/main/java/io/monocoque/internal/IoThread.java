package io.monocoque.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * An I/O thread: one NIO selector loop owning many connections, as libzmq's I/O threads do.
 *
 * <p>Each turn of the duty cycle runs queued tasks (commands from sockets), flushes the
 * connections that asked for it, fires due timers, and then waits in {@code select()} only when
 * there was no work. Other threads hand it work with {@link #execute} and {@link #scheduleFlush};
 * they call {@code Selector.wakeup()} (a system call) only when the loop is actually asleep,
 * which a flag tells them.
 *
 * <p>The read and write buffers belong to the thread, not to connections: a connection keeps
 * only the bytes of an incomplete frame or an unfinished write.
 */
public final class IoThread {
    private static final System.Logger LOG = System.getLogger(IoThread.class.getName());
    static final int BUFFER_SIZE = 64 * 1024;
    private static final VarHandle SLEEPING;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(IoThread.class, "sleeping", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Selector selector;
    private final Thread thread;
    private final MpscUnboundedAtomicArrayQueue<Runnable> tasks = new MpscUnboundedAtomicArrayQueue<>(256);
    private final MpscUnboundedAtomicArrayQueue<StreamEngine> flushes = new MpscUnboundedAtomicArrayQueue<>(256);
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    // Heap buffers: the JDK moves them through its per-thread direct buffer with one bulk copy per
    // read or write, and the codec works on the plain arrays (small-frame decode and encode are
    // then array accesses and System.arraycopy instead of a direct buffer's checked accesses,
    // measured faster per message; docs/PERFORMANCE.md).
    final ByteBuffer readBuffer = ByteBuffer.allocate(BUFFER_SIZE);
    final ByteBuffer writeBuffer = ByteBuffer.allocate(BUFFER_SIZE);
    // For connections whose frames are large: a direct buffer saves the JDK's copy through its own
    // direct buffer, which costs more than the checked accesses cost at a few frames per buffer.
    final ByteBuffer directReadBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    final ByteBuffer directWriteBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private long timerSequence;
    private int cancelledTimers;
    @SuppressWarnings("unused") // accessed through SLEEPING
    private volatile boolean sleeping;
    private volatile boolean stopping;

    /** A scheduled action; cancel it with {@link #cancel()}. Used on the I/O thread only. */
    public static final class Timer implements Comparable<Timer> {
        final long deadline;
        final long sequence;
        final Runnable action;
        private final IoThread owner;
        boolean cancelled;

        Timer(long deadline, long sequence, Runnable action, IoThread owner) {
            this.deadline = deadline;
            this.sequence = sequence;
            this.action = action;
            this.owner = owner;
        }

        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                owner.timerCancelled();
            }
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    public IoThread(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** True when called on this I/O thread. */
    public boolean inThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the I/O thread (soon; in submission order). Any thread. */
    public void execute(Runnable task) {
        tasks.offer(task);
        wakeup();
    }

    /** Asks the I/O thread to flush {@code engine}'s outbound queue. Any thread. */
    void scheduleFlush(StreamEngine engine) {
        flushes.offer(engine);
        wakeup();
    }

    /** Runs {@code action} after {@code delayMillis}. I/O thread only. */
    public Timer schedule(long delayMillis, Runnable action) {
        Timer t = new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), timerSequence++, action, this);
        timers.add(t);
        return t;
    }

    /**
     * Cancelled timers stay queued until their deadline; when they are most of a large queue
     * (e.g. many short connections, each with a 30 s handshake deadline) they are swept out.
     */
    private void timerCancelled() {
        cancelledTimers++;
        if (cancelledTimers > 1024 && cancelledTimers > timers.size() / 2) {
            timers.removeIf(t -> t.cancelled);
            cancelledTimers = 0;
        }
    }

    /** Registers a channel with this thread's selector. I/O thread only. */
    SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /**
     * Completes the deregistration of cancelled keys now, so that closed channels release their
     * file descriptors (and listening ports) before this returns. I/O thread only.
     */
    void flushCancelledKeys() {
        try {
            selector.selectNow();
        } catch (IOException ignored) {
            // the loop's own select will retry
        }
    }

    private void wakeup() {
        if ((boolean) SLEEPING.getVolatile(this) && SLEEPING.compareAndSet(this, true, false)) {
            selector.wakeup();
        }
    }

    /** Stops the loop after the tasks already queued, and waits up to {@code timeoutMillis} for it. */
    public boolean stop(long timeoutMillis) throws InterruptedException {
        execute(() -> stopping = true);
        if (!stopped.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return false;
        }
        thread.join(timeoutMillis);
        return !thread.isAlive();
    }

    /** The thread, for tests that check nothing is left running. */
    public Thread thread() {
        return thread;
    }

    private void run() {
        try {
            while (!stopping) {
                int work = runTasks() + runFlushes() + runTimers();
                long timeout = work > 0 ? -1 : nextTimeoutMillis();
                int ready;
                if (timeout < 0) {
                    ready = selector.selectNow();
                } else {
                    SLEEPING.setVolatile(this, true);
                    if (!tasks.isEmpty() || !flushes.isEmpty()) {
                        SLEEPING.setVolatile(this, false);
                        ready = selector.selectNow();
                    } else {
                        ready = selector.select(timeout);
                        SLEEPING.setVolatile(this, false);
                    }
                }
                if (ready > 0 || !selector.selectedKeys().isEmpty()) {
                    processKeys();
                }
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "I/O thread " + thread.getName() + " failed", t);
        } finally {
            for (SelectionKey key : selector.keys()) {
                try {
                    key.channel().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            stopped.countDown();
        }
    }

    private void processKeys() {
        var keys = selector.selectedKeys();
        for (SelectionKey key : keys) {
            if (!key.isValid()) {
                continue;
            }
            IoHandler h = (IoHandler) key.attachment();
            int ops;
            try {
                ops = key.readyOps();
            } catch (java.nio.channels.CancelledKeyException e) {
                continue;
            }
            safely(() -> h.onReady(ops));
        }
        keys.clear();
    }

    private int runTasks() {
        int n = 0;
        Runnable r;
        while (n < 1024 && (r = tasks.relaxedPoll()) != null) {
            safely(r);
            n++;
        }
        return n;
    }

    private int runFlushes() {
        int n = 0;
        int limit = flushes.size();
        StreamEngine e;
        while (n < limit && (e = flushes.relaxedPoll()) != null) {
            StreamEngine engine = e;
            safely(engine::flush);
            n++;
        }
        return n;
    }

    private int runTimers() {
        if (timers.isEmpty()) {
            return 0;
        }
        long now = System.nanoTime();
        int n = 0;
        Timer t;
        while ((t = timers.peek()) != null && t.deadline - now <= 0) {
            timers.poll();
            if (!t.cancelled) {
                safely(t.action);
                n++;
            } else {
                cancelledTimers--;
            }
        }
        return n;
    }

    private long nextTimeoutMillis() {
        Timer t;
        while ((t = timers.peek()) != null && t.cancelled) {
            timers.poll();
            cancelledTimers--;
        }
        if (t == null) {
            return 0; // select() with 0 waits until woken
        }
        long nanos = t.deadline - System.nanoTime();
        if (nanos <= 0) {
            return -1;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            // The I/O thread never dies of one connection's failure.
            LOG.log(System.Logger.Level.WARNING, "I/O thread task failed", t);
        }
    }
}
