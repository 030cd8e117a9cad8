package io.monocoque.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.Msg;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Pipe#beginBatch()}/{@link Pipe#endBatch()}: one wake-up per batch, none lost. */
@Timeout(30)
class PipeBatchTest {

    /** Counts wake-ups, and unparks a consumer thread if one is set. */
    private static final class Wakes implements Pipe.Listener {
        final AtomicInteger readable = new AtomicInteger();
        final AtomicInteger writable = new AtomicInteger();
        volatile Thread consumer;
        volatile Thread producer;

        @Override
        public void onReadable(Pipe pipe) {
            readable.incrementAndGet();
            Thread t = consumer;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        @Override
        public void onWritable(Pipe pipe) {
            writable.incrementAndGet();
            Thread t = producer;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    @Test
    void anArmedConsumerIsWokenOnceAtTheEndOfABatchNotPerMessage() {
        Wakes wakes = new Wakes();
        Pipe pipe = new Pipe(1000, wakes);
        assertThat(pipe.armForData()).isFalse();

        pipe.beginBatch();
        for (int i = 0; i < 10; i++) {
            assertThat(pipe.offer(Msg.of("m" + i))).isTrue();
        }
        assertThat(wakes.readable.get()).isZero();
        pipe.endBatch();
        assertThat(wakes.readable.get()).isEqualTo(1);

        for (int i = 0; i < 10; i++) {
            assertThat(pipe.poll().string(0)).isEqualTo("m" + i);
        }
        assertThat(pipe.poll()).isNull();
    }

    @Test
    void outsideABatchTheFirstMessageWakesAndAnUnarmedConsumerIsNotWoken() {
        Wakes wakes = new Wakes();
        Pipe pipe = new Pipe(10, wakes);
        pipe.beginBatch();
        pipe.offer(Msg.of("nobody armed"));
        pipe.endBatch();
        assertThat(wakes.readable.get()).isZero();

        pipe.poll();
        assertThat(pipe.armForData()).isFalse();
        pipe.offer(Msg.of("wakes now"));
        assertThat(wakes.readable.get()).isEqualTo(1);
        pipe.offer(Msg.of("disarmed by the first"));
        assertThat(wakes.readable.get()).isEqualTo(1);
    }

    @Test
    void aBatchThatBroughtNothingWakesNobody() {
        Wakes wakes = new Wakes();
        Pipe pipe = new Pipe(10, wakes);
        assertThat(pipe.armForData()).isFalse();
        pipe.beginBatch(); // a read that held only part of a frame
        pipe.endBatch();
        assertThat(wakes.readable.get()).isZero();
        pipe.beginBatch();
        pipe.offer(Msg.of("x"));
        pipe.endBatch();
        assertThat(wakes.readable.get()).isEqualTo(1);
        assertThat(pipe.poll().string(0)).isEqualTo("x");
    }

    @Test
    void batchesThatFillThePipeLoseNeitherMessagesNorWakeUps() throws Exception {
        Wakes wakes = new Wakes();
        Pipe pipe = new Pipe(7, wakes);
        int total = 200_000;
        long[] received = {0};
        Thread consumer = new Thread(() -> {
            long expected = 0;
            while (expected < total) {
                Msg m = pipe.poll();
                if (m == null) {
                    if (!pipe.armForData()) {
                        LockSupport.park(); // a lost wake-up hangs here, and @Timeout fails the test
                    }
                    continue;
                }
                assertThat(Long.parseLong(m.string(0))).isEqualTo(expected);
                expected++;
            }
            received[0] = expected;
        });
        wakes.consumer = consumer;
        wakes.producer = Thread.currentThread();
        consumer.start();

        int sent = 0;
        int batch = 1;
        while (sent < total) {
            pipe.beginBatch();
            int end = Math.min(total, sent + batch);
            while (sent < end) {
                Msg m = Msg.of(Long.toString(sent));
                if (pipe.offerOrArm(m)) {
                    sent++;
                } else {
                    // Full inside a batch, as an engine stalls: end the batch (waking the consumer),
                    // then wait for space as the engine does.
                    pipe.endBatch();
                    while (!pipe.hasSpace()) {
                        LockSupport.park(); // woken by onWritable (offerOrArm armed for space)
                    }
                    pipe.beginBatch();
                }
            }
            pipe.endBatch();
            batch = batch % 13 + 1;
        }
        consumer.join(20_000);
        assertThat(consumer.isAlive()).isFalse();
        assertThat(received[0]).isEqualTo(total);
        // Each batch woke the consumer at most once (plus once per stall): far fewer than one per message.
        assertThat(wakes.readable.get()).isLessThan(total);
    }
}
