package io.monocoque.internal;

import io.monocoque.Msg;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import io.monocoque.zmtp.Authenticator;
import io.monocoque.zmtp.Metadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ZAP client of a context (RFC 27), for libzmq-style handlers: a socket the application binds
 * to {@value #ENDPOINT} (a REP, or a ROUTER) in the same context answers ZAP requests. Requests
 * go out on one context-wide DEALER connected to that name, with the empty delimiter a REQ would
 * add:
 * <pre>
 *   "" | "1.0" | request id | domain | address | identity | mechanism | credentials...
 *   "" | "1.0" | request id | status code | status text | user id | metadata
 * </pre>
 * A handshake waits for its answer, up to a deadline; a reply to an older request (one whose wait
 * expired) is skipped. A malformed reply or no reply in time refuses the peer with status 500.
 */
final class ZapClient {
    /** Where libzmq-style ZAP handlers bind. */
    static final String ENDPOINT = "inproc://zeromq.zap.01";
    static final String NAME = "zeromq.zap.01";
    private static final byte[] VERSION = "1.0".getBytes(StandardCharsets.US_ASCII);

    private final ContextCore context;
    private SocketCore dealer;
    private long nextRequestId;

    ZapClient(ContextCore context) {
        this.context = context;
    }

    /** Whether a handler socket is bound to {@value #ENDPOINT} now. */
    boolean handlerBound() {
        return context.inproc().boundTo(NAME) != null;
    }

    /**
     * Asks the handler socket and waits for its answer. Serialised: handshakes on several I/O
     * threads take turns.
     *
     * @param timeoutMillis how long to wait for the answer
     */
    synchronized Authenticator.Decision request(String domain, String address, byte[] identity, String mechanism,
                                                List<byte[]> credentials, long timeoutMillis) {
        SocketCore s = dealer();
        String id = Long.toString(++nextRequestId);
        List<byte[]> frames = new ArrayList<>(7 + credentials.size());
        frames.add(new byte[0]);
        frames.add(VERSION);
        frames.add(id.getBytes(StandardCharsets.US_ASCII));
        frames.add(domain.getBytes(StandardCharsets.UTF_8));
        frames.add(address.getBytes(StandardCharsets.UTF_8));
        frames.add(identity);
        frames.add(mechanism.getBytes(StandardCharsets.US_ASCII));
        frames.addAll(credentials);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (!s.send(Msg.wrap(frames), TimeUnit.MILLISECONDS.toNanos(timeoutMillis))) {
            return Authenticator.Decision.error("the ZAP handler at " + ENDPOINT + " does not take requests");
        }
        while (true) {
            long left = deadline - System.nanoTime();
            Msg reply = left > 0 ? s.recv(left) : null;
            if (reply == null) {
                return Authenticator.Decision.error("no answer from the ZAP handler at " + ENDPOINT + " within " + timeoutMillis + " ms");
            }
            if (reply.size() >= 3 && reply.string(2).equals(id)) {
                return decode(reply);
            }
            // an answer to a request whose wait expired: skip it
        }
    }

    /** The answer in {@code reply}, or a 500 naming what is wrong with it. */
    static Authenticator.Decision decode(Msg reply) {
        if (reply.size() != 7) {
            return Authenticator.Decision.error("malformed ZAP reply: " + reply.size() + " frames, expected 7");
        }
        if (reply.frameSize(0) != 0) {
            return Authenticator.Decision.error("malformed ZAP reply: no empty delimiter frame");
        }
        if (!reply.string(1).equals("1.0")) {
            return Authenticator.Decision.error("malformed ZAP reply: version '" + reply.string(1) + "', expected 1.0");
        }
        String status = reply.string(3);
        if (!status.matches("[2345]00")) {
            return Authenticator.Decision.error("malformed ZAP reply: status code '" + status + "'");
        }
        Metadata metadata;
        try {
            byte[] md = reply.bytes(6);
            metadata = Metadata.parse(md, 0, md.length);
        } catch (RuntimeException e) {
            return Authenticator.Decision.error("malformed ZAP reply metadata: " + e.getMessage());
        }
        return new Authenticator.Decision(status, reply.string(4), reply.string(5), metadata);
    }

    private SocketCore dealer() {
        if (dealer == null) {
            SocketCore s = context.socket(SocketType.DEALER);
            s.setOption(SocketOption.LINGER, 0);
            s.connect(ENDPOINT);
            dealer = s;
        }
        return dealer;
    }
}
