package io.monocoque;

/**
 * Decides whether a peer may connect to a socket that authenticates (PLAIN or CURVE server, or a NULL socket with a ZAP_DOMAIN):
 * the ZAP (RFC 27) handler of a {@link Context}, set with {@link Context#zapHandler(ZapHandler)}.
 * Without a handler every peer is accepted, as libzmq does.
 *
 * <p>Called on an I/O thread during the handshake: answer quickly and never block.
 */
@FunctionalInterface
public interface ZapHandler {
    ZapReply authenticate(ZapRequest request);
}
