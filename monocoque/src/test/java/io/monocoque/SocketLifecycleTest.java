package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SocketLifecycleTest {

    private static ErrorCode codeOf(Throwable t) {
        return ((MonocoqueException) t).code();
    }

    @Test
    void shouldThrowEintrWhenBlockedRecvIsInterruptedAndStayUsable() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.connect(ep);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> flagAfter = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    pull.recv();
                } catch (Throwable e) {
                    thrown.set(e);
                    flagAfter.set(Thread.currentThread().isInterrupted());
                }
            });
            t.start();
            TestSupport.await("receiver to block", Duration.ofSeconds(5), () -> TestSupport.isBlockedInSocket(t));
            t.interrupt();
            t.join(5000);
            assertThat(thrown.get()).isInstanceOf(MonocoqueException.class);
            assertThat(codeOf(thrown.get())).isEqualTo(ErrorCode.EINTR);
            assertThat(flagAfter.get()).isTrue();
            push.send("after interrupt");
            assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("after interrupt");
        }
    }

    @Test
    void shouldWakeBlockedRecvWhenSocketIsClosedFromAnotherThread() throws Exception {
        try (var ctx = new Context()) {
            Socket pull = ctx.socket(SocketType.PULL);
            pull.bind("tcp://127.0.0.1:*");
            CompletableFuture<Throwable> result = TestSupport.failureOf(() -> pull.recv());
            TestSupport.await("receiver to block", Duration.ofSeconds(5), () -> !result.isDone() && hasWaitingThread());
            pull.close();
            Throwable e = result.get(5, TimeUnit.SECONDS);
            assertThat(codeOf(e)).isEqualTo(ErrorCode.ENOTSOCK);
        }
    }

    private static boolean hasWaitingThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(th -> th.getState() == Thread.State.WAITING
                        && java.util.Arrays.stream(th.getStackTrace()).anyMatch(f -> f.getClassName().endsWith("SocketCore")));
    }

    @Test
    void shouldWakeBlockedCallsWithEtermWhenContextCloses() throws Exception {
        var ctx = new Context();
        Socket pull = ctx.socket(SocketType.PULL);
        Socket push = ctx.socket(SocketType.PUSH);
        pull.bind("tcp://127.0.0.1:*");
        CompletableFuture<Throwable> recv = TestSupport.failureOf(() -> pull.recv());
        CompletableFuture<Throwable> send = CompletableFuture.supplyAsync(() -> {
            try {
                push.send("nobody is connected"); // PUSH with no peer blocks
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        TestSupport.await("both callers to block", Duration.ofSeconds(5), () -> countWaiting() >= 2);
        ctx.close();
        assertThat(codeOf(recv.get(5, TimeUnit.SECONDS))).isEqualTo(ErrorCode.ETERM);
        assertThat(codeOf(send.get(5, TimeUnit.SECONDS))).isEqualTo(ErrorCode.ETERM);
        assertThatThrownBy(() -> push.send("x")).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ETERM));
        assertThatThrownBy(() -> ctx.socket(SocketType.PUSH)).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ETERM));
    }

    private static long countWaiting() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.getState() == Thread.State.WAITING || th.getState() == Thread.State.TIMED_WAITING)
                .filter(th -> java.util.Arrays.stream(th.getStackTrace()).anyMatch(f -> f.getClassName().endsWith("SocketCore")))
                .count();
    }

    @Test
    void shouldThrowEnotsockWhenUsingClosedSocket() {
        try (var ctx = new Context()) {
            Socket s = ctx.socket(SocketType.PUSH);
            s.close();
            s.close(); // idempotent
            assertThatThrownBy(() -> s.send("x")).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ENOTSOCK));
            assertThatThrownBy(() -> s.bind("tcp://127.0.0.1:*")).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ENOTSOCK));
        }
    }

    @Test
    void shouldStopIoThreadsWhenContextCloses() {
        var ctx = Context.builder().ioThreads(2).build();
        var threads = ctx.ioThreads();
        try (var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.connect(ep);
            push.send("hello");
            assertThat(pull.recv(Duration.ofSeconds(5))).isNotNull();
        }
        ctx.close();
        assertThat(threads).hasSize(2).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
    }

    @Test
    void shouldFlushQueuedMessagesBeforeContextCloseReturns() {
        try (var receiverCtx = new Context(); var pull = receiverCtx.socket(SocketType.PULL)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            var ctx = new Context();
            Socket push = ctx.socket(SocketType.PUSH);
            push.set(SocketOption.LINGER, 5000);
            push.connect(ep);
            for (int i = 0; i < 500; i++) {
                push.send(Msg.of("m" + i));
            }
            push.close();
            ctx.close(); // waits for linger: the 500 messages must reach the peer
            for (int i = 0; i < 500; i++) {
                Msg m = pull.recv(Duration.ofSeconds(5));
                assertThat(m).as("message %d", i).isNotNull();
                assertThat(m.string(0)).isEqualTo("m" + i);
            }
        }
    }

    @Test
    void shouldTimeOutRecvAndTrySend() {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            assertThat(pull.recv(Duration.ofMillis(50))).isNull();
            assertThat(pull.tryRecv()).isNull();
            pull.set(SocketOption.RCVTIMEO, 30);
            assertThat(pull.recv()).isNull();
            assertThat(push.trySend(Msg.of("no peer"))).isFalse();
            push.set(SocketOption.SNDTIMEO, 30);
            assertThatThrownBy(() -> push.send("no peer")).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.EAGAIN));
        }
    }

    @Test
    void shouldThrowEintrWhenBlockedSendIsInterruptedAndStayUsable() throws Exception {
        try (var ctx = new Context(); var push = ctx.socket(SocketType.PUSH); var pull = ctx.socket(SocketType.PULL)) {
            // No peer yet: a PUSH send blocks.
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    push.send("blocked");
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            t.start();
            TestSupport.await("sender to block", Duration.ofSeconds(5), () -> t.getState() == Thread.State.WAITING);
            t.interrupt();
            t.join(5000);
            assertThat(codeOf(thrown.get())).isEqualTo(ErrorCode.EINTR);
            push.connect(pull.bind("tcp://127.0.0.1:*"));
            push.send("after interrupt");
            assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("after interrupt");
        }
    }

    /**
     * LINGER -1 with a message for a peer that is not there: close() waits, as zmq_ctx_term does,
     * but an interrupt ends the wait with EINTR (a test's @Timeout can fail instead of hanging the
     * suite), the socket goes on lingering, and a second close() returns once the message is out.
     */
    @Test
    void shouldThrowEintrWhenContextCloseIsInterruptedWhileLingeringAndFinishOnASecondClose() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String ep = "tcp://127.0.0.1:" + port;
        var ctx = new Context();
        var push = ctx.socket(SocketType.PUSH);
        push.set(SocketOption.RECONNECT_IVL, 20);
        push.connect(ep);
        push.send(Msg.of("kept through the interrupted close"));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread closer = new Thread(() -> {
            try {
                ctx.close();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        closer.start();
        TestSupport.await("close() waiting for the linger", Duration.ofSeconds(10),
                () -> closer.getState() == Thread.State.WAITING || closer.getState() == Thread.State.TIMED_WAITING);
        closer.interrupt();
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(MonocoqueException.class);
        assertThat(codeOf(thrown.get())).isEqualTo(ErrorCode.EINTR);
        assertThat(ctx.isClosed()).isTrue();

        try (var other = new Context(); var pull = other.socket(SocketType.PULL)) {
            pull.bind(ep);
            var second = CompletableFuture.runAsync(ctx::close);
            Msg m = pull.recv(Duration.ofSeconds(10));
            assertThat(m).isNotNull();
            assertThat(m.string(0)).isEqualTo("kept through the interrupted close");
            second.get(10, TimeUnit.SECONDS); // the linger is over: the second close() returns
        }
        assertThat(ctx.ioThreads()).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
    }

    @Test
    void shouldCloseTheContextEvenWhenTheCallerWasAlreadyInterrupted() {
        var ctx = new Context();
        try (var pull = ctx.socket(SocketType.PULL)) {
            pull.bind("tcp://127.0.0.1:*");
        }
        Thread.currentThread().interrupt();
        try {
            ctx.close(); // a pending interrupt does not end the wait ...
            assertThat(Thread.currentThread().isInterrupted()).isTrue(); // ... and is kept
        } finally {
            Thread.interrupted();
        }
        assertThat(ctx.ioThreads()).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
    }
}
