/*
 * libzmq perf peers for monocoque-bench/run-bench.sh: one binary, six roles, with the arguments
 * and output lines of libzmq's local_thr, remote_thr, local_lat and remote_lat (remote_lat also
 * prints the median and 99th percentile of the individual round trips), plus a PUB/SUB fan-out
 * pair in the same style, so that every implementation in the side-by-side table is measured and
 * parsed the same way.
 *
 *   zmq_perf local_thr  <bind-to>    <message-size> <message-count>   PULL, prints the throughput
 *   zmq_perf remote_thr <connect-to> <message-size> <message-count>   PUSH
 *   zmq_perf local_lat  <bind-to>    <message-size> <roundtrip-count> REP, echoes
 *   zmq_perf remote_lat <connect-to> <message-size> <roundtrip-count> REQ, prints the latency
 *   zmq_perf pub_thr    <bind-to>    <message-size> <message-count> <subscribers>
 *                       XPUB (XPUB_NODROP, XPUB_VERBOSE): waits for <subscribers> subscriptions,
 *                       then sends <message-count> messages to all of them
 *   zmq_perf sub_thr    <connect-to> <message-size> <message-count>   SUB to "", prints the
 *                       throughput (as local_thr)
 *   zmq_perf version                                                  prints libzmq's version
 *
 * Warm-up: with PERF_WARMUP=<n> in the environment every role first sends, receives or makes <n>
 * untimed messages (round trips) before the timed <count> (run-bench.sh gives every
 * implementation the same n; default 0, as libzmq's tools).
 *
 * CURVE: with ZMQ_PERF_CURVE_SECRET=<z85 secret> in the environment a binding role is a CURVE
 * server; with ZMQ_PERF_CURVE_SERVER=<z85 public> a connecting role is a CURVE client of that
 * server, with a fresh key pair of its own (the same as the CLI's --curve-secret/--curve-server).
 *
 * Build: gcc -O2 -o zmq_perf zmq_perf.c -lzmq   (Debian: libzmq3-dev)
 * Written against libzmq's public C API (zmq.h); one I/O thread, default options.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

static void die(const char *role, const char *what)
{
    fprintf(stderr, "%s: %s failed: %s\n", role, what, zmq_strerror(zmq_errno()));
    exit(1);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Receives one message into msg (already initialised) and checks its size. */
static void recv_checked(const char *role, void *sock, zmq_msg_t *msg, size_t size)
{
    if (zmq_msg_recv(msg, sock, 0) < 0)
        die(role, "zmq_msg_recv");
    if (zmq_msg_size(msg) != size) {
        fprintf(stderr, "%s: message of wrong size: %zu\n", role, zmq_msg_size(msg));
        exit(1);
    }
}

static void *open_socket(const char *role, void *ctx, int type, const char *endpoint, int bind)
{
    void *sock = zmq_socket(ctx, type);
    if (!sock)
        die(role, "zmq_socket");
    const char *secret = getenv("ZMQ_PERF_CURVE_SECRET");
    const char *server = getenv("ZMQ_PERF_CURVE_SERVER");
    if (bind && secret) {
        int on = 1;
        if (zmq_setsockopt(sock, ZMQ_CURVE_SERVER, &on, sizeof on) != 0
            || zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, secret, 40) != 0)
            die(role, "CURVE server options");
    }
    if (!bind && server) {
        char public_key[41], secret_key[41];
        if (zmq_curve_keypair(public_key, secret_key) != 0
            || zmq_setsockopt(sock, ZMQ_CURVE_SERVERKEY, server, 40) != 0
            || zmq_setsockopt(sock, ZMQ_CURVE_PUBLICKEY, public_key, 40) != 0
            || zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, secret_key, 40) != 0)
            die(role, "CURVE client options");
    }
    if ((bind ? zmq_bind(sock, endpoint) : zmq_connect(sock, endpoint)) != 0)
        die(role, bind ? "zmq_bind" : "zmq_connect");
    return sock;
}

