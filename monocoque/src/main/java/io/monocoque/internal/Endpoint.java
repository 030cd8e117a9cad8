package io.monocoque.internal;

import io.monocoque.ErrorCode;
import io.monocoque.MonocoqueException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * A parsed endpoint string: {@code tcp://host:port} (host {@code *} for every interface, IPv6 in
 * brackets, port {@code *} or {@code 0} for an ephemeral one when binding) or {@code ipc://path}
 * ({@code ipc://*} binds a fresh path in the temp directory) or {@code inproc://name} (within one
 * context).
 *
 * @param transport {@code "tcp"}, {@code "ipc"} or {@code "inproc"}
 * @param host      tcp host as written ({@code "*"} allowed when binding); null for ipc
 * @param port      tcp port, 0 for ephemeral; -1 for ipc and inproc
 * @param path      ipc path or inproc name; null for tcp
 * @param text      the endpoint as the user wrote it
 */
public record Endpoint(String transport, String host, int port, String path, String text) {

    /** Parses an endpoint for {@code bind} (wildcards allowed) or {@code connect}. */
    public static Endpoint parse(String endpoint, boolean forBind) {
        if (endpoint == null) {
            throw invalid("null", "endpoint is null");
        }
        int sep = endpoint.indexOf("://");
        if (sep <= 0) {
            throw invalid(endpoint, "expected transport://address, e.g. tcp://127.0.0.1:5555");
        }
        String transport = endpoint.substring(0, sep);
        String address = endpoint.substring(sep + 3);
        switch (transport) {
            case "tcp":
                return parseTcp(endpoint, address, forBind);
            case "ipc":
                if (address.isEmpty()) {
                    throw invalid(endpoint, "ipc path is empty");
                }
                if (address.equals("*") && !forBind) {
                    throw invalid(endpoint, "ipc://* is allowed only in bind()");
                }
                return new Endpoint("ipc", null, -1, address, endpoint);
            case "inproc":
                if (address.isEmpty()) {
                    throw invalid(endpoint, "inproc name is empty");
                }
                if (address.length() > 256) {
                    throw invalid(endpoint, "inproc name is longer than 256 characters");
                }
                return new Endpoint("inproc", null, -1, address, endpoint);
            case "pgm", "epgm", "tipc", "vmci", "udp", "ws", "wss":
                throw new MonocoqueException(ErrorCode.EPROTONOSUPPORT,
                        "transport '" + transport + "' in endpoint '" + endpoint + "' is not supported; use tcp://, ipc:// or inproc://");
            default:
                throw new MonocoqueException(ErrorCode.EPROTONOSUPPORT,
                        "unknown transport '" + transport + "' in endpoint '" + endpoint + "'; use tcp://, ipc:// or inproc://");
        }
    }

    private static Endpoint parseTcp(String endpoint, String address, boolean forBind) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(endpoint, "tcp address needs host:port");
        }
        String host = address.substring(0, colon);
        String portText = address.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) {
                throw invalid(endpoint, "IPv6 address must be in brackets, e.g. tcp://[::1]:5555");
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw invalid(endpoint, "IPv6 address must be in brackets, e.g. tcp://[::1]:5555");
        }
        if (host.isEmpty()) {
            throw invalid(endpoint, "tcp host is empty");
        }
        if (host.equals("*") && !forBind) {
            throw invalid(endpoint, "cannot connect to host '*'");
        }
        int port;
        if (portText.equals("*")) {
            if (!forBind) {
                throw invalid(endpoint, "cannot connect to port '*'");
            }
            port = 0;
        } else {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw invalid(endpoint, "port '" + portText + "' is not a number");
            }
            if (port < 0 || port > 65535 || (port == 0 && !forBind)) {
                throw invalid(endpoint, "port " + port + " is out of range");
            }
        }
        return new Endpoint("tcp", host, port, null, endpoint);
    }

    /** Resolves to a socket address (DNS lookup for host names). */
    public SocketAddress resolve() {
        if (transport.equals("ipc")) {
            return java.net.UnixDomainSocketAddress.of(Path.of(path));
        }
        try {
            InetAddress addr = host.equals("*") ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(host);
            return new InetSocketAddress(addr, port);
        } catch (UnknownHostException e) {
            throw new MonocoqueException(ErrorCode.EINVAL, "cannot resolve host '" + host + "' in endpoint '" + text + "'", e);
        }
    }

    /** The endpoint string for a bound or connected address, e.g. {@code tcp://127.0.0.1:40123}. */
    public static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            InetAddress a = inet.getAddress();
            String h = a instanceof Inet6Address ? "[" + compressIpv6(a.getHostAddress()) + "]" : a.getHostAddress();
            return "tcp://" + h + ":" + inet.getPort();
        }
        if (address instanceof java.net.UnixDomainSocketAddress uds) {
            return "ipc://" + uds.getPath();
        }
        return String.valueOf(address);
    }

    /** RFC 5952 text of an IPv6 address: the longest run of zero groups becomes "::". */
    static String compressIpv6(String full) {
        String text = full.replaceAll("%.*$", "");
        String[] groups = text.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].replace("0", "").isEmpty()) {
                int j = i;
                while (j < groups.length && groups[j].replace("0", "").isEmpty()) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (bestLen >= 2 && i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(groups[i].replaceFirst("^0+(?=.)", ""));
        }
        return sb.toString();
    }

    /** The protocol family to open a tcp channel with, so IPv4 endpoints stay IPv4 (as libzmq without ZMQ_IPV6). */
    public static java.net.ProtocolFamily familyOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() instanceof Inet6Address ? java.net.StandardProtocolFamily.INET6
                    : java.net.StandardProtocolFamily.INET;
        }
        return java.net.StandardProtocolFamily.UNIX;
    }

    private static MonocoqueException invalid(String endpoint, String why) {
        return new MonocoqueException(ErrorCode.EINVAL, "invalid endpoint '" + endpoint + "': " + why);
    }

    /** True for {@code inproc://name}. */
    public boolean isInproc() {
        return transport.equals("inproc");
    }
}
