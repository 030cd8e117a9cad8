package io.monocoque.internal.pattern;

import io.monocoque.Msg;
import io.monocoque.internal.Peer;
import io.monocoque.internal.SocketCore;

/** DEALER (RFC 28): round-robin out, fair-queue in, frames passed as they are. */
final class DealerPattern extends Pattern {
    private final LoadBalancer lb = new LoadBalancer();
    private final FairQueue fq = new FairQueue();

    DealerPattern(SocketCore socket) {
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
        return lb.send(msg) != null;
    }

    @Override
    public Msg tryRecv() {
        return fq.recv();
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