static void close_all(const char *role, void *sock, void *ctx)
{
    if (zmq_close(sock) != 0)
        die(role, "zmq_close");
    /* Blocks until queued messages are sent (default linger: infinite). */
    if (zmq_ctx_term(ctx) != 0)
        die(role, "zmq_ctx_term");
}

/* local_thr's four lines; elapsed_ns runs from the first message to the last. */
static void print_throughput(size_t size, uint64_t count, uint64_t elapsed_ns)
{
    uint64_t elapsed_us = elapsed_ns / 1000;
    if (elapsed_us == 0)
        elapsed_us = 1;
    unsigned long throughput = (unsigned long)((double)count / (double)elapsed_us * 1000000.0);
    double megabits = (double)throughput * (double)size * 8.0 / 1000000.0;
    printf("message size: %zu [B]\n", size);
    printf("message count: %llu\n", (unsigned long long)count);
    printf("mean throughput: %lu [msg/s]\n", throughput);
    printf("mean throughput: %.3f [Mb/s]\n", megabits);
    fflush(stdout);
}

/* PERF_WARMUP, or 0; exits on a bad value. */
static uint64_t warmup(const char *role)
{
    const char *v = getenv("PERF_WARMUP");
    if (!v || !*v)
        return 0;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (errno || *end || v[0] == '-') {
        fprintf(stderr, "%s: bad PERF_WARMUP: %s\n", role, v);
        exit(1);
    }
    return (uint64_t)n;
}

static void local_thr(void *ctx, const char *endpoint, size_t size, uint64_t count)
{
    const char *role = "local_thr";
    void *pull = open_socket(role, ctx, ZMQ_PULL, endpoint, 1);
    zmq_msg_t msg;
    if (zmq_msg_init(&msg) != 0)
        die(role, "zmq_msg_init");

    for (uint64_t i = warmup(role); i > 0; i--)
        recv_checked(role, pull, &msg, size);
    recv_checked(role, pull, &msg, size);
    uint64_t start = now_ns();
    for (uint64_t i = 1; i < count; i++)
        recv_checked(role, pull, &msg, size);
    uint64_t elapsed_ns = now_ns() - start;
    zmq_msg_close(&msg);
    print_throughput(size, count, elapsed_ns);
    close_all(role, pull, ctx);
}

static void remote_thr(void *ctx, const char *endpoint, size_t size, uint64_t count)
{
    const char *role = "remote_thr";
    void *push = open_socket(role, ctx, ZMQ_PUSH, endpoint, 0);
    uint64_t total = warmup(role) + count;
    for (uint64_t i = 0; i < total; i++) {
        zmq_msg_t msg;
        /* zmq_msg_send takes the message over, so each send gets a fresh one. The payload is
           left uninitialised, as in libzmq's own perf tools: only its size matters here. */
        if (zmq_msg_init_size(&msg, size) != 0)
            die(role, "zmq_msg_init_size");
        if (zmq_msg_send(&msg, push, 0) < 0)
            die(role, "zmq_msg_send");
    }
    close_all(role, push, ctx);
}

static void local_lat(void *ctx, const char *endpoint, size_t size, uint64_t count)
{
    const char *role = "local_lat";
    void *rep = open_socket(role, ctx, ZMQ_REP, endpoint, 1);
    zmq_msg_t msg;
    if (zmq_msg_init(&msg) != 0)
        die(role, "zmq_msg_init");
    uint64_t total = warmup(role) + count;
    for (uint64_t i = 0; i < total; i++) {
        recv_checked(role, rep, &msg, size);
        /* Sending empties msg, which the next zmq_msg_recv fills again. */
        if (zmq_msg_send(&msg, rep, 0) < 0)
            die(role, "zmq_msg_send");
    }
    zmq_msg_close(&msg);
    close_all(role, rep, ctx);
}

