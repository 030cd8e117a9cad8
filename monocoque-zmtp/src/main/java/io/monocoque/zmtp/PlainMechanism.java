package io.monocoque.zmtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The PLAIN mechanism (RFC 24): a client sends a username and password in clear text, the server
 * asks its {@link Authenticator} (ZAP) and lets it in or refuses it.
 *
 * <pre>
 * C: HELLO(username, password)      S: WELCOME   | ERROR(reason)
 * C: INITIATE(metadata)             S: READY(metadata) | ERROR(reason)
 *
 * HELLO data:  +-----+--------------+-----+--------------+
 *              | len | username     | len | password     |     len: 1 octet, 0..255
 *              +-----+--------------+-----+--------------+
 * </pre>
 *
 * The server's READY carries a {@code User-Id} property for its own side once the ZAP handler
 * named one (added to the peer's metadata, not sent).
 */
public final class PlainMechanism implements Mechanism {
    /** The mechanism name in the greeting. */
    public static final String NAME = "PLAIN";
    static final String HELLO = "HELLO";
    static final String WELCOME = "WELCOME";
    static final String INITIATE = "INITIATE";

    private enum State { CLIENT_AWAIT_WELCOME, CLIENT_AWAIT_READY, SERVER_AWAIT_HELLO, SERVER_AWAIT_INITIATE, DONE }

    private final boolean server;
    private final byte[] username;
    private final byte[] password;
    private final Authenticator authenticator;
    private Metadata ourMetadata;
    private Metadata peerMetadata;
    private Authenticator.Decision decision;
    private State state;

    private PlainMechanism(boolean server, byte[] username, byte[] password, Authenticator authenticator) {
        this.server = server;
        this.username = username;
        this.password = password;
        this.authenticator = authenticator;
        this.state = server ? State.SERVER_AWAIT_HELLO : State.CLIENT_AWAIT_WELCOME;
    }

    /** A client presenting {@code username} / {@code password} (each at most 255 bytes in UTF-8). */
    public static PlainMechanism client(String username, String password) {
        byte[] u = username.getBytes(StandardCharsets.UTF_8);
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        if (u.length > 255 || p.length > 255) {
            throw new IllegalArgumentException("PLAIN username and password must be at most 255 bytes each");
        }
        return new PlainMechanism(false, u, p, null);
    }

    /** A server asking {@code authenticator} about each client. */
    public static PlainMechanism server(Authenticator authenticator) {
        return new PlainMechanism(true, null, null, authenticator);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean asServer() {
        return server;
    }

    @Override
    public void start(Metadata ours, Greeting peer, CommandSink out) {
        // The peer's as-server octet is not checked: libzmq always sends 0 there and relies on its
        // own configuration, so two clients or two servers fail on the first unexpected command.
        this.ourMetadata = ours;
        if (!server) {
            ByteBuffer data = ByteBuffer.allocate(2 + username.length + password.length);
            data.put((byte) username.length).put(username).put((byte) password.length).put(password);
            out.send(body(HELLO, data.array()));
        }
    }

    @Override
    public void onCommand(byte[] body, CommandSink out) {
        String name = server ? Command.nameOf(body) : ServerRefusal.check(NAME, body);
        if (name.equals(Command.Error.NAME)) {
            throw new ZmtpProtocolException(ZmtpProtocolException.Kind.PEER_ERROR,
                    "PLAIN client sent ERROR: " + ((Command.Error) Command.parse(body)).reason());
        }
        int off = 1 + name.length();
        switch (state) {
            case CLIENT_AWAIT_WELCOME -> {
                expect(name, WELCOME);
                out.send(body(INITIATE, ourMetadata.toBytes()));
                state = State.CLIENT_AWAIT_READY;
            }
            case CLIENT_AWAIT_READY -> {
                expect(name, Command.Ready.NAME);
                peerMetadata = Metadata.parse(body, off, body.length - off);
                state = State.DONE;
            }
            case SERVER_AWAIT_HELLO -> {
                expect(name, HELLO);
                List<byte[]> credentials = parseHello(body, off);
                decision = authenticator.authenticate(NAME, credentials);
                if (!decision.isAllowed()) {
                    out.send(new Command.Error(decision.statusCode()).toBody());
                    throw new ZmtpProtocolException(ZmtpProtocolException.Kind.AUTHENTICATION_FAILED,
                            "PLAIN client refused (" + decision.statusCode() + " " + decision.statusText() + ")");
                }
                out.send(body(WELCOME, new byte[0]));
                state = State.SERVER_AWAIT_INITIATE;
            }
            case SERVER_AWAIT_INITIATE -> {
                expect(name, INITIATE);
                Metadata md = Metadata.parse(body, off, body.length - off);
                out.send(new Command.Ready(ourMetadata).toBody());
                peerMetadata = decision.applyTo(md);
                state = State.DONE;
            }
            case DONE -> throw ZmtpProtocolException.malformed("PLAIN handshake already complete, got " + name);
        }
    }

    private static List<byte[]> parseHello(byte[] body, int off) {
        int pos = off;
        if (pos >= body.length) {
            throw ZmtpProtocolException.malformed("PLAIN HELLO has no username length");
        }
        int ulen = body[pos++] & 0xFF;
        if (body.length - pos < ulen + 1) {
            throw ZmtpProtocolException.malformed("PLAIN HELLO truncated: username of " + ulen
                    + " octets and a password length need " + (ulen + 1) + ", " + (body.length - pos) + " left");
        }
        byte[] user = Arrays.copyOfRange(body, pos, pos + ulen);
        pos += ulen;
        int plen = body[pos++] & 0xFF;
        if (body.length - pos != plen) {
            throw ZmtpProtocolException.malformed("PLAIN HELLO password of " + plen + " octets does not fill the command ("
                    + (body.length - pos) + " left)");
        }
        return List.of(user, Arrays.copyOfRange(body, pos, pos + plen));
    }

    private static void expect(String got, String wanted) {
        if (!got.equals(wanted)) {
            throw ZmtpProtocolException.malformed("PLAIN handshake expected " + wanted + ", got " + got);
        }
    }

    static byte[] body(String name, byte[] data) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(1 + n.length + data.length);
        b.put((byte) n.length).put(n).put(data);
        return b.array();
    }

    @Override
    public boolean isComplete() {
        return state == State.DONE;
    }

    @Override
    public Metadata peerMetadata() {
        return peerMetadata;
    }
}
