/*
 * sender PATH COUNT SIZE [CONNECT_WAIT_SECONDS]
 *
 * Connects an AF_UNIX datagram socket to PATH and sends COUNT datagrams of SIZE bytes with
 * blocking send(). A connected AF_UNIX datagram sender blocks while the receiver's queue is
 * full, so nothing is dropped and the receiver sets the pace.
 *
 * If PATH does not exist yet (ENOENT) or nothing is bound to it (ECONNREFUSED), connect() is
 * retried every millisecond for up to CONNECT_WAIT_SECONDS (default 10), so the start order of
 * sender and receiver does not matter. Exits 0 once every datagram has been sent.
 */
#define _GNU_SOURCE
#include "bench.h"

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: %s PATH COUNT SIZE [CONNECT_WAIT_SECONDS]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    const uint64_t count = parse_u64("COUNT", argv[2], 1, UINT64_MAX);
    const size_t size = (size_t)parse_u64("SIZE", argv[3], 1, BENCH_MAX_SIZE);
    const double wait_seconds = argc == 5 ? (double)parse_u64("CONNECT_WAIT_SECONDS", argv[4], 0, 3600) : 10.0;

    unsigned char *payload = malloc(size);
    if (payload == NULL) {
        die("out of memory");
    }
    for (size_t i = 0; i < size; i++) {
        payload[i] = (unsigned char)i;
    }

    const int fd = connect_with_retry(path, wait_seconds);
    for (uint64_t sent = 0; sent < count;) {
        const ssize_t n = send(fd, payload, size, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            die_errno("send() after %llu of %llu datagrams", (unsigned long long)sent, (unsigned long long)count);
        }
        if ((size_t)n != size) {
            die("send() sent %zd of %zu bytes", n, size);
        }
        sent++;
    }
    close(fd);
    free(payload);
    return 0;
}
