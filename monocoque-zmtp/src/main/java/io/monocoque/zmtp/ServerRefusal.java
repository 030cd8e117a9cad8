package io.monocoque.zmtp;

/**
 * How a client mechanism (PLAIN, CURVE) recognises that the server refused it: an ERROR command
 * in clear, or, from libzmq 4.3, a command it cannot even read. libzmq writes that ERROR's name
 * as the C literal {@code "\x5ERROR"}, whose hex escape swallows the {@code E}, so the body reads
 * {@code "^RROR"} + status code; at the points where a client calls this, a refusal is the only
 * thing a server can mean by it.
 */
final class ServerRefusal {
    private ServerRefusal() {
    }

    /**
     * Throws an AUTHENTICATION_FAILED {@link ZmtpProtocolException} when {@code body} is an ERROR
     * or unreadable; returns its name otherwise.
     */
    static String check(String mechanism, byte[] body) {
        String name;
        try {
            name = Command.nameOf(body);
        } catch (ZmtpProtocolException e) {
            throw new ZmtpProtocolException(ZmtpProtocolException.Kind.AUTHENTICATION_FAILED,
                    mechanism + " server refused us with an unreadable command (" + e.getMessage() + ")");
        }
        if (name.equals(Command.Error.NAME)) {
            Command.Error e = (Command.Error) Command.parse(body);
            throw new ZmtpProtocolException(ZmtpProtocolException.Kind.AUTHENTICATION_FAILED,
                    mechanism + " server refused us: " + e.reason());
        }
        return name;
    }
}
