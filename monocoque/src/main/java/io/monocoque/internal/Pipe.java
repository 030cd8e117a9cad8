package io.monocoque.internal;

import io.monocoque.Msg;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.SpscAtomicArrayQueue;
import org.jctools.queues.atomic.SpscUnboundedAtomicArrayQueue;

/**
 * A one-way, single-producer single-consumer queue of whole messages between a socket and a
 * connection, bounded by a high-water mark counted exactly in messages (0 = unbounded).
 *
 * <p>Wake-ups happen only on transitions: a consumer that found the pipe empty
 * {@linkplain #armForData() arms} it and is told once, through {@link Listener#onReadable}, when
 * the next message arrives; a producer that found it full {@linkplain #armForSpace() arms} it and
 * is told once, through {@link Listener#onWritable}, when the consumer has drained it down to the
 * low-water mark (half the high-water mark, as libzmq), so a producer that keeps the pipe full is
 * woken once per half-pipe, not once per message. In steady state nobody is armed and no one is
 * woken.
 *
 * <p>Memory ordering: the message queue is JCTools' SPSC queue (release/acquire). The counters
 * {@code written}/{@code read} and the two armed flags form two Dekker-style handshakes
 * (store my side, then load the other's), so each is written with volatile semantics, which
 * gives the StoreLoad fence that a release store would not.
 *
 * <p>Layout: what the producer writes for every message ({@code written}) shares a cache line
 * only with what it reads for every message ({@code consumerArmed}, written by the consumer
 * only when it arms), and the same on the consumer's side ({@code read}, {@code producerArmed});
 * the two lines are padded apart. Without the padding both counters sat in one line that
 * bounced between the two cores on every message.
 *
 * <p>Threads: {@link #offer}, {@link #armForSpace}, {@link #beginBatch}, {@link #endBatch} on the producer thread only; {@link #poll},
 * {@link #peek}, {@link #armForData} on the consumer thread only. Either side may be several
 * threads taking turns under a lock.
 */
public final class Pipe extends PipeConsumerFields {
    /** Told of transitions the other side armed for. Called on the thread that caused the transition. */
    public interface Listener {
        /** A message arrived in a pipe whose consumer had armed for data. */
        void onReadable(Pipe pipe);

        /** A message left a pipe whose producer had armed for space. */
        void onWritable(Pipe pipe);
    }

