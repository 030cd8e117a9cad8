package io.monocoque.zmtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * The CURVE mechanism (RFC 25 on the wire, CurveZMQ RFC 26 for the crypto): a client that knows
 * the server's long-term public key S proves its own long-term key C, both sides agree on
 * short-term keys C' and S', and every frame afterwards travels in a {@link CurveMessageBox}.
 *
 * <pre>
 * C: HELLO    "\x05HELLO" 1 0 | 72 zeros | C' (32) | nonce (8) | Box[64 zeros](C'→S)            200 octets
 * S: WELCOME  "\x07WELCOME" | long nonce (16) | Box[S' (32) + cookie (96)](S→C')                 168 octets
 *             cookie = long nonce (16) | SecretBox[C' + s'](K), K a key of this connection only
 * C: INITIATE "\x08INITIATE" | cookie (96) | nonce (8) | Box[C + vouch (96) + metadata](C'→S')
 *             vouch  = long nonce (16) | Box[C' + S](C→S')
 * S: READY    "\x05READY" | nonce (8) | Box[metadata](S'→C')
 * either side, in clear: ERROR(reason), then close
 * </pre>
 *
 * Box nonces are a 16-octet prefix ({@code CurveZMQHELLO---}, {@code CurveZMQINITIATE},
 * {@code CurveZMQREADY---}) plus the sender's short nonce, or an 8-octet prefix ({@code WELCOME-},
 * {@code COOKIE--}, {@code VOUCH---}) plus 16 random octets. Short nonces start at 1 and every
 * box a peer sends must carry a larger one than the last. The server asks its
 * {@link Authenticator} about the client's long-term key C before it answers READY.
 *
 * <p>Not thread-safe: one instance per connection.
 */
public final class CurveMechanism implements Mechanism {
    /** The mechanism name in the greeting. */
    public static final String NAME = "CURVE";
    static final int HELLO_SIZE = 200;
    static final int WELCOME_SIZE = 168;
    static final int COOKIE_SIZE = 96;
    static final int VOUCH_SIZE = 96;
    /** Smallest INITIATE: name, cookie, nonce and a box of C plus vouch. */
    static final int INITIATE_MIN = 9 + COOKIE_SIZE + 8 + CurveCrypto.MAC_SIZE + 32 + VOUCH_SIZE;

    private static final byte[] HELLO = name("HELLO");
    private static final byte[] WELCOME = name("WELCOME");
    private static final byte[] INITIATE = name("INITIATE");
    private static final byte[] READY = name("READY");

    private enum State { CLIENT_AWAIT_WELCOME, CLIENT_AWAIT_READY, SERVER_AWAIT_HELLO, SERVER_AWAIT_INITIATE, DONE }

    private final boolean server;
    private final byte[] publicKey;
    private final byte[] secretKey;
    private final byte[] serverKey;
    private final Authenticator authenticator;
    private final byte[] shortSecret = CurveCrypto.newSecretKey();
    private final byte[] shortPublic = CurveCrypto.publicKey(shortSecret);
    private byte[] peerShortPublic;
    /** Client: the box key of C' with S (HELLO, WELCOME). Server: of s with C'. */
    private byte[] helloKey;
    /** The box key of the short-term pair (INITIATE, READY, MESSAGE). */
    private byte[] sessionKey;
    private byte[] cookieKey;
    private byte[] cookie;
    private long nextNonce = 1;
    private long lastPeerNonce;
    private Metadata ourMetadata;
    private Metadata peerMetadata;
    private MessageCipher cipher;
    private State state;

    private CurveMechanism(boolean server, byte[] publicKey, byte[] secretKey, byte[] serverKey, Authenticator authenticator) {
        this.server = server;
        this.publicKey = publicKey;
        this.secretKey = secretKey;
        this.serverKey = serverKey;
        this.authenticator = authenticator;
        this.state = server ? State.SERVER_AWAIT_HELLO : State.CLIENT_AWAIT_WELCOME;
    }

    /**
     * A client with long-term key pair ({@code publicKey}, {@code secretKey}) that trusts the
     * server whose long-term public key is {@code serverKey}. Each key is 32 octets.
     */
    public static CurveMechanism client(byte[] publicKey, byte[] secretKey, byte[] serverKey) {
        return new CurveMechanism(false, checked(publicKey, "CURVE_PUBLICKEY"), checked(secretKey, "CURVE_SECRETKEY"),
                checked(serverKey, "CURVE_SERVERKEY"), null);
    }

