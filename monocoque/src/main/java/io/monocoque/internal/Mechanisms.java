package io.monocoque.internal;

import io.monocoque.SocketOption;
import io.monocoque.ZapHandler;
import io.monocoque.ZapReply;
import io.monocoque.ZapRequest;
import io.monocoque.zmtp.Authenticator;
import io.monocoque.zmtp.Mechanism;
import io.monocoque.zmtp.Metadata;
import io.monocoque.zmtp.NullMechanism;
import io.monocoque.zmtp.PlainMechanism;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Picks a connection's security mechanism from the socket's options, as libzmq does. */
final class Mechanisms {
    private Mechanisms() {
    }

    /**
     * PLAIN_SERVER → PLAIN server; a PLAIN_USERNAME → PLAIN client; otherwise NULL.
     *
     * @param peerAddress the peer's address for the ZAP request, asked only when needed
     */
    static Mechanism create(Options options, ZapHandler handler, Supplier<String> peerAddress) {
        if (options.getBool(SocketOption.PLAIN_SERVER)) {
            return PlainMechanism.server(authenticator(handler, options.get(SocketOption.ZAP_DOMAIN), peerAddress));
        }
        String user = options.get(SocketOption.PLAIN_USERNAME);
        if (!user.isEmpty()) {
            return PlainMechanism.client(user, options.get(SocketOption.PLAIN_PASSWORD));
        }
        return new NullMechanism();
    }

    private static Authenticator authenticator(ZapHandler handler, String domain, Supplier<String> peerAddress) {
        if (handler == null) {
            return Authenticator.ALLOW_ALL;
        }
        return (mechanism, credentials) -> {
            ZapReply reply;
            try {
                reply = handler.authenticate(new ZapRequest(domain, peerAddress.get(), mechanism, List.copyOf(credentials)));
            } catch (RuntimeException e) {
                return new Authenticator.Decision("500", "ZAP handler failed: " + e, "", Metadata.EMPTY);
            }
            if (reply == null) {
                return new Authenticator.Decision("500", "ZAP handler returned no reply", "", Metadata.EMPTY);
            }
            Metadata.Builder md = Metadata.builder();
            for (Map.Entry<String, String> e : reply.metadata().entrySet()) {
                md.put(e.getKey(), e.getValue());
            }
            return new Authenticator.Decision(reply.statusCode(), reply.statusText(), reply.userId(), md.build());
        };
    }
}
