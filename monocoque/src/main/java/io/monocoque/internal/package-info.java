/**
 * Monocoque's internals: pipes between sockets and the I/O engine, the socket patterns
 * (load-balancing, fair-queuing, routing), the selector-based I/O engine and the tcp / ipc
 * transports. Nothing here is API. Start at {@link io.monocoque.internal.SocketCore} (what a
 * socket does) and {@link io.monocoque.internal.IoThread} (what the engine does).
 */
package io.monocoque.internal;
