/*
 * recv_loop PATH COUNT SIZE [WARMUP]
 *
 * The baseline: binds an AF_UNIX datagram socket to PATH and calls blocking recv() once per
 * datagram until WARMUP + COUNT datagrams of SIZE bytes have arrived, then prints
 *
 *     RESULT c-recv <datagrams in the window> <seconds>
 *
 * The window is described in bench.h (window_start). The buffer is receive_buffer_size(SIZE).
 */
#define _GNU_SOURCE
#include "bench.h"

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: %s PATH COUNT SIZE [WARMUP]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    const uint64_t count = parse_u64("COUNT", argv[2], 2, UINT64_MAX / 2);
    const size_t size = (size_t)parse_u64("SIZE", argv[3], 1, BENCH_MAX_SIZE);
    const uint64_t warmup = argc == 5 ? parse_u64("WARMUP", argv[4], 0, UINT64_MAX / 2) : 0;
    const uint64_t total = warmup + count;
    const uint64_t first = window_start(warmup);

    const size_t buffer_size = receive_buffer_size(size);
    unsigned char *buffer = malloc(buffer_size);
    if (buffer == NULL) {
        die("out of memory");
    }
    const int fd = bind_datagram_socket(path);

    struct timespec start = { 0, 0 };
    for (uint64_t received = 0; received < total;) {
        /* MSG_TRUNC makes recv() return the real length, so an oversized datagram is caught. */
        const ssize_t n = recv(fd, buffer, buffer_size, MSG_TRUNC);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            die_errno("recv() after %llu datagrams", (unsigned long long)received);
        }
        if ((size_t)n != size) {
            die("datagram %llu has %zd bytes, expected %zu", (unsigned long long)received + 1, n, size);
        }
        if (++received == first) {
            start = monotonic_now();
        }
    }
    const struct timespec end = monotonic_now();

    close(fd);
    free(buffer);
    print_result("c-recv", total - first, seconds_between(start, end));
    return 0;
}
