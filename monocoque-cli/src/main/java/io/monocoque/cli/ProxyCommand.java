package io.monocoque.cli;

import io.monocoque.Context;
import io.monocoque.Proxy;
import io.monocoque.Socket;
import io.monocoque.SocketType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code monocoque proxy}: runs {@link Proxy} between a frontend and a backend (and a capture socket). */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Forwards between a frontend and a backend socket (zmq_proxy), e.g. an XSUB/XPUB forwarder or a "
                + "ROUTER/DEALER broker. Endpoints starting with '@' are bound, others connected. Runs until killed.",
        footer = {"%nExamples:%n"
                + "  bin/monocoque proxy --frontend XSUB:@tcp://*:5559 --backend XPUB:@tcp://*:5560%n"
                + "  bin/monocoque proxy --frontend ROUTER:@tcp://*:5555 --backend DEALER:@tcp://*:5556 "
                + "--capture PUB:@tcp://*:5557"})
final class ProxyCommand implements Runnable {
    @Option(names = "--frontend", required = true, description = "TYPE:[@]ENDPOINT of the frontend socket.")
    String frontend;

    @Option(names = "--backend", required = true, description = "TYPE:[@]ENDPOINT of the backend socket.")
    String backend;

    @Option(names = "--capture", description = "TYPE:[@]ENDPOINT of a socket that gets a copy of every message.")
    String capture;

    @Override
    public void run() {
        try (Context ctx = new Context(); Socket front = open(ctx, frontend); Socket back = open(ctx, backend);
             Socket cap = capture == null ? null : open(ctx, capture)) {
            System.err.println("monocoque proxy: " + frontend + " <-> " + backend + (capture == null ? "" : ", capture " + capture));
            Proxy.run(front, back, cap);
        }
    }

    private static Socket open(Context ctx, String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected TYPE:[@]ENDPOINT, e.g. XSUB:@tcp://*:5559, got '" + spec + "'");
        }
        SocketType type;
        try {
            type = SocketType.valueOf(spec.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown socket type in '" + spec + "'");
        }
        String endpoint = spec.substring(colon + 1);
        Socket s = ctx.socket(type);
        if (endpoint.startsWith("@")) {
            s.bind(endpoint.substring(1));
        } else {
            s.connect(endpoint);
        }
        return s;
    }
}
