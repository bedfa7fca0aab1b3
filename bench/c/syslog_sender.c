/*
 * syslog_sender PATH COUNT [CONNECT_WAIT_SECONDS [FIRST]]
 *
 * Sends COUNT syslog messages to the AF_UNIX datagram socket PATH exactly as glibc's syslog(3) writes them to
 * /dev/log: "<14>Mmm dd hh:mm:ss bench[PID]: message NNNNNNNNNN from the syslog benchmark" (user.info, no
 * hostname), each the same length. NNNNNNNNNN counts up from FIRST (default 0), so a receiver's output can be
 * checked for completeness and order. Connected and blocking: a receiver that falls behind fills its queue and the
 * sender waits, so nothing is lost and the receiver sets the pace. connect() is retried as in sender.c.
 */
#define _GNU_SOURCE
#include "bench.h"

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: %s PATH COUNT [CONNECT_WAIT_SECONDS [FIRST]]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    const uint64_t count = parse_u64("COUNT", argv[2], 1, 9999999999ull);
    const double wait_seconds = argc >= 4 ? (double)parse_u64("CONNECT_WAIT_SECONDS", argv[3], 0, 3600) : 10.0;
    const uint64_t first = argc == 5 ? parse_u64("FIRST", argv[4], 0, 9999999999ull) : 0;
    if (count > 9999999999ull - first + 1) {
        die("FIRST + COUNT must stay within 10 digits");
    }

    const int fd = connect_with_retry(path, wait_seconds);

    char stamp[32];
    const time_t now = time(NULL);
    struct tm local;
    localtime_r(&now, &local);
    strftime(stamp, sizeof stamp, "%h %e %T", &local);
    char line[256];
    const pid_t pid = getpid();
    for (uint64_t sent = 0; sent < count;) {
        const int n = snprintf(line, sizeof line, "<14>%s bench[%d]: message %010llu from the syslog benchmark",
                               stamp, (int)pid, (unsigned long long)(first + sent));
        if (send(fd, line, (size_t)n, 0) < 0) {
            if (errno == EINTR) {
                continue;
            }
            die_errno("send() after %llu of %llu messages", (unsigned long long)sent, (unsigned long long)count);
        }
        sent++;
    }
    close(fd);
    return 0;
}
