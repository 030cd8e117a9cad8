package io.monocoque.internal.pattern;

import io.monocoque.Msg;
import io.monocoque.internal.Peer;
import io.monocoque.internal.SocketCore;

/** PUSH (RFC 30): round-robin to pullers; blocks (or EAGAIN) when every peer is at SNDHWM. */
final class PushPattern extends Pattern {
    private final LoadBalancer lb = new LoadBalancer();

    PushPattern(SocketCore socket) {
        super(socket);
    }

    @Override
    public void attach(Peer peer) {
        lb.attach(peer);
    }

    @Override
    public void detach(Peer peer) {
        lb.detach(peer);
    }

    @Override
    public boolean trySend(Msg msg) {
        return lb.send(msg) != null;
    }

    @Override
    public Msg tryRecv() {
        throw notSupported("recv");
    }

    @Override
    public boolean armForSend() {
        return lb.armForSpace();
    }

    @Override
    public boolean armForRecv() {
        return false;
    }
}
