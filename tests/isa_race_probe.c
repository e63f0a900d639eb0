/* Races threads to the first skb_default_kernels() call, in a fresh process
 * per round, with SKB_ISA set to a value it does not know (the test sets
 * it): the value must be reported exactly once per process.  Prints the
 * rounds with no report and with more than one; exits non-zero if any. */
#define _POSIX_C_SOURCE 200809L
#include "skb.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { ROUNDS = 300, THREADS = 8 };

static pthread_barrier_t start_line;

static void *first_call(void *unused)
{
    (void)unused;
    pthread_barrier_wait(&start_line);
    return (void *)skb_default_kernels();
}

/* In the child: THREADS threads make the first call at once. */
static void race(void)
{
    pthread_t threads[THREADS];
    pthread_barrier_init(&start_line, NULL, THREADS);
    for (int i = 0; i < THREADS; i++)
        pthread_create(&threads[i], NULL, first_call, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
}

/* Reports ("SKB_ISA=" lines) in what the child wrote to stderr. */
static int count_reports(FILE *from_child)
{
    char line[512];
    int reports = 0;
    while (fgets(line, sizeof line, from_child))
        reports += strstr(line, "SKB_ISA=") != NULL;
    return reports;
}

int main(void)
{
    const char *isa = getenv("SKB_ISA");
    if (!isa || skb_isa_from_name(isa, NULL)) {
        fprintf(stderr, "isa_race_probe: set SKB_ISA to an unknown name\n");
        return 2;
    }
    int silent = 0, repeated = 0, most = 0;
    for (int round = 0; round < ROUNDS; round++) {
        int fds[2];
        if (pipe(fds) != 0)
            return 2;
        fflush(NULL);
        const pid_t child = fork();
        if (child < 0)
            return 2;
        if (child == 0) {
            close(fds[0]);
            dup2(fds[1], STDERR_FILENO);
            race();
            _exit(0);
        }
        close(fds[1]);
        FILE *from_child = fdopen(fds[0], "r");
        const int reports = count_reports(from_child);
        fclose(from_child);
        int status;
        waitpid(child, &status, 0);
        silent += reports == 0;
        repeated += reports > 1;
        most = reports > most ? reports : most;
    }
    printf("%d rounds of %d threads: %d without a report, %d with more than one (at most %d)\n",
           ROUNDS, THREADS, silent, repeated, most);
    return silent == 0 && repeated == 0 ? 0 : 1;
}
