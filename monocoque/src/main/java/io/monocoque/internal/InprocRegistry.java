package io.monocoque.internal;

import io.monocoque.ErrorCode;
import io.monocoque.MonocoqueException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A context's inproc names: which socket is bound to each, and which connecters wait for a name
 * that nobody has bound yet (libzmq lets {@code connect()} come first; the connection is made
 * when the bind happens, and again after a re-bind).
 */
final class InprocRegistry {
    private final Map<String, InprocListener> bound = new HashMap<>();
    private final Map<String, Set<InprocConnecter>> waiting = new HashMap<>();

    /**
     * Claims {@code name} for {@code listener}.
     *
     * @return the connecters that were waiting for it (they are no longer waiting)
     * @throws MonocoqueException EADDRINUSE when another socket holds the name
     */
    synchronized List<InprocConnecter> bind(String name, InprocListener listener) {
        if (bound.containsKey(name)) {
            throw new MonocoqueException(ErrorCode.EADDRINUSE, "inproc://" + name + " is already bound in this context");
        }
        bound.put(name, listener);
        Set<InprocConnecter> w = waiting.remove(name);
        return w == null ? List.of() : new ArrayList<>(w);
    }

    /** Releases {@code name} if {@code listener} holds it. */
    synchronized void unbind(String name, InprocListener listener) {
        bound.remove(name, listener);
    }

    /** The listener bound to {@code name}, or null after registering {@code c} to wait for one. */
    synchronized InprocListener lookupOrWait(String name, InprocConnecter c) {
        InprocListener l = bound.get(name);
        if (l == null) {
            waiting.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(c);
        }
        return l;
    }

    /** {@code c} no longer waits for {@code name}. */
    synchronized void cancel(String name, InprocConnecter c) {
        Set<InprocConnecter> w = waiting.get(name);
        if (w != null && w.remove(c) && w.isEmpty()) {
            waiting.remove(name);
        }
    }

    /** The listener bound to {@code name}, or null. */
    synchronized InprocListener boundTo(String name) {
        return bound.get(name);
    }
}
