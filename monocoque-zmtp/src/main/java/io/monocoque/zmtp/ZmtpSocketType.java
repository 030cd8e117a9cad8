package io.monocoque.zmtp;

/**
 * Socket types as named in the {@code Socket-Type} metadata property, with RFC 37's table of
 * which types may talk to which.
 */
public enum ZmtpSocketType {
    PAIR, PUB, SUB, REQ, REP, DEALER, ROUTER, PULL, PUSH, XPUB, XSUB;

    /** The name sent in {@code Socket-Type}. */
    public String wireName() {
        return name();
    }

    /**
     * Whether a socket of this type may talk to a peer of {@code peer}'s type (RFC 37 table, the
     * same as libzmq's check).
     */
    public boolean isCompatibleWith(ZmtpSocketType peer) {
        return switch (this) {
            case PAIR -> peer == PAIR;
            case PUB, XPUB -> peer == SUB || peer == XSUB;
            case SUB, XSUB -> peer == PUB || peer == XPUB;
            case REQ -> peer == REP || peer == ROUTER;
            case REP -> peer == REQ || peer == DEALER;
            case DEALER -> peer == REP || peer == DEALER || peer == ROUTER;
            case ROUTER -> peer == REQ || peer == DEALER || peer == ROUTER;
            case PUSH -> peer == PULL;
            case PULL -> peer == PUSH;
        };
    }

    /**
     * The type named by a {@code Socket-Type} value, or {@code null} for a type this
     * implementation does not know (e.g. a draft type such as CLIENT).
     */
    public static ZmtpSocketType fromWireName(String name) {
        for (ZmtpSocketType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
