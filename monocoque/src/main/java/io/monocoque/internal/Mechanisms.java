package io.monocoque.internal;

import io.monocoque.ErrorCode;
import io.monocoque.MonocoqueException;
import io.monocoque.SocketOption;
import io.monocoque.ZapHandler;
import io.monocoque.ZapReply;
import io.monocoque.ZapRequest;
import io.monocoque.zmtp.Authenticator;
import io.monocoque.zmtp.CurveMechanism;
import io.monocoque.zmtp.Mechanism;
import io.monocoque.zmtp.Metadata;
import io.monocoque.zmtp.NullMechanism;
import io.monocoque.zmtp.PlainMechanism;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Picks a connection's security mechanism from the socket's options, as libzmq does. */
final class Mechanisms {
    /**
     * The longest a handshake waits for an inproc ZAP handler's answer (less when HANDSHAKE_IVL is
     * shorter). The wait holds the I/O thread, so it is bounded well below a handshake's 30 s.
     */
    static final int ZAP_TIMEOUT_MILLIS = 5_000;

    private Mechanisms() {
    }

    /**
     * Checks, at bind or connect, that the options name a usable mechanism: a CURVE server needs
     * its secret key, a CURVE client its own key pair as well as the server's key.
     *
     * @throws MonocoqueException EINVAL saying which key is missing
     */
    static void check(Options options) {
        if (options.getBool(SocketOption.CURVE_SERVER)) {
            require(options, SocketOption.CURVE_SECRETKEY, "a CURVE server");
        } else if (isSet(options, SocketOption.CURVE_SERVERKEY)) {
            require(options, SocketOption.CURVE_PUBLICKEY, "a CURVE client");
            require(options, SocketOption.CURVE_SECRETKEY, "a CURVE client");
        }
    }

    private static void require(Options options, SocketOption<byte[]> key, String who) {
        if (!isSet(options, key)) {
            throw new MonocoqueException(ErrorCode.EINVAL, who + " needs " + key.name()
                    + " (a 32-byte key or its 40-character Z85 text; CurveKeyPair.generate() makes one)");
        }
    }

    private static boolean isSet(Options options, SocketOption<byte[]> key) {
        return options.get(key).length > 0;
    }

    /**
     * CURVE_SERVER → CURVE server; a CURVE_SERVERKEY → CURVE client; PLAIN_SERVER → PLAIN server;
     * a PLAIN_USERNAME → PLAIN client; otherwise NULL, which asks the ZAP handler only when the
     * socket has a ZAP_DOMAIN (libzmq's rule).
     *
     * <p>Who answers ZAP requests: the context's {@link ZapHandler} when one is set, otherwise a
     * socket bound to {@code inproc://zeromq.zap.01} in the context (libzmq's form), otherwise
     * nobody and every peer is let in, as libzmq does.
     *
     * @param peerAddress the peer's address for the ZAP request, asked only when needed
     */
    static Mechanism create(Options options, ContextCore context, Supplier<String> peerAddress) {
        String domain = options.get(SocketOption.ZAP_DOMAIN);
        Authenticator zap = authenticator(context, options, peerAddress);
        if (options.getBool(SocketOption.CURVE_SERVER)) {
            return CurveMechanism.server(options.get(SocketOption.CURVE_SECRETKEY), zap);
        }
        if (isSet(options, SocketOption.CURVE_SERVERKEY)) {
            return CurveMechanism.client(options.get(SocketOption.CURVE_PUBLICKEY), options.get(SocketOption.CURVE_SECRETKEY),
                    options.get(SocketOption.CURVE_SERVERKEY));
        }
        if (options.getBool(SocketOption.PLAIN_SERVER)) {
            return PlainMechanism.server(zap);
        }
        String user = options.get(SocketOption.PLAIN_USERNAME);
        if (!user.isEmpty()) {
            return PlainMechanism.client(user, options.get(SocketOption.PLAIN_PASSWORD));
        }
        return new NullMechanism(domain.isEmpty() ? null : zap);
    }

    /** Asks whoever answers ZAP requests in {@code context} at the time of the handshake. */
    private static Authenticator authenticator(ContextCore context, Options options, Supplier<String> peerAddress) {
        String domain = options.get(SocketOption.ZAP_DOMAIN);
        byte[] identity = options.get(SocketOption.ROUTING_ID);
        return (mechanism, credentials) -> {
            ZapHandler handler = context.zapHandler();
            if (handler != null) {
                return ask(handler, new ZapRequest(domain, peerAddress.get(), identity, mechanism, List.copyOf(credentials)));
            }
            ZapClient client = context.zapClient();
            if (!client.handlerBound()) {
                return Authenticator.ALLOW_ALL.authenticate(mechanism, credentials);
            }
            int ivl = options.getInt(SocketOption.HANDSHAKE_IVL);
            try {
                return client.request(domain, peerAddress.get(), identity, mechanism, credentials,
                        ivl > 0 ? Math.min(ivl, ZAP_TIMEOUT_MILLIS) : ZAP_TIMEOUT_MILLIS);
            } catch (RuntimeException e) {
                return Authenticator.Decision.error("ZAP request failed: " + e.getMessage());
            }
        };
    }

    private static Authenticator.Decision ask(ZapHandler handler, ZapRequest request) {
        ZapReply reply;
        try {
            reply = handler.authenticate(request);
        } catch (RuntimeException e) {
            return Authenticator.Decision.error("ZAP handler failed: " + e);
        }
        if (reply == null) {
            return Authenticator.Decision.error("ZAP handler returned no reply");
        }
        Metadata.Builder md = Metadata.builder();
        for (Map.Entry<String, String> e : reply.metadata().entrySet()) {
            md.put(e.getKey(), e.getValue());
        }
        return new Authenticator.Decision(reply.statusCode(), reply.statusText(), reply.userId(), md.build());
    }
}
