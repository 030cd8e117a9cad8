package io.monocoque.zmtp;

/**
 * The NULL mechanism (RFC 37): no authentication, no encryption. Each side sends READY with its
 * metadata and the handshake is complete when the peer's READY arrives. Both sides send at once
 * rather than the client first, as libzmq does; the RFC's server-replies order is a special case
 * of that and interoperates.
 *
 * <pre>
 * C: READY(metadata)   S: READY(metadata)      (in either order)
 * or either side: ERROR(reason) and close
 * </pre>
 *
 * As in libzmq, a side with a ZAP domain asks its {@link Authenticator} (mechanism
 * {@code "NULL"}, no credentials) before it sends READY, and sends ERROR instead when refused.
 */
public final class NullMechanism implements Mechanism {
    /** The mechanism name in the greeting. */
    public static final String NAME = "NULL";

    private final Authenticator authenticator;
    private Authenticator.Decision decision;
    private Metadata peerMetadata;

    /** NULL without authentication. */
    public NullMechanism() {
        this(null);
    }

    /** NULL that asks {@code authenticator} (when not null) whether the peer may connect. */
    public NullMechanism(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean asServer() {
        return false;
    }

    @Override
    public void start(Metadata ourMetadata, Greeting peer, CommandSink out) {
        if (authenticator != null) {
            decision = authenticator.authenticate(NAME, java.util.List.of());
            if (!decision.isAllowed()) {
                out.send(new Command.Error(decision.statusCode()).toBody());
                throw new ZmtpProtocolException(ZmtpProtocolException.Kind.AUTHENTICATION_FAILED,
                        "NULL peer refused by ZAP (" + decision.statusCode() + " " + decision.statusText() + ")");
            }
        }
        out.send(new Command.Ready(ourMetadata).toBody());
    }

    @Override
    public void onCommand(byte[] body, CommandSink out) {
        if (peerMetadata != null) {
            throw ZmtpProtocolException.malformed("NULL handshake already complete");
        }
        Command c = Command.parse(body);
        if (c instanceof Command.Ready ready) {
            peerMetadata = decision == null ? ready.metadata() : decision.applyTo(ready.metadata());
        } else if (c instanceof Command.Error error) {
            throw new ZmtpProtocolException(ZmtpProtocolException.Kind.PEER_ERROR,
                    "peer refused the handshake: " + error.reason());
        } else {
            throw ZmtpProtocolException.malformed("NULL handshake expects READY or ERROR, got " + c.name());
        }
    }

    @Override
    public boolean isComplete() {
        return peerMetadata != null;
    }

    @Override
    public Metadata peerMetadata() {
        return peerMetadata;
    }
}
