/* Fuzzes the .shapes parser (bench/shapes.c): random and mutated shapes
 * text, from the real files and hand-made lines, must be accepted or refused
 * cleanly.  Accepted: every layer is one skb_plan takes, named
 * "<network>.<layer>" within the name field.  Refused: a message that names
 * the file, inside the error buffer.  Never a crash, a hang or an access
 * out of bounds (built with AddressSanitizer, tests/sanitize.sh, the last
 * is checked too).
 *
 * A seeded loop, so it builds with any compiler and a failure replays:
 *   skb-fuzz-shapes [--seed=N] [--runs=N] [--seconds=S] [--shapes=DIR]
 * With SKB_LIBFUZZER defined (clang -fsanitize=fuzzer) the same check is
 * libFuzzer's target instead. */
#define _POSIX_C_SOURCE 200809L
#include "shapes.h"

#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The input being checked, printed if it fails or hangs. */
static const uint8_t *g_input;
static size_t g_input_size;

static void print_input(void)
{
    fprintf(stderr, "input (%zu bytes, C-escaped):\n\"", g_input_size);
    for (size_t i = 0; i < g_input_size; i++) {
        const uint8_t c = g_input[i];
        if (c == '\n')
            fputs("\\n\"\n\"", stderr);
        else if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
            fputc(c, stderr);
        else
            fprintf(stderr, "\\x%02x\"\"", c);
    }
    fputs("\"\n", stderr);
}

static void fail(const char *what)
{
    fprintf(stderr, "FAILED: %s\n", what);
    print_input();
    abort();
}

/* One input, parsed as the file `path`; whether it was accepted. */
static bool check_one(const char *path, const uint8_t *data, size_t size)
{
    g_input = data;
    g_input_size = size;
    /* fmemopen needs a non-empty buffer; an empty file is an empty stream. */
    static const char nothing[1] = "";
    FILE *f = size ? fmemopen((void *)data, size, "r") : fmemopen((void *)nothing, 1, "r");
    if (!f)
        fail("fmemopen");
    if (!size)
        fgetc(f); /* past the one byte: at end of file */
    shape_list list = {0};
    char error[200];
    memset(error, 'Z', sizeof error);
    const bool ok = shapes_read_stream(f, path, &list, error, sizeof error);
    fclose(f);

    const size_t net_len = strcspn(path, ".");
    for (size_t i = 0; i < list.count; i++) {
        const shape *s = &list.items[i];
        if (!memchr(s->name, '\0', sizeof s->name))
            fail("a layer's name is not terminated within its field");
        if (strncmp(s->name, path, net_len) != 0 || s->name[net_len] != '.' ||
            strchr(s->name, '/'))
            fail("a layer's name is not <network>.<layer>");
        if ((unsigned)s->kind > SHAPE_GLOBAL)
            fail("a layer's kind is out of range");
        const skb_op op = s->kind == SHAPE_CONV      ? SKB_OP_IM2COL
                          : s->kind == SHAPE_AVGPOOL ? SKB_OP_AVGPOOL
                          : s->kind == SHAPE_GLOBAL  ? SKB_OP_GLOBAL_AVGPOOL
                                                     : SKB_OP_MAXPOOL;
        const skb_tensor_desc t = {1, s->c, s->h, s->w, SKB_LAYOUT_NCHW};
        skb_geometry g;
        skb_error err;
        if (skb_plan(op, &t, &s->window, &g, &err) != SKB_OK)
            fail("an accepted layer is one skb_plan refuses");
    }
    if (ok) {
        if (list.count == 0)
            fail("accepted a file without a single layer");
    } else {
        if (!memchr(error, '\0', sizeof error))
            fail("the error message is not terminated within its buffer");
        if (strncmp(error, path, strlen(path)) != 0)
            fail("the error message does not start with the file's name");
    }
    shapes_free(&list);
    return ok;
}

#ifdef SKB_LIBFUZZER

/* The file is named for the network of the input's first word, so that
 * the real files of bench/shapes work as a seed corpus. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[48] = "fuzz.shapes";
    size_t start = 0;
    while (start < size && data[start] == '#') /* skip the leading comment lines */
        while (start < size && data[start++] != '\n')
            ;
    size_t len = 0;
    while (start + len < size && len < 32 &&
           ((data[start + len] >= 'a' && data[start + len] <= 'z') ||
            (data[start + len] >= '0' && data[start + len] <= '9') || data[start + len] == '_'))
        len++;
    if (len > 0 && start + len < size && data[start + len] == '.')
        snprintf(path, sizeof path, "%.*s.shapes", (int)len, (const char *)data + start);
    (void)check_one(path, data, size);
    return 0;
}

