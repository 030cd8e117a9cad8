package io.monocoque.bench;

import zmq.Ctx;
import zmq.Msg;
import zmq.SocketBase;
import zmq.ZMQ;

/**
 * A subscriber of the PUB/SUB fan-out case ({@code zmq_perf sub_thr}'s JeroMQ twin): a SUB
 * subscribes to "", connects, receives {@code count} messages of {@code size} bytes and prints
 * the throughput measured from the first message to the last, in {@code local_thr}'s lines.
 */
public final class JeromqSubThr {
    private JeromqSubThr() {
    }

    public static void main(String[] argv) {
        var a = PerfReport.Args.parse("sub_thr", "message-count", argv);
        Ctx ctx = ZMQ.init(1);
        SocketBase sub = ZMQ.socket(ctx, ZMQ.ZMQ_SUB);
        if (!ZMQ.setSocketOption(sub, ZMQ.ZMQ_SUBSCRIBE, new byte[0])) {
            PerfReport.fail("sub_thr", "subscribe failed: errno " + sub.errno());
        }
        if (!ZMQ.connect(sub, a.endpoint())) {
            PerfReport.fail("sub_thr", "connect " + a.endpoint() + " failed: errno " + sub.errno());
        }
        for (long i = PerfReport.warmup("sub_thr"); i > 0; i--) {
            receive(sub, a.size());
        }
        receive(sub, a.size());
        long start = System.nanoTime();
        for (long i = 1; i < a.count(); i++) {
            receive(sub, a.size());
        }
        long elapsed = System.nanoTime() - start;
        PerfReport.throughput(a.size(), a.count(), elapsed);
        ZMQ.close(sub);
        ZMQ.term(ctx);
    }

    private static void receive(SocketBase sub, int size) {
        Msg m = ZMQ.recv(sub, 0);
        if (m == null) {
            PerfReport.fail("sub_thr", "recv failed: errno " + sub.errno());
        } else if (m.size() != size) {
            PerfReport.fail("sub_thr", "message of wrong size: " + m.size());
        }
    }
}
