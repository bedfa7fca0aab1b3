/*
 * pingpong_server PATH COUNT
 *
 * The C half of the round-trip baseline: binds an AF_UNIX datagram socket to PATH, then COUNT
 * times receives one datagram with blocking recvfrom() and sends it back to its sender with
 * sendto() (what dgramd's `echo` handler does through DatagramContext.ReplyAsync). Exits 0 after
 * COUNT replies.
 */
#define _GNU_SOURCE
#include "bench.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s PATH COUNT\n", argv[0]);
        return 2;
    }
    const uint64_t count = parse_u64("COUNT", argv[2], 1, UINT64_MAX);
    static unsigned char buffer[BENCH_MAX_SIZE];
    const int fd = bind_datagram_socket(argv[1]);
    for (uint64_t replied = 0; replied < count;) {
        struct sockaddr_un peer;
        socklen_t peer_length = sizeof peer;
        const ssize_t n = recvfrom(fd, buffer, sizeof buffer, 0, (struct sockaddr *)&peer, &peer_length);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            die_errno("recvfrom() after %llu round trips", (unsigned long long)replied);
        }
        while (sendto(fd, buffer, (size_t)n, 0, (const struct sockaddr *)&peer, peer_length) < 0) {
            if (errno != EINTR) {
                die_errno("sendto() after %llu round trips", (unsigned long long)replied);
            }
        }
        replied++;
    }
    close(fd);
    return 0;
}
