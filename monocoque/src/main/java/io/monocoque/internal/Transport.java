package io.monocoque.internal;

import io.monocoque.SocketOption;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/** Channel settings shared by accepted and connected channels. */
final class Transport {
    private Transport() {
    }

    /** TCP_KEEPALIVE and its IDLE / CNT / INTVL settings, as libzmq applies them. */
    private static void configureKeepalive(SocketChannel ch, Options options) throws IOException {
        int keepalive = options.getInt(SocketOption.TCP_KEEPALIVE);
        if (keepalive >= 0) {
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, keepalive == 1);
        }
        if (keepalive != 1) {
            return;
        }
        setIfSupported(ch, jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, options.getInt(SocketOption.TCP_KEEPALIVE_IDLE));
        setIfSupported(ch, jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, options.getInt(SocketOption.TCP_KEEPALIVE_CNT));
        setIfSupported(ch, jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, options.getInt(SocketOption.TCP_KEEPALIVE_INTVL));
    }

    private static void setIfSupported(SocketChannel ch, java.net.SocketOption<Integer> option, int value) throws IOException {
        if (value > 0 && ch.supportedOptions().contains(option)) {
            ch.setOption(option, value);
        }
    }

    /** Non-blocking, TCP_NODELAY for tcp, and SNDBUF/RCVBUF when set. */
    static void configure(SocketChannel ch, Options options, boolean tcp) throws IOException {
        ch.configureBlocking(false);
        if (tcp) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            configureKeepalive(ch, options);
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
