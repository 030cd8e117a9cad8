package io.monocoque.internal;

import io.monocoque.SocketOption;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/** Channel settings shared by accepted and connected channels. */
final class Transport {
    private Transport() {
    }

    /** Non-blocking, TCP_NODELAY for tcp, and SNDBUF/RCVBUF when set. */
    static void configure(SocketChannel ch, Options options, boolean tcp) throws IOException {
        ch.configureBlocking(false);
        if (tcp) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        int sndbuf = options.getInt(SocketOption.SNDBUF);
        if (sndbuf > 0) {
            ch.setOption(StandardSocketOptions.SO_SNDBUF, sndbuf);
        }
        int rcvbuf = options.getInt(SocketOption.RCVBUF);
        if (rcvbuf > 0) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, rcvbuf);
        }
    }
}
