package io.monocoque;

import java.util.Map;

/**
 * A {@link ZapHandler}'s answer (RFC 27): {@code 200} lets the peer in, {@code 300} is a
 * temporary failure, {@code 400} a refusal, {@code 500} an internal error. The user id and
 * metadata reach the application as message properties ({@link Msg#property(String)}, e.g.
 * {@code User-Id}).
 */
public record ZapReply(String statusCode, String statusText, String userId, Map<String, String> metadata) {

    public ZapReply {
        if (!statusCode.matches("[2345]00")) {
            throw new IllegalArgumentException("ZAP status code must be 200, 300, 400 or 500, got " + statusCode);
        }
        metadata = Map.copyOf(metadata);
    }

    /** Lets the peer in as {@code userId}. */
    public static ZapReply allow(String userId) {
        return new ZapReply("200", "OK", userId, Map.of());
    }

    /** Refuses the peer. */
    public static ZapReply deny(String reason) {
        return new ZapReply("400", reason, "", Map.of());
    }
}
