package io.monocoque.bench;

import zmq.Ctx;
import zmq.Msg;
import zmq.SocketBase;
import zmq.ZMQ;

/**
 * The publisher of the PUB/SUB fan-out case ({@code zmq_perf pub_thr}'s JeroMQ twin): an XPUB
 * binds with XPUB_NODROP (a subscriber at its HWM makes the send wait instead of losing the
 * message, so every subscriber receives exactly {@code count}) and XPUB_VERBOSE (every
 * subscriber's "" subscription is delivered, not only the first), waits for {@code subscribers}
 * subscription messages (first byte 0x01), sends {@code count} messages of {@code size} bytes and
 * closes; terminating the context waits until all are sent (the default linger is infinite).
 */
public final class JeromqPubThr {
    private JeromqPubThr() {
    }

    public static void main(String[] argv) {
        var a = PerfReport.PubArgs.parse("pub_thr", argv);
        Ctx ctx = ZMQ.init(1);
        SocketBase pub = ZMQ.socket(ctx, ZMQ.ZMQ_XPUB);
        if (!ZMQ.setSocketOption(pub, ZMQ.ZMQ_XPUB_NODROP, true) || !ZMQ.setSocketOption(pub, ZMQ.ZMQ_XPUB_VERBOSE, true)) {
            PerfReport.fail("pub_thr", "setting XPUB_NODROP / XPUB_VERBOSE failed: errno " + pub.errno());
        }
        if (!ZMQ.bind(pub, a.endpoint())) {
            PerfReport.fail("pub_thr", "bind " + a.endpoint() + " failed: errno " + pub.errno());
        }
        for (int seen = 0; seen < a.subscribers();) {
            Msg m = ZMQ.recv(pub, 0);
            if (m == null) {
                PerfReport.fail("pub_thr", "recv failed: errno " + pub.errno());
            } else if (m.size() >= 1 && m.get(0) == 1) {
                seen++;
            }
        }
        long total = PerfReport.warmup("pub_thr") + a.count();
        for (long i = 0; i < total; i++) {
            // A fresh message each time, as libzmq's perf tools do: sending hands the message over.
            // Its content does not matter: every subscriber subscribes to "".
            if (ZMQ.send(pub, new Msg(a.size()), 0) < 0) {
                PerfReport.fail("pub_thr", "send failed: errno " + pub.errno());
            }
        }
        ZMQ.close(pub);
        ZMQ.term(ctx);
    }
}
