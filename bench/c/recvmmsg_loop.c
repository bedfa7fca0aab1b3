/*
 * recvmmsg_loop PATH COUNT SIZE [WARMUP]
 *
 * The bar: like recv_loop, but receives in batches with blocking
 * recvmmsg(vlen = 64, MSG_WAITFORONE): the call blocks for the first datagram, then takes
 * whatever else is already queued, up to 64. Prints
 *
 *     RESULT c-recvmmsg <datagrams in the window> <seconds>
 *
 * The clock is read after the call that returned the window's first (last) datagram.
 */
#define _GNU_SOURCE
#include "bench.h"

#define BATCH 64u

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
    unsigned char *buffers = malloc(buffer_size * BATCH);
    if (buffers == NULL) {
        die("out of memory");
    }
    struct iovec iov[BATCH];
    struct mmsghdr messages[BATCH];
    memset(messages, 0, sizeof messages);
    for (unsigned i = 0; i < BATCH; i++) {
        iov[i].iov_base = buffers + (size_t)i * buffer_size;
        iov[i].iov_len = buffer_size;
        messages[i].msg_hdr.msg_iov = &iov[i];
        messages[i].msg_hdr.msg_iovlen = 1;
    }
    const int fd = bind_datagram_socket(path);

    struct timespec start = { 0, 0 };
    for (uint64_t received = 0; received < total;) {
        const uint64_t remaining = total - received;
        const unsigned vlen = remaining < BATCH ? (unsigned)remaining : BATCH;
        const int n = recvmmsg(fd, messages, vlen, MSG_WAITFORONE, NULL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            die_errno("recvmmsg() after %llu datagrams", (unsigned long long)received);
        }
        for (int i = 0; i < n; i++) {
            if (messages[i].msg_len != size || (messages[i].msg_hdr.msg_flags & MSG_TRUNC) != 0) {
                die("datagram %llu has %u bytes (flags 0x%x), expected %zu",
                    (unsigned long long)received + (unsigned)i + 1, messages[i].msg_len,
                    (unsigned)messages[i].msg_hdr.msg_flags, size);
            }
        }
        const uint64_t before = received;
        received += (unsigned)n;
        if (before < first && received >= first) {
            start = monotonic_now();
        }
    }
    const struct timespec end = monotonic_now();

    close(fd);
    free(buffers);
    print_result("c-recvmmsg", total - first, seconds_between(start, end));
    return 0;
}
