package io.monocoque.bench;

import zmq.SocketBase;
import zmq.ZMQ;
import zmq.io.mechanism.curve.Curve;

/**
 * CURVE for the JeroMQ perf peers, from the same environment as {@code zmq_perf.c}: with
 * {@code ZMQ_PERF_CURVE_SECRET=<z85 secret>} a binding peer is a CURVE server, with
 * {@code ZMQ_PERF_CURVE_SERVER=<z85 public>} a connecting peer is a CURVE client of that server
 * with a fresh key pair of its own. Without them both stay NULL. A CURVE server here has no
 * RCVHWM (see {@link #server}).
 */
final class JeromqCurve {
    private JeromqCurve() {
    }

    /** Call before {@code bind}. */
    static void server(String tool, SocketBase s) {
        String secret = System.getenv("ZMQ_PERF_CURVE_SECRET");
        if (secret != null) {
            set(tool, s, ZMQ.ZMQ_CURVE_SERVER, true);
            set(tool, s, ZMQ.ZMQ_CURVE_SECRETKEY, secret);
            // JeroMQ 0.6.0 hands a still-sealed CURVE MESSAGE (size + 33) to the application when
            // its receive pipe reaches RCVHWM and input restarts; with no receive limit it never does.
            set(tool, s, ZMQ.ZMQ_RCVHWM, 0);
        }
    }

    /** Call before {@code connect}. */
    static void client(String tool, SocketBase s) {
        String server = System.getenv("ZMQ_PERF_CURVE_SERVER");
        if (server != null) {
            String[] ours = new Curve().keypairZ85();
            set(tool, s, ZMQ.ZMQ_CURVE_SERVERKEY, server);
            set(tool, s, ZMQ.ZMQ_CURVE_PUBLICKEY, ours[0]);
            set(tool, s, ZMQ.ZMQ_CURVE_SECRETKEY, ours[1]);
        }
    }

    private static void set(String tool, SocketBase s, int option, Object value) {
        if (!s.setSocketOpt(option, value)) {
            PerfReport.fail(tool, "CURVE option " + option + " refused: errno " + s.errno());
        }
    }
}