    private static final int BOUNDED_LIMIT = 1 << 16;
    private static final VarHandle WRITTEN;
    private static final VarHandle READ;
    private static final VarHandle PRODUCER_ARMED;
    private static final VarHandle CONSUMER_ARMED;
    private static final VarHandle SLOT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WRITTEN = l.findVarHandle(PipeProducerFields.class, "written", long.class);
            READ = l.findVarHandle(PipeConsumerFields.class, "read", long.class);
            PRODUCER_ARMED = l.findVarHandle(PipeConsumerFields.class, "producerArmed", boolean.class);
            CONSUMER_ARMED = l.findVarHandle(PipeProducerFields.class, "consumerArmed", boolean.class);
            SLOT = l.findVarHandle(Pipe.class, "slot", Msg.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MessagePassingQueue<Msg> queue;
    /** CONFLATE: the single newest message, replaced by every offer (null when empty). */
    private final boolean conflate;
    @SuppressWarnings("unused") // accessed through SLOT
    private volatile Msg slot;
    private final long hwm;
    private final long lwm;
    private final Listener listener;

    /**
     * @param hwm      high-water mark in messages, 0 for unbounded
     * @param listener told of armed transitions
     */
    public Pipe(int hwm, Listener listener) {
        this(hwm, listener, false);
    }

    /**
     * @param conflate keep only the newest message: offers never fail and replace what is queued
     */
    public Pipe(int hwm, Listener listener, boolean conflate) {
        this.conflate = conflate;
        this.hwm = conflate ? 0 : hwm;
        this.lwm = hwm > 0 ? (hwm + 1) / 2 : Long.MAX_VALUE;
        this.listener = listener;
        if (conflate) {
            this.queue = null;
        } else if (hwm > 0 && hwm <= BOUNDED_LIMIT) {
            this.queue = new SpscAtomicArrayQueue<>(Math.max(hwm, 2));
        } else {
            this.queue = new SpscUnboundedAtomicArrayQueue<>(1024);
        }
    }

    /** The high-water mark, 0 when unbounded. */
    public long hwm() {
        return hwm;
    }

    /**
     * Producer: queues {@code msg} unless the pipe is at its high-water mark.
     *
     * @return {@code false} when full (nothing queued)
     */
    public boolean offer(Msg msg) {
        if (conflate) {
            SLOT.getAndSet(this, msg); // a full fence, so the armed flag below is read after it
            wakeUnlessBatching();
            return true;
        }
        long w = (long) WRITTEN.getOpaque(this);
        if (hwm > 0 && w - producerCachedRead >= hwm) {
            producerCachedRead = (long) READ.getVolatile(this);
            if (w - producerCachedRead >= hwm) {
                return false;
            }
        }
        if (!queue.relaxedOffer(msg)) {
            return false; // cannot happen while the count says there is room; defensive
        }
        WRITTEN.setVolatile(this, w + 1);
        wakeUnlessBatching();
        return true;
    }

    private void wakeUnlessBatching() {
        if (batching) {
            batchOffered = true;
        } else {
            wakeConsumerIfArmed();
        }
    }

    private void wakeConsumerIfArmed() {
        if ((boolean) CONSUMER_ARMED.getVolatile(this) && CONSUMER_ARMED.compareAndSet(this, true, false)) {
            listener.onReadable(this);
        }
    }

    /**
     * Producer: the offers up to {@link #endBatch()} are one batch (every message decoded from one
     * read of the network), for which an armed consumer is woken once, at the end, instead of once
     * per message. A consumer that drains faster than the producer fills was otherwise woken (a
     * futex call) for nearly every message; with 16 KiB messages that was a quarter of the
     * receiving I/O thread's samples. The wait this adds is the decoding of one read buffer.
     */
    public void beginBatch() {
        batching = true;
    }

    /** Producer: ends the batch and wakes the consumer if it is armed and the batch brought something. */
    public void endBatch() {
        batching = false;
        if (batchOffered) {
            batchOffered = false;
            wakeConsumerIfArmed();
        }
    }

    /**
     * Producer: offers {@code msg}; when the pipe is full, arms for space and tries once more.
     *
     * @return false when the pipe is full and armed: {@link Listener#onWritable} will follow
     */
    public boolean offerOrArm(Msg msg) {
        return offer(msg) || (armForSpace() && offer(msg));
    }

    /** Producer: true when an {@link #offer} would succeed now. */
    public boolean hasSpace() {
        if (hwm == 0) {
            return true;
        }
        long w = (long) WRITTEN.getOpaque(this);
        if (w - producerCachedRead < hwm) {
            return true;
        }
        producerCachedRead = (long) READ.getVolatile(this);
        return w - producerCachedRead < hwm;
    }

    /**
     * Producer: asks to be told when space appears.
     *
     * @return {@code true} when there is space already (the caller should retry, not wait)
     */
    public boolean armForSpace() {
        PRODUCER_ARMED.setVolatile(this, true);
        if (hasSpace()) {
            PRODUCER_ARMED.setVolatile(this, false);
            return true;
        }
        return false;
    }

    /** Consumer: takes the next message, or {@code null} when empty. */
    public Msg poll() {
        if (conflate) {
            return SLOT.getAcquire(this) == null ? null : (Msg) SLOT.getAndSet(this, null);
        }
        Msg m = queue.relaxedPoll();
        if (m != null) {
            long r = (long) READ.getOpaque(this) + 1;
            READ.setVolatile(this, r);
            if ((boolean) PRODUCER_ARMED.getVolatile(this)
                    && (long) WRITTEN.getVolatile(this) - r <= lwm
                    && PRODUCER_ARMED.compareAndSet(this, true, false)) {
                listener.onWritable(this);
            }
        }
        return m;
    }

    /** Consumer: the next message without taking it, or {@code null}. */
    public Msg peek() {
        if (conflate) {
            return (Msg) SLOT.getAcquire(this);
        }
        return queue.relaxedPeek();
    }

    /**
     * Consumer: asks to be told when a message arrives.
     *
     * @return {@code true} when a message is there already (the caller should poll, not wait)
     */
    public boolean armForData() {
        CONSUMER_ARMED.setVolatile(this, true);
        if (conflate ? SLOT.getVolatile(this) != null : !queue.isEmpty()) {
            CONSUMER_ARMED.setVolatile(this, false);
            return true;
        }
        return false;
    }

    /** Number of queued messages (approximate while the other side runs). */
    public long size() {
        if (conflate) {
            return SLOT.getVolatile(this) == null ? 0 : 1;
        }
        return (long) WRITTEN.getVolatile(this) - (long) READ.getVolatile(this);
    }
}

/** Keeps the producer's line away from the object header and whatever precedes the object. */
@SuppressWarnings("unused")
abstract class PipePad1 {
    private long p01, p02, p03, p04, p05, p06, p07, p08;
}

/** Written by the producer for every message; {@code consumerArmed} only when the consumer arms. */
abstract class PipeProducerFields extends PipePad1 {
    @SuppressWarnings("unused") // accessed through Pipe.WRITTEN
    protected volatile long written;
    protected long producerCachedRead;
    @SuppressWarnings("unused") // accessed through Pipe.CONSUMER_ARMED
    protected volatile boolean consumerArmed;
    /** Producer-only: inside {@link Pipe#beginBatch()} .. {@link Pipe#endBatch()}. */
    protected boolean batching;
    /** Producer-only: a message was offered in the current batch. */
    protected boolean batchOffered;
}

@SuppressWarnings("unused")
abstract class PipePad2 extends PipeProducerFields {
    private long p11, p12, p13, p14, p15, p16, p17, p18;
}

/** Written by the consumer for every message; {@code producerArmed} only when the producer arms. */
abstract class PipeConsumerFields extends PipePad2 {
    @SuppressWarnings("unused") // accessed through Pipe.READ
    protected volatile long read;
    @SuppressWarnings("unused") // accessed through Pipe.PRODUCER_ARMED
    protected volatile boolean producerArmed;
    @SuppressWarnings("unused")
    private long p21, p22, p23, p24, p25, p26, p27, p28;
}
