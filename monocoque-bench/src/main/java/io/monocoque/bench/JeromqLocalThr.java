package io.monocoque.bench;

import zmq.Ctx;
import zmq.Msg;
import zmq.SocketBase;
import zmq.ZMQ;

/**
 * JeroMQ's {@code local_thr}: a PULL socket binds, receives {@code count} messages of
 * {@code size} bytes and prints the throughput measured from the first message to the last.
 * Uses JeroMQ's {@code zmq.*} API (the counterpart of libzmq's C API, and what JeroMQ's own
 * perf tools use), one I/O thread.
 */
public final class JeromqLocalThr {
    private JeromqLocalThr() {
    }

    public static void main(String[] argv) {
        var a = PerfReport.Args.parse("local_thr", "message-count", argv);
        Ctx ctx = ZMQ.init(1);
        SocketBase pull = ZMQ.socket(ctx, ZMQ.ZMQ_PULL);
        JeromqCurve.server("local_thr", pull);
        if (!ZMQ.bind(pull, a.endpoint())) {
            PerfReport.fail("local_thr", "bind " + a.endpoint() + " failed: errno " + pull.errno());
        }
        for (long i = PerfReport.warmup("local_thr"); i > 0; i--) {
            receive(pull, a.size());
        }
        receive(pull, a.size());
        long start = System.nanoTime();
        for (long i = 1; i < a.count(); i++) {
            receive(pull, a.size());
        }
        long elapsed = System.nanoTime() - start;
        PerfReport.throughput(a.size(), a.count(), elapsed);
        ZMQ.close(pull);
        ZMQ.term(ctx);
    }

    private static void receive(SocketBase pull, int size) {
        Msg m = ZMQ.recv(pull, 0);
        if (m == null) {
            PerfReport.fail("local_thr", "recv failed: errno " + pull.errno());
        } else if (m.size() != size) {
            PerfReport.fail("local_thr", "message of wrong size: " + m.size());
        }
    }
}