    /** A server with long-term secret key {@code secretKey}, asking {@code authenticator} about each client. */
    public static CurveMechanism server(byte[] secretKey, Authenticator authenticator) {
        byte[] sk = checked(secretKey, "CURVE_SECRETKEY");
        return new CurveMechanism(true, CurveCrypto.publicKey(sk), sk, null, authenticator);
    }

    private static byte[] checked(byte[] key, String what) {
        if (key == null || key.length != CurveCrypto.KEY_SIZE) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + (key == null ? "none" : key.length));
        }
        return key.clone();
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
        this.ourMetadata = ours;
        if (!server) {
            helloKey = CurveCrypto.beforenm(serverKey, shortSecret);
            out.send(hello());
        }
    }

    @Override
    public void onCommand(byte[] body, CommandSink out) {
        if (!server) {
            ServerRefusal.check(NAME, body);
        }
        switch (state) {
            case CLIENT_AWAIT_WELCOME -> {
                onWelcome(body);
                out.send(initiate());
                state = State.CLIENT_AWAIT_READY;
            }
            case CLIENT_AWAIT_READY -> {
                peerMetadata = onReady(body);
                finish();
            }
            case SERVER_AWAIT_HELLO -> {
                onHello(body);
                out.send(welcome());
                state = State.SERVER_AWAIT_INITIATE;
            }
            case SERVER_AWAIT_INITIATE -> {
                byte[] clientKey = new byte[32];
                Metadata md = onInitiate(body, clientKey);
                Authenticator.Decision decision = authenticator.authenticate(NAME, List.of(clientKey));
                if (!decision.isAllowed()) {
                    out.send(new Command.Error(decision.statusCode()).toBody());
                    throw new ZmtpProtocolException(ZmtpProtocolException.Kind.AUTHENTICATION_FAILED,
                            "CURVE client refused (" + decision.statusCode() + " " + decision.statusText() + ")");
                }
                out.send(ready());
                peerMetadata = decision.applyTo(md);
                finish();
            }
            case DONE -> throw ZmtpProtocolException.malformed("CURVE handshake already complete");
        }
    }

    private void finish() {
        cipher = new CurveMessageBox(sessionKey, server, nextNonce, lastPeerNonce);
        Arrays.fill(sessionKey, (byte) 0);
        Arrays.fill(shortSecret, (byte) 0);
        if (cookieKey != null) {
            Arrays.fill(cookieKey, (byte) 0);
        }
        state = State.DONE;
    }

    // ------------------------------------------------------------------ client

    private byte[] hello() {
        ByteBuffer b = ByteBuffer.allocate(HELLO_SIZE);
        b.put(HELLO).put((byte) 1).put((byte) 0).put(new byte[72]).put(shortPublic);
        long nonce = nextNonce++;
        b.putLong(nonce);
        byte[] box = new byte[64 + CurveCrypto.MAC_SIZE];
        CurveCrypto.seal(helloKey, shortNonce("CurveZMQHELLO---", nonce), new byte[64], 0, 64, box, 0);
        return b.put(box).array();
    }

    private void onWelcome(byte[] body) {
        expect(body, WELCOME, "WELCOME");
        if (body.length != WELCOME_SIZE) {
            throw malformed("WELCOME of " + body.length + " octets, expected " + WELCOME_SIZE);
        }
        byte[] plain = new byte[128];
        if (!CurveCrypto.open(helloKey, longNonce("WELCOME-", body, 8), body, 24, 144, plain, 0)) {
            throw crypto("cannot open the server's WELCOME: CURVE_SERVERKEY is not this server's key");
        }
        peerShortPublic = Arrays.copyOfRange(plain, 0, 32);
        cookie = Arrays.copyOfRange(plain, 32, 128);
        sessionKey = CurveCrypto.beforenm(peerShortPublic, shortSecret);
    }

    private byte[] initiate() {
        byte[] vouchPlain = new byte[64];
        System.arraycopy(shortPublic, 0, vouchPlain, 0, 32);
        System.arraycopy(serverKey, 0, vouchPlain, 32, 32);
        byte[] vouch = new byte[VOUCH_SIZE];
        byte[] vouchNonce = randomLongNonce("VOUCH---", vouch);
        CurveCrypto.seal(CurveCrypto.beforenm(peerShortPublic, secretKey), vouchNonce, vouchPlain, 0, 64, vouch, 16);

        byte[] md = ourMetadata.toBytes();
        byte[] plain = new byte[32 + VOUCH_SIZE + md.length];
        System.arraycopy(publicKey, 0, plain, 0, 32);
        System.arraycopy(vouch, 0, plain, 32, VOUCH_SIZE);
        System.arraycopy(md, 0, plain, 32 + VOUCH_SIZE, md.length);
        long nonce = nextNonce++;
        ByteBuffer b = ByteBuffer.allocate(INITIATE.length + COOKIE_SIZE + 8 + plain.length + CurveCrypto.MAC_SIZE);
        b.put(INITIATE).put(cookie).putLong(nonce);
        byte[] box = new byte[plain.length + CurveCrypto.MAC_SIZE];
        CurveCrypto.seal(sessionKey, shortNonce("CurveZMQINITIATE", nonce), plain, 0, plain.length, box, 0);
        return b.put(box).array();
    }

    private Metadata onReady(byte[] body) {
        expect(body, READY, "READY");
        int boxOff = READY.length + 8;
        if (body.length < boxOff + CurveCrypto.MAC_SIZE) {
            throw malformed("READY of " + body.length + " octets is too short");
        }
        long nonce = peerNonce(body, READY.length);
        byte[] plain = new byte[body.length - boxOff - CurveCrypto.MAC_SIZE];
        if (!CurveCrypto.open(sessionKey, shortNonce("CurveZMQREADY---", nonce), body, boxOff, body.length - boxOff, plain, 0)) {
            throw crypto("cannot open the server's READY");
        }
        return Metadata.parse(plain, 0, plain.length);
    }

    // ------------------------------------------------------------------ server

    private void onHello(byte[] body) {
        expect(body, HELLO, "HELLO");
        if (body.length != HELLO_SIZE) {
            throw malformed("HELLO of " + body.length + " octets, expected " + HELLO_SIZE);
        }
        if (body[6] != 1 || body[7] != 0) {
            throw malformed("HELLO has CURVE version " + body[6] + "." + body[7] + ", expected 1.0");
        }
        peerShortPublic = Arrays.copyOfRange(body, 80, 112);
        long nonce = peerNonce(body, 112);
        helloKey = CurveCrypto.beforenm(peerShortPublic, secretKey);
        if (!CurveCrypto.open(helloKey, shortNonce("CurveZMQHELLO---", nonce), body, 120, 80, new byte[64], 0)) {
            throw crypto("cannot open the client's HELLO: the client does not have this server's public key");
        }
    }

    private byte[] welcome() {
        cookieKey = new byte[32];
        CurveCrypto.randomBytes(cookieKey);
        byte[] cookiePlain = new byte[64];
        System.arraycopy(peerShortPublic, 0, cookiePlain, 0, 32);
        System.arraycopy(shortSecret, 0, cookiePlain, 32, 32);
        byte[] newCookie = new byte[COOKIE_SIZE];
        byte[] cookieNonce = randomLongNonce("COOKIE--", newCookie);
        CurveCrypto.seal(cookieKey, cookieNonce, cookiePlain, 0, 64, newCookie, 16);
        Arrays.fill(cookiePlain, (byte) 0);

        byte[] plain = new byte[128];
        System.arraycopy(shortPublic, 0, plain, 0, 32);
        System.arraycopy(newCookie, 0, plain, 32, COOKIE_SIZE);
        byte[] out = new byte[WELCOME_SIZE];
        System.arraycopy(WELCOME, 0, out, 0, WELCOME.length);
        byte[] welcomeNonce = randomLongNonce("WELCOME-", out, 8);
        CurveCrypto.seal(helloKey, welcomeNonce, plain, 0, 128, out, 24);
        return out;
    }

    /** Opens and checks INITIATE; copies the client's long-term key into {@code clientKey}. */
    private Metadata onInitiate(byte[] body, byte[] clientKey) {
        expect(body, INITIATE, "INITIATE");
        if (body.length < INITIATE_MIN) {
            throw malformed("INITIATE of " + body.length + " octets, expected at least " + INITIATE_MIN);
        }
        byte[] cookiePlain = new byte[64];
        if (!CurveCrypto.open(cookieKey, longNonce("COOKIE--", body, 9), body, 25, 80, cookiePlain, 0)) {
            throw crypto("INITIATE carries a cookie this server did not make");
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(cookiePlain, 0, 32), peerShortPublic)
                || !MessageDigest.isEqual(Arrays.copyOfRange(cookiePlain, 32, 64), shortSecret)) {
            throw crypto("INITIATE cookie belongs to another connection");
        }
        int boxOff = 9 + COOKIE_SIZE + 8;
        long nonce = peerNonce(body, 9 + COOKIE_SIZE);
        sessionKey = CurveCrypto.beforenm(peerShortPublic, shortSecret);
        byte[] plain = new byte[body.length - boxOff - CurveCrypto.MAC_SIZE];
        if (!CurveCrypto.open(sessionKey, shortNonce("CurveZMQINITIATE", nonce), body, boxOff, body.length - boxOff, plain, 0)) {
            throw crypto("cannot open the client's INITIATE");
        }
        System.arraycopy(plain, 0, clientKey, 0, 32);
        byte[] vouchPlain = new byte[64];
        if (!CurveCrypto.open(CurveCrypto.beforenm(clientKey, shortSecret), longNonce("VOUCH---", plain, 32), plain, 48, 80,
                vouchPlain, 0)) {
            throw crypto("cannot open the client's vouch: it was not made with the key the client presents");
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(vouchPlain, 0, 32), peerShortPublic)
                || !MessageDigest.isEqual(Arrays.copyOfRange(vouchPlain, 32, 64), publicKey)) {
            throw crypto("the client's vouch names another short-term key or another server");
        }
        int mdOff = 32 + VOUCH_SIZE;
        return Metadata.parse(plain, mdOff, plain.length - mdOff);
    }

    private byte[] ready() {
        byte[] md = ourMetadata.toBytes();
        long nonce = nextNonce++;
        ByteBuffer b = ByteBuffer.allocate(READY.length + 8 + md.length + CurveCrypto.MAC_SIZE);
        b.put(READY).putLong(nonce);
        byte[] box = new byte[md.length + CurveCrypto.MAC_SIZE];
        CurveCrypto.seal(sessionKey, shortNonce("CurveZMQREADY---", nonce), md, 0, md.length, box, 0);
        return b.put(box).array();
    }

    // ------------------------------------------------------------------ helpers

    /** Reads the peer's short nonce at {@code off} and checks it is larger than the last one. */
    private long peerNonce(byte[] body, int off) {
        long nonce = CurveMessageBox.getLong(body, off);
        if (Long.compareUnsigned(nonce, lastPeerNonce) <= 0) {
            throw crypto("short nonce " + Long.toUnsignedString(nonce) + " does not follow "
                    + Long.toUnsignedString(lastPeerNonce));
        }
        lastPeerNonce = nonce;
        return nonce;
    }

    private static byte[] shortNonce(String prefix, long nonce) {
        byte[] n = new byte[CurveCrypto.NONCE_SIZE];
        System.arraycopy(prefix.getBytes(StandardCharsets.US_ASCII), 0, n, 0, 16);
        CurveMessageBox.putLong(n, 16, nonce);
        return n;
    }

    private static byte[] longNonce(String prefix, byte[] src, int off) {
        byte[] n = new byte[CurveCrypto.NONCE_SIZE];
        System.arraycopy(prefix.getBytes(StandardCharsets.US_ASCII), 0, n, 0, 8);
        System.arraycopy(src, off, n, 8, 16);
        return n;
    }

    /** A fresh long nonce: its 16 random octets are also written to {@code dst} at 0. */
    private static byte[] randomLongNonce(String prefix, byte[] dst) {
        return randomLongNonce(prefix, dst, 0);
    }

    private static byte[] randomLongNonce(String prefix, byte[] dst, int off) {
        byte[] random = new byte[16];
        CurveCrypto.randomBytes(random);
        System.arraycopy(random, 0, dst, off, 16);
        return longNonce(prefix, random, 0);
    }

    private static void expect(byte[] body, byte[] name, String what) {
        if (body.length < name.length || !Arrays.equals(body, 0, name.length, name, 0, name.length)) {
            throw malformed("handshake expected " + what + ", got "
                    + (body.length > 0 ? Command.nameOf(body) : "an empty command"));
        }
    }

    private static ZmtpProtocolException malformed(String what) {
        return ZmtpProtocolException.malformed("CURVE " + what);
    }

    private static ZmtpProtocolException crypto(String what) {
        return new ZmtpProtocolException(ZmtpProtocolException.Kind.CRYPTOGRAPHIC, "CURVE " + what);
    }

    private static byte[] name(String n) {
        byte[] b = new byte[n.length() + 1];
        b[0] = (byte) n.length();
        System.arraycopy(n.getBytes(StandardCharsets.US_ASCII), 0, b, 1, n.length());
        return b;
    }

    @Override
    public boolean isComplete() {
        return state == State.DONE;
    }

    @Override
    public Metadata peerMetadata() {
        return peerMetadata;
    }

    @Override
    public MessageCipher messageCipher() {
        return cipher;
    }
}