/* Sends a fresh message of size bytes and receives the reply into reply. */
static void round_trip(const char *role, void *req, zmq_msg_t *reply, size_t size)
{
    zmq_msg_t msg;
    if (zmq_msg_init_size(&msg, size) != 0)
        die(role, "zmq_msg_init_size");
    if (zmq_msg_send(&msg, req, 0) < 0)
        die(role, "zmq_msg_send");
    recv_checked(role, req, reply, size);
}

static void remote_lat(void *ctx, const char *endpoint, size_t size, uint64_t count)
{
    const char *role = "remote_lat";
    if (count > 50000000u) {
        fprintf(stderr, "%s: at most 50,000,000 round trips\n", role);
        exit(1);
    }
    uint64_t *samples = malloc(count * sizeof *samples);
    if (!samples) {
        fprintf(stderr, "%s: out of memory\n", role);
        exit(1);
    }
    void *req = open_socket(role, ctx, ZMQ_REQ, endpoint, 0);
    zmq_msg_t reply;
    if (zmq_msg_init(&reply) != 0)
        die(role, "zmq_msg_init");

    for (uint64_t i = warmup(role); i > 0; i--)
        round_trip(role, req, &reply, size);
    uint64_t start = now_ns();
    for (uint64_t i = 0; i < count; i++) {
        uint64_t t0 = now_ns();
        round_trip(role, req, &reply, size);
        samples[i] = now_ns() - t0;
    }
    uint64_t elapsed = now_ns() - start;
    zmq_msg_close(&reply);

    qsort(samples, count, sizeof *samples, cmp_u64);
    printf("message size: %zu [B]\n", size);
    printf("roundtrip count: %llu\n", (unsigned long long)count);
    printf("average latency: %.3f [us]\n", (double)elapsed / 1000.0 / (double)(count * 2));
    printf("round trip p50: %.1f [us]\n", (double)samples[count / 2] / 1000.0);
    printf("round trip p99: %.1f [us]\n", (double)samples[(uint64_t)((double)count * 0.99)] / 1000.0);
    fflush(stdout);
    free(samples);
    close_all(role, req, ctx);
}

static void set_int(const char *role, void *sock, int option, int value, const char *name)
{
    if (zmq_setsockopt(sock, option, &value, sizeof value) != 0)
        die(role, name);
}

static void pub_thr(void *ctx, const char *endpoint, size_t size, uint64_t count, uint64_t subscribers)
{
    const char *role = "pub_thr";
    void *pub = zmq_socket(ctx, ZMQ_XPUB);
    if (!pub)
        die(role, "zmq_socket");
    /* NODROP: a subscriber at its HWM makes the send wait instead of losing the message, so every
       subscriber receives exactly <count>. VERBOSE: every subscriber's "" subscription is
       delivered, not only the first. */
    set_int(role, pub, ZMQ_XPUB_NODROP, 1, "zmq_setsockopt(ZMQ_XPUB_NODROP)");
    set_int(role, pub, ZMQ_XPUB_VERBOSE, 1, "zmq_setsockopt(ZMQ_XPUB_VERBOSE)");
    if (zmq_bind(pub, endpoint) != 0)
        die(role, "zmq_bind");

    zmq_msg_t sub;
    if (zmq_msg_init(&sub) != 0)
        die(role, "zmq_msg_init");
    for (uint64_t seen = 0; seen < subscribers;) {
        if (zmq_msg_recv(&sub, pub, 0) < 0)
            die(role, "zmq_msg_recv");
        if (zmq_msg_size(&sub) >= 1 && ((const unsigned char *)zmq_msg_data(&sub))[0] == 1)
            seen++;
    }
    zmq_msg_close(&sub);

    uint64_t total = warmup(role) + count;
    for (uint64_t i = 0; i < total; i++) {
        zmq_msg_t msg;
        /* Payload uninitialised, as in remote_thr: every subscriber subscribes to "". */
        if (zmq_msg_init_size(&msg, size) != 0)
            die(role, "zmq_msg_init_size");
        if (zmq_msg_send(&msg, pub, 0) < 0)
            die(role, "zmq_msg_send");
    }
    /* Linger (infinite): returns once every subscriber's queue is written out. */
    close_all(role, pub, ctx);
}

