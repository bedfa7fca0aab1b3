/*
 * pingpong_client SERVER_PATH CLIENT_PATH COUNT SIZE [WARMUP]
 *
 * Round-trip latency: binds CLIENT_PATH (so the server can answer), connects to SERVER_PATH, then
 * WARMUP + COUNT times sends one datagram of SIZE bytes with send() and waits for the reply with
 * blocking recv(); one datagram is in flight at a time. The clock (CLOCK_MONOTONIC) is read before
 * each send and after each reply; the first WARMUP round trips are not recorded. Prints
 *
 *     LATENCY <name> <round trips> <median ns> <p90 ns> <p99 ns> <max ns>
 *
 * with NAME "pingpong". A reply of another length, or none within 10 s, fails the run.
 */
#define _GNU_SOURCE
#include "bench.h"
#include <sys/time.h>

static int compare_u64(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The value below which `permille` thousandths of the sorted samples lie (nearest rank). */
static uint64_t percentile(const uint64_t *sorted, uint64_t n, unsigned permille)
{
    uint64_t rank = (n * permille + 999) / 1000;
    return sorted[rank == 0 ? 0 : rank - 1];
}

static uint64_t nanoseconds_between(struct timespec start, struct timespec end)
{
    return (uint64_t)((end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec));
}

int main(int argc, char **argv)
{
    if (argc < 5 || argc > 6) {
        fprintf(stderr, "usage: %s SERVER_PATH CLIENT_PATH COUNT SIZE [WARMUP]\n", argv[0]);
        return 2;
    }
    const uint64_t count = parse_u64("COUNT", argv[3], 1, 100000000);
    const size_t size = (size_t)parse_u64("SIZE", argv[4], 1, BENCH_MAX_SIZE);
    const uint64_t warmup = argc == 6 ? parse_u64("WARMUP", argv[5], 0, 100000000) : 0;

    unsigned char *payload = malloc(size);
    unsigned char *reply = malloc(BENCH_MAX_SIZE);
    uint64_t *samples = malloc(count * sizeof *samples);
    if (payload == NULL || reply == NULL || samples == NULL) {
        die("out of memory");
    }
    for (size_t i = 0; i < size; i++) {
        payload[i] = (unsigned char)i;
    }

    const int fd = bind_datagram_socket(argv[2]);
    struct sockaddr_un server;
    const socklen_t server_length = unix_address(&server, argv[1]);
    if (connect(fd, (const struct sockaddr *)&server, server_length) != 0) {
        die_errno("connect('%s')", argv[1]);
    }
    const struct timeval patience = { .tv_sec = 10, .tv_usec = 0 };
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience) != 0) {
        die_errno("setsockopt(SO_RCVTIMEO)");
    }

    for (uint64_t i = 0; i < warmup + count; i++) {
        const struct timespec start = monotonic_now();
        while (send(fd, payload, size, 0) < 0) {
            if (errno != EINTR) {
                die_errno("send() of round trip %llu", (unsigned long long)i + 1);
            }
        }
        ssize_t n;
        while ((n = recv(fd, reply, BENCH_MAX_SIZE, 0)) < 0) {
            if (errno == EAGAIN) {
                die("no reply to round trip %llu within 10 s", (unsigned long long)i + 1);
            }
            if (errno != EINTR) {
                die_errno("recv() of round trip %llu", (unsigned long long)i + 1);
            }
        }
        const struct timespec end = monotonic_now();
        if ((size_t)n != size) {
            die("reply %llu has %zd bytes, expected %zu", (unsigned long long)i + 1, n, size);
        }
        if (i >= warmup) {
            samples[i - warmup] = nanoseconds_between(start, end);
        }
    }
    close(fd);
    unlink(argv[2]);

    qsort(samples, count, sizeof *samples, compare_u64);
    printf("LATENCY pingpong %llu %llu %llu %llu %llu\n", (unsigned long long)count,
        (unsigned long long)percentile(samples, count, 500), (unsigned long long)percentile(samples, count, 900),
        (unsigned long long)percentile(samples, count, 990), (unsigned long long)samples[count - 1]);
    if (fflush(stdout) != 0) {
        die_errno("write result");
    }
    free(samples);
    free(reply);
    free(payload);
    return 0;
}
