package io.monocoque.zmtp;

import java.util.List;

/**
 * Decides whether a peer may connect, given its mechanism and credentials: the ZAP (RFC 27)
 * question, asked by a server-side {@link Mechanism}. The transport implements it (it knows the
 * peer's address and the socket's ZAP domain); the mechanism stays free of I/O.
 */
@FunctionalInterface
public interface Authenticator {

    /** Lets everyone in, as libzmq does when no ZAP handler is installed. */
    Authenticator ALLOW_ALL = (mechanism, credentials) -> Decision.allow("");

    /**
     * @param mechanism   {@code "NULL"}, {@code "PLAIN"} or {@code "CURVE"}
     * @param credentials the mechanism's credentials (NULL: none; PLAIN: username, password; CURVE: the client's 32-byte public key)
     */
    Decision authenticate(String mechanism, List<byte[]> credentials);

    /**
     * A ZAP answer.
     *
     * @param statusCode {@code "200"} (allowed), {@code "300"} (temporary error), {@code "400"} (denied),
     *                   {@code "500"} (internal error)
     * @param statusText a reason a person can read
     * @param userId     the authenticated user, exposed to the application as {@code User-Id}
     * @param metadata   extra properties the handler attaches to the connection
     */
    record Decision(String statusCode, String statusText, String userId, Metadata metadata) {
        public static Decision allow(String userId) {
            return new Decision("200", "OK", userId, Metadata.EMPTY);
        }

        public static Decision deny(String reason) {
            return new Decision("400", reason, "", Metadata.EMPTY);
        }

        /** An internal error (500): the handler failed, or its answer could not be used. */
        public static Decision error(String reason) {
            return new Decision("500", reason, "", Metadata.EMPTY);
        }

        public boolean isAllowed() {
            return "200".equals(statusCode);
        }

        /** The peer's metadata with this answer's metadata and {@code User-Id} added. */
        public Metadata applyTo(Metadata peer) {
            Metadata.Builder b = Metadata.builder();
            for (Metadata.Property p : peer.properties()) {
                b.put(p.name(), p.value());
            }
            for (Metadata.Property p : metadata.properties()) {
                b.put(p.name(), p.value());
            }
            if (userId != null && !userId.isEmpty()) {
                b.put(Metadata.USER_ID, userId);
            }
            return b.build();
        }
    }
}
