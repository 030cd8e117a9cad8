/**
 * Socket semantics as single-threaded logic over {@link io.monocoque.internal.Peer} pipes:
 * {@link io.monocoque.internal.pattern.LoadBalancer}, {@link io.monocoque.internal.pattern.FairQueue}
 * and one {@link io.monocoque.internal.pattern.Pattern} per socket type. Every method runs under
 * the socket's lock.
 */
package io.monocoque.internal.pattern;
