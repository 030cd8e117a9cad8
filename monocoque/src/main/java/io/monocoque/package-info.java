/**
 * The Monocoque public API: ZeroMQ sockets for Java, wire-compatible with libzmq (ZMTP 3.1).
 *
 * <p>Start with {@link io.monocoque.Context}: it owns the I/O threads and creates
 * {@link io.monocoque.Socket}s; messages are immutable multipart {@link io.monocoque.Msg}s.
 */
package io.monocoque;
