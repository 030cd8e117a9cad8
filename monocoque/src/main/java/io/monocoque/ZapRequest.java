package io.monocoque;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a {@link ZapHandler} is asked (RFC 27).
 *
 * @param domain      the socket's ZAP_DOMAIN
 * @param address     the peer's address: its IP for tcp (as libzmq sends it), the path for ipc
 * @param identity    the authenticating socket's ROUTING_ID (RFC 27's "identity"), empty when unset
 * @param mechanism   {@code "NULL"}, {@code "PLAIN"} or {@code "CURVE"}
 * @param credentials NULL: none; PLAIN: username and password; CURVE: the client's 32-byte public key
 */
public record ZapRequest(String domain, String address, byte[] identity, String mechanism, List<byte[]> credentials) {

    /** A request with no identity. */
    public ZapRequest(String domain, String address, String mechanism, List<byte[]> credentials) {
        this(domain, address, new byte[0], mechanism, credentials);
    }

    /** The identity (a copy). */
    @Override
    public byte[] identity() {
        return identity.clone();
    }

    /** PLAIN's username, decoded as UTF-8. */
    public String username() {
        return new String(credentials.get(0), StandardCharsets.UTF_8);
    }

    /** PLAIN's password, decoded as UTF-8. */
    public String password() {
        return new String(credentials.get(1), StandardCharsets.UTF_8);
    }

    /** CURVE's client public key (32 bytes, a copy). */
    public byte[] curvePublicKey() {
        return credentials.get(0).clone();
    }

    /** CURVE's client public key as 40 Z85 characters, as libzmq's ZAP handlers see it. */
    public String curvePublicKeyZ85() {
        return Z85.encode(credentials.get(0));
    }
}
