package io.monocoque;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a {@link ZapHandler} is asked (RFC 27).
 *
 * @param domain      the socket's ZAP_DOMAIN
 * @param address     the peer's address, e.g. {@code 127.0.0.1:40312} (tcp) or the ipc path
 * @param mechanism   {@code "NULL"}, {@code "PLAIN"} or {@code "CURVE"}
 * @param credentials NULL: none; PLAIN: username and password; CURVE: the client's 32-byte public key
 */
public record ZapRequest(String domain, String address, String mechanism, List<byte[]> credentials) {

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
