package io.monocoque.bench;

import zmq.Ctx;
import zmq.Msg;
import zmq.SocketBase;
import zmq.ZMQ;

/**
 * JeroMQ's {@code remote_thr}: a PUSH socket connects and sends {@code count} messages of
 * {@code size} bytes, then closes; terminating the context waits until all are sent (the
 * default linger is infinite).
 */
public final class JeromqRemoteThr {
    private JeromqRemoteThr() {
    }

    public static void main(String[] argv) {
        var a = PerfReport.Args.parse("remote_thr", "message-count", argv);
        Ctx ctx = ZMQ.init(1);
        SocketBase push = ZMQ.socket(ctx, ZMQ.ZMQ_PUSH);
        JeromqCurve.client("remote_thr", push);
        if (!ZMQ.connect(push, a.endpoint())) {
            PerfReport.fail("remote_thr", "connect " + a.endpoint() + " failed: errno " + push.errno());
        }
        long total = PerfReport.warmup("remote_thr") + a.count();
        for (long i = 0; i < total; i++) {
            // A fresh message each time, as libzmq's remote_thr does: sending hands the message over.
            if (ZMQ.send(push, new Msg(a.size()), 0) < 0) {
                PerfReport.fail("remote_thr", "send failed: errno " + push.errno());
            }
        }
        ZMQ.close(push);
        ZMQ.term(ctx);
    }
}
