package io.monocoque.zmtp;

/**
 * What a completed handshake learned about the peer.
 *
 * @param greeting   the peer's greeting (its version tells whether it speaks 3.0 or 3.1)
 * @param socketType the peer's Socket-Type
 * @param identity   the peer's Identity property, empty when absent
 * @param metadata   every property the peer sent
 */
public record PeerInfo(Greeting greeting, ZmtpSocketType socketType, byte[] identity, Metadata metadata) {

    /** True when the peer speaks ZMTP 3.1 or later (SUBSCRIBE/CANCEL/PING commands). */
    public boolean isZmtp31() {
        return greeting.isAtLeast(3, 1);
    }
}
