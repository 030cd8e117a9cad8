package io.monocoque.internal.pattern;

import io.monocoque.ErrorCode;
import io.monocoque.MonocoqueException;
import io.monocoque.Msg;
import io.monocoque.internal.MsgAccess;
import io.monocoque.internal.Peer;
import io.monocoque.internal.SocketCore;

/**
 * REP (RFC 28): fair-queues requests, hides their envelope (every frame up to and including the
 * empty delimiter) and sends the reply back, with that envelope, to the peer the request came
 * from. Requests without a delimiter are dropped, as libzmq does. A reply to a departed peer is
 * dropped.
 */
final class RepPattern extends Pattern {
    private final FairQueue fq = new FairQueue();
    private final MsgAccess access = MsgAccess.get();
    private boolean replying;
    private Peer replyTo;
    private byte[][] envelope;

    RepPattern(SocketCore socket) {
        super(socket);
    }

    @Override
    public void attach(Peer peer) {
        fq.attach(peer);
    }

    @Override
    public void detach(Peer peer) {
        fq.detach(peer);
    }

    @Override
    public boolean trySend(Msg msg) {
        if (!replying) {
            throw new MonocoqueException(ErrorCode.EFSM, "REP socket must receive a request before it can send a reply");
        }
        Msg wire = msg;
        for (int i = envelope.length - 1; i >= 0; i--) {
            wire = access.prepend(envelope[i], wire);
        }
        Peer p = replyTo;
        replying = false;
        replyTo = null;
        envelope = null;
        if (!p.isDetached()) {
            p.out().offer(wire); // dropped when the requester is at its HWM, as libzmq
        }
        return true;
    }

    @Override
    public Msg tryRecv() {
        if (replying) {
            throw new MonocoqueException(ErrorCode.EFSM, "REP socket must send a reply before it can receive the next request");
        }
        while (true) {
            Msg m = fq.recv();
            if (m == null) {
                return null;
            }
            int delimiter = -1;
            for (int i = 0; i < m.size(); i++) {
                if (access.frame(m, i).length == 0) {
                    delimiter = i;
                    break;
                }
            }
            if (delimiter < 0 || delimiter == m.size() - 1) {
                continue; // no envelope delimiter or no body: malformed, dropped
            }
            envelope = new byte[delimiter + 1][];
            for (int i = 0; i <= delimiter; i++) {
                envelope[i] = access.frame(m, i);
            }
            replyTo = fq.lastPeer();
            replying = true;
            return access.dropFirst(m, delimiter + 1);
        }
    }

    @Override
    public boolean armForSend() {
        return false;
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
