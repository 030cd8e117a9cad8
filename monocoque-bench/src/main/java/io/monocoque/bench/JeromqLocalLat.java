package io.monocoque.bench;

import zmq.Ctx;
import zmq.Msg;
import zmq.SocketBase;
import zmq.ZMQ;

/** JeroMQ's {@code local_lat}: a REP socket binds and echoes {@code roundtrips} messages. */
public final class JeromqLocalLat {
    private JeromqLocalLat() {
    }

    public static void main(String[] argv) {
        var a = PerfReport.Args.parse("local_lat", "roundtrip-count", argv);
        Ctx ctx = ZMQ.init(1);
        SocketBase rep = ZMQ.socket(ctx, ZMQ.ZMQ_REP);
        if (!ZMQ.bind(rep, a.endpoint())) {
            PerfReport.fail("local_lat", "bind " + a.endpoint() + " failed: errno " + rep.errno());
        }
        long total = PerfReport.warmup("local_lat") + a.count();
        for (long i = 0; i < total; i++) {
            Msg m = ZMQ.recv(rep, 0);
            if (m == null) {
                PerfReport.fail("local_lat", "recv failed: errno " + rep.errno());
            } else if (m.size() != a.size()) {
                PerfReport.fail("local_lat", "message of wrong size: " + m.size());
            }
            if (ZMQ.send(rep, m, 0) < 0) {
                PerfReport.fail("local_lat", "send failed: errno " + rep.errno());
            }
        }
        ZMQ.close(rep);
        ZMQ.term(ctx);
    }
}
