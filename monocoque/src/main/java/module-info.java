/**
 * Monocoque: ZeroMQ sockets for Java. The public API is {@link io.monocoque.Context},
 * {@link io.monocoque.Socket}, {@link io.monocoque.Msg}, {@link io.monocoque.SocketType} and
 * {@link io.monocoque.SocketOption}; everything under {@code io.monocoque.internal} may change.
 */
module io.monocoque {
    requires io.monocoque.zmtp;
    requires org.jctools.core;
    requires jdk.jfr;
    requires jdk.net;


    exports io.monocoque;
    // For the JMH benchmarks (subscription index, pipes, encoder) only; not API.
    exports io.monocoque.internal.pattern to io.monocoque.bench;
    exports io.monocoque.internal to io.monocoque.bench;
}