#else

/* xorshift64*: the whole run follows from --seed. */
static uint64_t g_rng;
static uint64_t next_random(void)
{
    g_rng ^= g_rng >> 12;
    g_rng ^= g_rng << 25;
    g_rng ^= g_rng >> 27;
    return g_rng * UINT64_C(2685821657736338717);
}
static size_t below(size_t n) { return n ? (size_t)(next_random() % n) : 0; }

typedef struct text {
    char *bytes;
    size_t size, capacity;
} text;

static void text_reserve(text *t, size_t more)
{
    if (t->size + more <= t->capacity)
        return;
    size_t capacity = t->capacity ? t->capacity : 256;
    while (capacity < t->size + more)
        capacity *= 2;
    char *grown = realloc(t->bytes, capacity);
    if (!grown) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    t->bytes = grown;
    t->capacity = capacity;
}

static void text_insert(text *t, size_t at, const char *bytes, size_t count)
{
    text_reserve(t, count);
    memmove(t->bytes + at + count, t->bytes + at, t->size - at);
    memcpy(t->bytes + at, bytes, count);
    t->size += count;
}

static void text_erase(text *t, size_t at, size_t count)
{
    memmove(t->bytes + at, t->bytes + at + count, t->size - at - count);
    t->size -= count;
}

/* Words the format is made of, and numbers at the edges of every type. */
static const char *const dictionary[] = {
    "fuzz.", "fuzz.a", "vgg16.", " ", "\t", "\n", "\r\n", "#", "x", ",", "=", "/",
    "conv", "maxpool", "avgpool", "global", "k=", "s=", "d=", "p=", "ceil", "include_pad",
    "0", "1", "2", "3", "-1", "+1", "007", "8", "64", "255", "256", "65535", "65536",
    "2147483647", "2147483648", "4294967296", "4611686018427387904",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808",
    "99999999999999999999999", "1e3", "0x10", "3x", "x3", "1,2,3", "1,2,3,4,5", ",,,",
    "p=1,1,1,1", "k=3x3", "s=2x1", "d=2", "\xff", "\xc3\xa9"};

/* Well-formed lines to build on, besides the real files. */
static const char *const lines[] = {
    "fuzz.pool maxpool 64 112 112 k=3 s=2 p=1\n",
    "fuzz.avg avgpool 8 17 9 k=3x2 s=2x1 p=1,0,1,0 include_pad ceil\n",
    "fuzz.conv conv 3 224 224 k=7 s=2 p=3 d=1\n",
    "fuzz.head global 512 7 7\n",
    "fuzz.dil maxpool 4 20 20 k=3 d=2 p=2\n",
    "# a comment line\n",
    "\n"};

typedef struct seed {
    char path[80]; /* "<network>.shapes": the network the names must carry */
    text body;
} seed;

static size_t load_seeds(const char *dir, seed *seeds, size_t max)
{
    size_t count = 0;
    DIR *d = dir ? opendir(dir) : NULL;
    for (struct dirent *e = d ? readdir(d) : NULL; e && count < max; e = readdir(d)) {
        const size_t len = strlen(e->d_name);
        if (len <= 7 || len >= sizeof seeds->path || strcmp(e->d_name + len - 7, ".shapes"))
            continue;
        char full[1024];
        snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
        FILE *f = fopen(full, "rb");
        if (!f)
            continue;
        seed *s = &seeds[count++];
        memset(s, 0, sizeof *s);
        snprintf(s->path, sizeof s->path, "%s", e->d_name);
        char buffer[4096];
        size_t got;
        while ((got = fread(buffer, 1, sizeof buffer, f)) > 0)
            text_insert(&s->body, s->body.size, buffer, got);
        fclose(f);
    }
    if (d)
        closedir(d);
    if (count < max) { /* the hand-made lines, as one file */
        seed *s = &seeds[count++];
        memset(s, 0, sizeof *s);
        snprintf(s->path, sizeof s->path, "fuzz.shapes");
        for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
            text_insert(&s->body, s->body.size, lines[i], strlen(lines[i]));
    }
    return count;
}

