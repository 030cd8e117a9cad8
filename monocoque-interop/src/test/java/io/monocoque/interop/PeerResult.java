package io.monocoque.interop;

import java.util.List;
import java.util.Map;

/**
 * What a peer reported when its role was done: peer.py's {@code "result"} object (JeroMqPeer
 * builds the same fields). Byte strings are hex, as peer.py prints them.
 *
 * @param fields {@code count}; {@code mismatches} and {@code first_mismatch} (SINK, CLIENT);
 *        {@code first} and {@code routing_ids} (SERVE); {@code tags} (TALLY)
 */
record PeerResult(Map<String, Object> fields) {

    /** Messages of the script the peer received (SERVE, SINK, CLIENT with replies) or sent (PUSH). */
    long count() {
        return (Long) fields.get("count");
    }

    /** Script messages that differed from what was expected. */
    long mismatches() {
        return (Long) fields.getOrDefault("mismatches", 0L);
    }

    /** A description of the first mismatch, or null. */
    String firstMismatch() {
        return (String) fields.get("first_mismatch");
    }

    /** SERVE: the frames of the first script message as the peer received them (hex). */
    @SuppressWarnings("unchecked")
    List<String> first() {
        return (List<String>) fields.get("first");
    }

    /** SERVE by a ROUTER: the distinct routing ids of script messages, in order of arrival (hex). */
    @SuppressWarnings("unchecked")
    List<String> routingIds() {
        return (List<String>) fields.get("routing_ids");
    }

    /** TALLY: count, first, last and increasing for one tag, or null if no message had it. */
    @SuppressWarnings("unchecked")
    Map<String, Object> tag(String tag) {
        return ((Map<String, Map<String, Object>>) fields.get("tags")).get(tag);
    }
}
