package io.monocoque.internal;

import io.monocoque.SocketEvent;
import io.monocoque.SocketMonitor;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** Delivers a socket's events to its {@link SocketMonitor} and to JFR. Thread-safe. */
final class MonitorSupport {
    private static final System.Logger LOG = System.getLogger(MonitorSupport.class.getName());

    /** The JFR form of a {@link SocketEvent}. */
    @Name("io.monocoque.SocketEvent")
    @Label("Monocoque Socket Event")
    @Category({"Monocoque"})
    @Description("A connection or endpoint event of a Monocoque socket")
    static final class JfrSocketEvent extends jdk.jfr.Event {
        @Label("Socket Type")
        String socketType;
        @Label("Event")
        String type;
        @Label("Endpoint")
        String endpoint;
        @Label("Detail")
        String detail;
    }

    private volatile SocketMonitor monitor;

    void set(SocketMonitor m) {
        monitor = m;
    }

    void emit(String socketType, SocketEvent.Type type, String endpoint, String detail) {
        JfrSocketEvent jfr = new JfrSocketEvent();
        if (jfr.isEnabled()) {
            jfr.socketType = socketType;
            jfr.type = type.name();
            jfr.endpoint = endpoint;
            jfr.detail = detail;
            jfr.commit();
        }
        SocketMonitor m = monitor;
        if (m != null) {
            try {
                m.onEvent(new SocketEvent(type, endpoint, detail == null ? "" : detail));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "socket monitor threw on " + type, e);
            }
        }
    }
}
