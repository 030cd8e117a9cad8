package io.monocoque.internal.pattern;

import io.monocoque.ErrorCode;
import io.monocoque.MonocoqueException;
import io.monocoque.Msg;
import io.monocoque.SocketOption;
import io.monocoque.internal.MsgAccess;
import io.monocoque.internal.Peer;
import io.monocoque.internal.SocketCore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * REQ (RFC 28): strict send/receive alternation; requests load-balanced, each prefixed with the
 * empty delimiter frame (and, with REQ_CORRELATE, a 4-byte request id before it); the reply is
 * taken only from the peer the request went to, its envelope removed. REQ_RELAXED allows a new
 * request before the reply, after which late replies to the old one are dropped.
 */
final class ReqPattern extends Pattern {
    private static final byte[] DELIMITER = new byte[0];

    private final LoadBalancer lb = new LoadBalancer();
    private final FairQueue fq = new FairQueue();
    private final MsgAccess access = MsgAccess.get();
    private boolean awaitingReply;
    private Peer replyPeer;
    private int requestId = ThreadLocalRandom.current().nextInt();
    private byte[] requestIdBytes;

    ReqPattern(SocketCore socket) {
        super(socket);
    }

    @Override
    public void attach(Peer peer) {
        lb.attach(peer);
        fq.attach(peer);
    }

    @Override
    public void detach(Peer peer) {
        lb.detach(peer);
        fq.detach(peer);
    }

    @Override
    public boolean trySend(Msg msg) {
        boolean relaxed = socket.options().getBool(SocketOption.REQ_RELAXED);
        if (awaitingReply && !relaxed) {
            throw new MonocoqueException(ErrorCode.EFSM,
                    "REQ socket cannot send twice without a reply in between; receive the reply first or set REQ_RELAXED");
        }
        boolean correlate = socket.options().getBool(SocketOption.REQ_CORRELATE);
        Msg wire = access.prepend(DELIMITER, msg);
        byte[] id = null;
        if (correlate) {
            int next = requestId + 1;
            id = new byte[] {(byte) (next >>> 24), (byte) (next >>> 16), (byte) (next >>> 8), (byte) next};
            wire = access.prepend(id, wire);
        }
        Peer p = lb.send(wire);
        if (p == null) {
            return false;
        }
        if (correlate) {
            requestId++;
            requestIdBytes = id;
        }
        replyPeer = p;
        awaitingReply = true;
        return true;
    }

    @Override
    public Msg tryRecv() {
        if (!awaitingReply) {
            throw new MonocoqueException(ErrorCode.EFSM, "REQ socket must send a request before it can receive a reply");
        }
        while (true) {
            Msg m = fq.recv();
            if (m == null) {
                return null;
            }
            if (fq.lastPeer() != replyPeer) {
                continue; // a late reply from a peer we no longer wait for
            }
            int skip = envelopeSize(m);
            if (skip < 0 || m.size() <= skip) {
                continue; // malformed or stale reply: dropped, as libzmq does
            }
            awaitingReply = false;
            return access.dropFirst(m, skip);
        }
    }

    private int envelopeSize(Msg m) {
        if (socket.options().getBool(SocketOption.REQ_CORRELATE)) {
            if (m.size() < 2 || requestIdBytes == null) {
                return -1;
            }
            byte[] id = access.frame(m, 0);
            if (!java.util.Arrays.equals(id, requestIdBytes) || access.frame(m, 1).length != 0) {
                return -1;
            }
            return 2;
        }
        return access.frame(m, 0).length == 0 ? 1 : -1;
    }

    @Override
    public boolean armForSend() {
        return lb.armForSpace();
    }

    @Override
    public boolean armForRecv() {
        return fq.armForData();
    }

    @Override
    public Peer soleInboundPeer() {
        return fq.sole();
    }
}