/* A few random edits of t. */
static void mutate(text *t, const seed *seeds, size_t seed_count)
{
    const size_t edits = 1 + below(8);
    for (size_t e = 0; e < edits; e++) {
        switch (below(9)) {
        case 0: /* flip a bit */
            if (t->size)
                t->bytes[below(t->size)] ^= (char)(1u << below(8));
            break;
        case 1: /* a random byte */
            if (t->size)
                t->bytes[below(t->size)] = (char)below(256);
            break;
        case 2: case 3: { /* a word of the format */
            const char *w = dictionary[below(sizeof dictionary / sizeof dictionary[0])];
            text_insert(t, below(t->size + 1), w, strlen(w));
            break;
        }
        case 4: /* erase a run */
            if (t->size) {
                const size_t at = below(t->size);
                text_erase(t, at, below(t->size - at + 1));
            }
            break;
        case 5: { /* repeat a run (long lines, long names, many layers) */
            if (!t->size)
                break;
            const size_t at = below(t->size);
            const size_t len = 1 + below(t->size - at < 64 ? t->size - at : 64);
            const size_t times = 1 + below(below(2) ? 4 : 600);
            char run[64];
            memcpy(run, t->bytes + at, len);
            for (size_t i = 0; i < times; i++)
                text_insert(t, at, run, len);
            break;
        }
        case 6: { /* a line of another seed */
            const seed *other = &seeds[below(seed_count)];
            if (!other->body.size)
                break;
            const size_t from = below(other->body.size);
            const char *nl = memchr(other->body.bytes + from, '\n', other->body.size - from);
            const size_t len = nl ? (size_t)(nl - (other->body.bytes + from)) + 1
                                  : other->body.size - from;
            text_insert(t, below(t->size + 1), other->body.bytes + from, len);
            break;
        }
        case 7: /* cut the end (a file without its last newline) */
            if (t->size)
                t->size = below(t->size + 1);
            break;
        default: { /* a NUL or a line ending in the middle */
            static const char odd[][2] = {{'\0'}, {'\r'}, {'\n'}, {'\v'}};
            text_insert(t, below(t->size + 1), odd[below(4)], 1);
            break;
        }
        }
    }
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char message[] = "FAILED: one input took longer than the time limit\n";
    if (write(STDERR_FILENO, message, sizeof message - 1) < 0) {
        /* nothing more can be done from a signal handler */
    }
    print_input(); /* not async-signal-safe, but the process ends here anyway */
    abort();
}

int main(int argc, char **argv)
{
    uint64_t seed_value = 1;
    long runs = 10000;
    double seconds = 0;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        if (strncmp(argv[i], "--seed=", 7) == 0)
            seed_value = strtoull(argv[i] + 7, &end, 10);
        else if (strncmp(argv[i], "--runs=", 7) == 0)
            runs = strtol(argv[i] + 7, &end, 10);
        else if (strncmp(argv[i], "--seconds=", 10) == 0)
            seconds = strtod(argv[i] + 10, &end);
        else if (strncmp(argv[i], "--shapes=", 9) == 0) {
            dir = argv[i] + 9;
            end = argv[i] + strlen(argv[i]);
        }
        if (!end || *end || end == argv[i]) {
            fprintf(stderr, "usage: %s [--seed=N] [--runs=N] [--seconds=S] [--shapes=DIR]\n",
                    argv[0]);
            return 2;
        }
    }
    g_rng = seed_value * UINT64_C(0x9E3779B97F4A7C15) + 1;
    seed seeds[72];
    const size_t seed_count = load_seeds(dir, seeds, sizeof seeds / sizeof seeds[0]);
    signal(SIGALRM, on_alarm);

    const time_t start = time(NULL);
    text t = {0};
    long done = 0, accepted = 0;
    for (; seconds > 0 ? difftime(time(NULL), start) < seconds : done < runs; done++) {
        const seed *from = &seeds[below(seed_count)];
        t.size = 0;
        if (below(16) == 0) { /* pure noise now and then */
            const size_t len = below(300);
            text_reserve(&t, len);
            for (size_t i = 0; i < len; i++)
                t.bytes[i] = (char)below(256);
            t.size = len;
        } else {
            text_insert(&t, 0, from->body.bytes, from->body.size);
            mutate(&t, seeds, seed_count);
        }
        alarm(10);
        accepted += check_one(from->path, (const uint8_t *)t.bytes, t.size);
        alarm(0);
    }
    free(t.bytes);
    for (size_t i = 0; i < seed_count; i++)
        free(seeds[i].body.bytes);
    printf("shapes parser fuzzed: %ld inputs from %zu seeds (seed %llu), %ld accepted, %ld "
           "refused, all cleanly\n",
           done, seed_count, (unsigned long long)seed_value, accepted, done - accepted);
    return 0;
}

#endif
