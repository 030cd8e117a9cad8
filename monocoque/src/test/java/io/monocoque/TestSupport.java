package io.monocoque;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Helpers shared by the socket tests: waiting with a deadline instead of sleeping. */
final class TestSupport {
    private TestSupport() {
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; fails with {@code what}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Sends probes until one arrives (the connection is up), then drains the rest. */
    static void awaitConnected(Socket push, Socket pull) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            push.trySend(Msg.of("probe"));
            if (pull.recv(Duration.ofMillis(20)) != null) {
                while (pull.tryRecv() != null) {
                    // drain extra probes
                }
                return;
            }
        }
        throw new AssertionError("no probe arrived within 10 s");
    }

    /** Runs {@code call} on a new platform thread; completes with what it threw, or null. */
    static java.util.concurrent.CompletableFuture<Throwable> failureOf(Runnable call) {
        var result = new java.util.concurrent.CompletableFuture<Throwable>();
        Thread t = new Thread(() -> {
            try {
                call.run();
                result.complete(null);
            } catch (Throwable e) {
                result.complete(e);
            }
        }, "test-caller");
        t.setDaemon(true);
        t.start();
        return result;
    }

    static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /** Takes events from {@code events} until one of {@code type} arrives; false when {@code timeout} passes first. */
    static boolean awaitEvent(java.util.concurrent.BlockingQueue<SocketEvent> events, SocketEvent.Type type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                SocketEvent e = events.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
                if (e != null && e.type() == type) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * True when {@code t} waits inside a socket call: parked, or in the selector where a receive
     * waits to read through (a thread in epoll_wait shows as RUNNABLE).
     */
    static boolean isBlockedInSocket(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        if (java.util.Arrays.stream(stack).noneMatch(f -> f.getClassName().endsWith("SocketCore"))) {
            return false;
        }
        Thread.State state = t.getState();
        if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
            return true;
        }
        return stack.length > 0 && stack[0].getClassName().startsWith("sun.nio.ch.")
                && java.util.Arrays.stream(stack).anyMatch(f -> f.getMethodName().equals("selectReadingThrough"));
    }
}
