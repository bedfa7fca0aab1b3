/*
 * Shared helpers for the C programs of the receive-throughput benchmark.
 * Each program defines _GNU_SOURCE before including this header.
 */
#ifndef UNIX_DATAGRAM_BENCH_H
#define UNIX_DATAGRAM_BENCH_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* Largest datagram the benchmark sends (the receivers size their buffers from it). */
#define BENCH_MAX_SIZE 65536u

__attribute__((noreturn, format(printf, 1, 2)))
static inline void die(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    exit(EXIT_FAILURE);
}

/* Like die(), with ": strerror(errno)" appended. */
__attribute__((noreturn, format(printf, 1, 2)))
static inline void die_errno(const char *format, ...)
{
    const int saved = errno;
    va_list args;
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fprintf(stderr, ": %s\n", strerror(saved));
    exit(EXIT_FAILURE);
}

/* Parses a decimal integer in [min, max] or exits with a message naming the argument. */
static inline uint64_t parse_u64(const char *name, const char *text, uint64_t min, uint64_t max)
{
    char *end = NULL;
    errno = 0;
    const unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || value < min || value > max) {
        die("invalid %s '%s': expected an integer in [%llu, %llu]", name, text,
            (unsigned long long)min, (unsigned long long)max);
    }
    return (uint64_t)value;
}

/*
 * The receive buffer for datagrams of `size` bytes: `size` rounded up to a power of two
 * (64 -> 64, 1000 -> 1024, 1024 -> 1024). bench-receiver applies the same rule, so every
 * receiver in a row works with buffers of the same size.
 */
static inline size_t receive_buffer_size(size_t size)
{
    size_t buffer = 1;
    while (buffer < size) {
        buffer <<= 1;
    }
    return buffer;
}

/* Fills `address` for a filesystem path; returns the length to pass to bind()/connect(). */
static inline socklen_t unix_address(struct sockaddr_un *address, const char *path)
{
    const size_t length = strlen(path);
    if (length == 0 || length >= sizeof address->sun_path) {
        die("socket path must have 1 to %zu bytes: '%s'", sizeof address->sun_path - 1, path);
    }
    memset(address, 0, sizeof *address);
    address->sun_family = AF_UNIX;
    memcpy(address->sun_path, path, length + 1);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + length + 1);
}

/* A blocking AF_UNIX datagram socket bound to `path` (which must not exist). */
static inline int bind_datagram_socket(const char *path)
{
    struct sockaddr_un address;
    const socklen_t length = unix_address(&address, path);
    const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        die_errno("socket(AF_UNIX, SOCK_DGRAM)");
    }
    if (bind(fd, (const struct sockaddr *)&address, length) != 0) {
        die_errno("bind('%s')", path);
    }
    return fd;
}

static inline struct timespec monotonic_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now;
}

static inline double seconds_between(struct timespec start, struct timespec end)
{
    return (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
}

/*
 * The measured window, common to every receiver: with W warm-up datagrams and N measured
 * ones the sender sends W + N. The clock starts when datagram number max(W, 1) arrives and
 * stops when datagram number W + N arrives; the window therefore holds W + N - max(W, 1)
 * datagrams (N when there is a warm-up, N - 1 without one).
 */
/* A connected datagram socket to PATH; while nobody is bound there yet (ENOENT, ECONNREFUSED), retries every
 * millisecond for up to WAIT_SECONDS, then dies naming the path. */
static inline int connect_with_retry(const char *path, double wait_seconds)
{
    struct sockaddr_un address;
    const socklen_t length = unix_address(&address, path);
    const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        die_errno("socket(AF_UNIX, SOCK_DGRAM)");
    }
    const struct timespec start = monotonic_now();
    const struct timespec pause = { .tv_sec = 0, .tv_nsec = 1000000 };
    for (;;) {
        if (connect(fd, (const struct sockaddr *)&address, length) == 0) {
            return fd;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != ENOENT && errno != ECONNREFUSED) {
            die_errno("connect('%s')", path);
        }
        if (seconds_between(start, monotonic_now()) >= wait_seconds) {
            die_errno("connect('%s'): no receiver after %.0f s", path, wait_seconds);
        }
        nanosleep(&pause, NULL);
    }
}

static inline uint64_t window_start(uint64_t warmup)
{
    return warmup > 0 ? warmup : 1;
}

static inline void print_result(const char *name, uint64_t timed, double seconds)
{
    printf("RESULT %s %llu %.9f\n", name, (unsigned long long)timed, seconds);
    if (fflush(stdout) != 0) {
        die_errno("write result");
    }
}

#endif
