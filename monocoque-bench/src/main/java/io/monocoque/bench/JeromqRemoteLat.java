package io.monocoque.bench;

import org.HdrHistogram.Histogram;
import zmq.Ctx;
import zmq.Msg;
import zmq.SocketBase;
import zmq.ZMQ;

/**
 * JeroMQ's {@code remote_lat}: a REQ socket connects and makes {@code roundtrips} round trips;
 * prints libzmq's average (one-way) latency plus the round trips' p50 and p99.
 */
public final class JeromqRemoteLat {
    private JeromqRemoteLat() {
    }

    public static void main(String[] argv) {
        var a = PerfReport.Args.parse("remote_lat", "roundtrip-count", argv);
        Histogram samples = PerfReport.roundTrips();
        Ctx ctx = ZMQ.init(1);
        SocketBase req = ZMQ.socket(ctx, ZMQ.ZMQ_REQ);
        if (!ZMQ.connect(req, a.endpoint())) {
            PerfReport.fail("remote_lat", "connect " + a.endpoint() + " failed: errno " + req.errno());
        }
        for (long i = PerfReport.warmup("remote_lat"); i > 0; i--) {
            if (ZMQ.send(req, new Msg(a.size()), 0) < 0 || ZMQ.recv(req, 0) == null) {
                PerfReport.fail("remote_lat", "warm-up round trip failed: errno " + req.errno());
            }
        }
        long start = System.nanoTime();
        for (long i = 0; i < a.count(); i++) {
            long t0 = System.nanoTime();
            if (ZMQ.send(req, new Msg(a.size()), 0) < 0) {
                PerfReport.fail("remote_lat", "send failed: errno " + req.errno());
            }
            Msg m = ZMQ.recv(req, 0);
            if (m == null) {
                PerfReport.fail("remote_lat", "recv failed: errno " + req.errno());
            } else if (m.size() != a.size()) {
                PerfReport.fail("remote_lat", "message of wrong size: " + m.size());
            }
            PerfReport.record(samples, System.nanoTime() - t0);
        }
        long elapsed = System.nanoTime() - start;
        PerfReport.latency(a.size(), samples, elapsed);
        ZMQ.close(req);
        ZMQ.term(ctx);
    }
}
