package io.monocoque.internal.pattern;

import io.monocoque.Msg;
import io.monocoque.internal.Peer;
import io.monocoque.internal.SocketCore;

/** PULL (RFC 30): fair-queues from pushers. */
final class PullPattern extends Pattern {
    private final FairQueue fq = new FairQueue();

    PullPattern(SocketCore socket) {
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
        throw notSupported("send");
    }

    @Override
    public Msg tryRecv() {
        return fq.recv();
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