static void sub_thr(void *ctx, const char *endpoint, size_t size, uint64_t count)
{
    const char *role = "sub_thr";
    void *sub = zmq_socket(ctx, ZMQ_SUB);
    if (!sub)
        die(role, "zmq_socket");
    if (zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0) != 0)
        die(role, "zmq_setsockopt(ZMQ_SUBSCRIBE)");
    if (zmq_connect(sub, endpoint) != 0)
        die(role, "zmq_connect");
    zmq_msg_t msg;
    if (zmq_msg_init(&msg) != 0)
        die(role, "zmq_msg_init");

    for (uint64_t i = warmup(role); i > 0; i--)
        recv_checked(role, sub, &msg, size);
    recv_checked(role, sub, &msg, size);
    uint64_t start = now_ns();
    for (uint64_t i = 1; i < count; i++)
        recv_checked(role, sub, &msg, size);
    uint64_t elapsed_ns = now_ns() - start;
    zmq_msg_close(&msg);
    print_throughput(size, count, elapsed_ns);
    close_all(role, sub, ctx);
}

static int parse_count(const char *mode, const char *what, const char *arg, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 10);
    if (errno || *end || v == 0 || arg[0] == '-') {
        fprintf(stderr, "%s: bad %s: %s\n", mode, what, arg);
        return 0;
    }
    *out = (uint64_t)v;
    return 1;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "version")) {
        int major, minor, patch;
        zmq_version(&major, &minor, &patch);
        printf("%d.%d.%d\n", major, minor, patch);
        return 0;
    }
    int pub = argc >= 2 && (!strcmp(argv[1], "pub_thr") || !strcmp(argv[1], "pub-thr"));
    if (argc != (pub ? 6 : 5)) {
        fprintf(stderr,
                "usage: %s <local_thr|remote_thr|local_lat|remote_lat|sub_thr> <endpoint> <message-size> <count>\n"
                "       %s pub_thr <endpoint> <message-size> <count> <subscribers>\n"
                "       %s version\n",
                argv[0], argv[0], argv[0]);
        return 1;
    }
    const char *mode = argv[1];
    const char *endpoint = argv[2];
    char *end;
    errno = 0;
    long long size = strtoll(argv[3], &end, 10);
    if (errno || *end || size < 0) {
        fprintf(stderr, "%s: bad message size: %s\n", mode, argv[3]);
        return 1;
    }
    uint64_t count;
    if (!parse_count(mode, "count", argv[4], &count))
        return 1;
    if (pub) {
        uint64_t subscribers;
        if (!parse_count(mode, "subscriber count", argv[5], &subscribers))
            return 1;
        void *ctx = zmq_ctx_new();
        if (!ctx)
            die(mode, "zmq_ctx_new");
        pub_thr(ctx, endpoint, (size_t)size, count, subscribers);
        return 0;
    }

    void (*role)(void *, const char *, size_t, uint64_t);
    /* Accept libzmq's names (local_thr) and the CLI's (local-thr). */
    if (!strcmp(mode, "local_thr") || !strcmp(mode, "local-thr"))
        role = local_thr;
    else if (!strcmp(mode, "remote_thr") || !strcmp(mode, "remote-thr"))
        role = remote_thr;
    else if (!strcmp(mode, "local_lat") || !strcmp(mode, "local-lat"))
        role = local_lat;
    else if (!strcmp(mode, "remote_lat") || !strcmp(mode, "remote-lat"))
        role = remote_lat;
    else if (!strcmp(mode, "sub_thr") || !strcmp(mode, "sub-thr"))
        role = sub_thr;
    else {
        fprintf(stderr, "unknown mode: %s\n", mode);
        return 1;
    }

    void *ctx = zmq_ctx_new();
    if (!ctx)
        die(mode, "zmq_ctx_new");
    role(ctx, endpoint, (size_t)size, (uint64_t)count);
    return 0;
}
