/* A seeded fuzz loop for the .net parser (bench/harness/network.c), built with any
 * C compiler: feeds it the real network files, mutations of them and text
 * made of random tokens, and checks that each input either is refused with
 * a "source:line: what" message or reads as a network whose counts agree
 * with a 128-bit recount and whose sizes are within the parser's bounds,
 * and whose kernel-suite shapes (bench/kernels/shapes.c) are ones the
 * planner takes, or are refused with a message.
 * A crash, a sanitizer report (in a build with -fsanitize) or a failed
 * check exits non-zero with the seed and input number, and the input is
 * written to fuzz-network-failure.net.
 *
 *   skb-fuzz-network [--seed=N] [--runs=N] [--seconds=S] [--networks=DIR]
 *
 * Stops after --runs inputs (default 20000) or --seconds, whichever is
 * first.  With SKB_LIBFUZZER defined (clang -fsanitize=fuzzer) the same
 * check is libFuzzer's target instead. */
#define _POSIX_C_SOURCE 200809L
#include "network.h"
#include "shapes.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef SKB_NETWORKS_DIR
#define SKB_NETWORKS_DIR "bench/networks"
#endif

__extension__ typedef unsigned __int128 u128;

#define MAX_INPUT 65536
#define MAX_SEEDS 32

typedef struct text {
    char bytes[MAX_INPUT];
    size_t size;
} text;

#ifndef SKB_LIBFUZZER

static uint64_t rng_state;

static uint64_t next(void) /* xorshift64* */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

static size_t below(size_t n) { return n ? (size_t)(next() % n) : 0; }

static void append(text *t, const char *s)
{
    for (; *s && t->size < MAX_INPUT; s++)
        t->bytes[t->size++] = *s;
}

/* Numbers a parser gets wrong: the edges of int32, int64 and size_t, zero,
 * negative, non-digits and small sizes that make real layers. */
static const char *number(void)
{
    static const char *const edges[] = {
        "0", "1", "2", "3", "7", "8", "-1", "2147483647", "2147483648", "4294967296",
        "4611686018427387904", "9223372036854775807", "9223372036854775808",
        "18446744073709551616", "99999999999999999999999", "1x7", "7x1", "0x3", "3x0",
        "1,1,1,1", "0,0,1,1", "65536", "46341", "3abc", "", "x", ","};
    static char buffer[32];
    if (next() % 2) {
        snprintf(buffer, sizeof buffer, "%" PRIu64, next() % (next() % 2 ? 16 : 300));
        return buffer;
    }
    return edges[below(sizeof edges / sizeof edges[0])];
}

static const char *word(void)
{
    static const char *const words[] = {
        "net",   "conv",   "maxpool", "avgpool", "head", "fc",     "split", "branch",
        "concat", "add",   "repeat",  "end",     "gap",  "gmp",    "flatten", "bn",
        "s",     "x",      "#",       "\t",      "out=", "k=",     "s=",    "p=",
        "g=",    "count=", "=",       "head gap", "\r",     "suite=", "suite=gap", "suite=a/b"};
    return words[below(sizeof words / sizeof words[0])];
}

/* A line of random tokens, mostly shaped like a real one. */
static void random_line(text *t)
{
    static const char *const starts[] = {"conv s L", "maxpool s L", "avgpool s L", "head gap",
                                         "head flatten", "head gmp", "fc h f", "split",
                                         "branch", "concat", "add", "repeat", "end", "net n"};
    append(t, starts[below(sizeof starts / sizeof starts[0])]);
    char suffix[24];
    snprintf(suffix, sizeof suffix, "%zu ", below(6)); /* layer names that sometimes repeat */
    append(t, suffix);
    const size_t tokens = below(9);
    for (size_t i = 0; i < tokens; i++) {
        if (next() % 3 == 0) {
            static const char *const keys[] = {"out=", "k=", "s=", "p=", "g=", "count=", "suite="};
            append(t, keys[below(7)]);
            append(t, number());
        } else if (next() % 5 == 0) {
            append(t, word());
        } else {
            append(t, number());
        }
        append(t, " ");
    }
    append(t, "\n");
}

static void random_text(text *t)
{
    t->size = 0;
    append(t, "net fuzz\n");
    const size_t lines = 1 + below(24);
    for (size_t i = 0; i < lines; i++)
        random_line(t);
}

/* One of: flip bytes, replace a number by an edge value, delete, duplicate
 * or swap lines, cut the text, insert random bytes (NUL, newlines, long
 * runs). */
static void mutate(text *t)
{
    const size_t steps = 1 + below(4);
    for (size_t step = 0; step < steps && t->size; step++) {
        const size_t at = below(t->size);
        switch (next() % 7) {
        case 0:
            t->bytes[at] = (char)next();
            break;
        case 1: { /* replace the digits at `at` by another number */
            size_t end = at;
            while (end < t->size && t->bytes[end] >= '0' && t->bytes[end] <= '9')
                end++;
            const char *n = number();
            const size_t len = strlen(n);
            if (t->size - (end - at) + len > MAX_INPUT)
                break;
            memmove(t->bytes + at + len, t->bytes + end, t->size - end);
            memcpy(t->bytes + at, n, len);
            t->size = t->size - (end - at) + len;
            break;
        }
        case 2: { /* delete the line holding `at` */
            size_t start = at, end = at;
            while (start > 0 && t->bytes[start - 1] != '\n')
                start--;
            while (end < t->size && t->bytes[end] != '\n')
                end++;
            end += end < t->size;
            memmove(t->bytes + start, t->bytes + end, t->size - end);
            t->size -= end - start;
            break;
        }
        case 3: { /* duplicate the line holding `at` */
            size_t start = at, end = at;
            while (start > 0 && t->bytes[start - 1] != '\n')
                start--;
            while (end < t->size && t->bytes[end] != '\n')
                end++;
            end += end < t->size;
            const size_t len = end - start;
            if (t->size + len > MAX_INPUT)
                break;
            memmove(t->bytes + end + len, t->bytes + end, t->size - end);
            memcpy(t->bytes + end, t->bytes + start, len);
            t->size += len;
            break;
        }
        case 4:
            t->size = at;
            break;
        case 5: { /* insert a run of one byte: NUL, newline, space, digit, letter */
            static const char fill[] = {'\0', '\n', ' ', '9', 'x', '#', '='};
            const size_t len = 1 + below(next() % 8 == 0 ? 700 : 4);
            if (t->size + len > MAX_INPUT)
                break;
            memmove(t->bytes + at + len, t->bytes + at, t->size - at);
            memset(t->bytes + at, fill[below(sizeof fill)], len);
            t->size += len;
            break;
        }
        default: { /* insert a random line at a line start */
            static text line;
            line.size = 0;
            random_line(&line);
            size_t start = at;
            while (start > 0 && t->bytes[start - 1] != '\n')
                start--;
            if (t->size + line.size > MAX_INPUT)
                break;
            memmove(t->bytes + start + line.size, t->bytes + start, t->size - start);
            memcpy(t->bytes + start, line.bytes, line.size);
            t->size += line.size;
            break;
        }
        }
    }
}

#endif

static const char *failure;

static bool check(bool ok, const char *what)
{
    if (!ok && !failure)
        failure = what;
    return ok;
}

/* The counts of a layer that read, recomputed in 128 bits from its fields. */
static void check_layer(const layer *l)
{
    check(l->c >= 1 && l->h >= 1 && l->w >= 1 && l->out >= 1 && l->count >= 1,
          "a layer with a size below 1 was accepted");
    check(l->kh >= 1 && l->kw >= 1 && l->sh >= 1 && l->sw >= 1 && l->groups >= 1,
          "a window field below 1 was accepted");
    if (l->kind == LAYER_FC) {
        check(l->params == (u128)l->out * ((u128)l->c + 1), "fc parameters differ from a recount");
        check(l->macs == (u128)l->out * l->c, "fc multiply-adds differ from a recount");
        check((u128)l->out * l->c <= NETWORK_MAX_ELEMS, "fc weights beyond the bound");
        return;
    }
    check(l->pad_top < l->kh && l->pad_bottom < l->kh && l->pad_left < l->kw &&
              l->pad_right < l->kw,
          "padding as wide as the kernel was accepted");
    check(l->c % l->groups == 0 && l->out % l->groups == 0, "groups that do not divide");
    const int64_t oh = layer_out_h(l), ow = layer_out_w(l);
    check(oh >= 1 && ow >= 1, "an empty output was accepted");
    const u128 taps = (u128)(l->c / l->groups) * l->kh * l->kw;
    check((u128)l->c * l->h * l->w <= NETWORK_MAX_ELEMS, "input beyond the bound");
    check((u128)l->out * oh * ow <= NETWORK_MAX_ELEMS, "output beyond the bound");
    check(taps * oh * ow <= NETWORK_MAX_ELEMS, "column matrix beyond the bound");
    check(taps * l->out <= NETWORK_MAX_ELEMS, "weights beyond the bound");
    if (l->kind != LAYER_CONV) {
        check(l->params == 0 && l->macs == 0, "a pool with parameters");
        return;
    }
    const u128 params = (taps * l->out + (l->batch_norm ? 2 : 1) * (u128)l->out) * l->count;
    const u128 macs = taps * l->out * oh * ow * l->count;
    check(params == l->params, "conv parameters differ from a recount");
    check(macs == l->macs, "conv multiply-adds differ from a recount");
}

static void check_network(const network *net)
{
    u128 params = 0, macs = 0;
    for (size_t i = 0; i < net->layer_count; i++) {
        check_layer(&net->layers[i]);
        params += net->layers[i].params;
        macs += net->layers[i].macs;
    }
    check(params == network_body_params(net) && macs == network_body_macs(net),
          "body totals differ from the sum of the layers");
    check(net->head_count >= 1, "a network without a head was accepted");
    for (size_t i = 0; i < net->head_count; i++) {
        const head *h = &net->heads[i];
        check(h->fc_count >= 1, "a head without an fc was accepted");
        u128 hp = 0, hm = 0;
        for (size_t j = 0; j < h->fc_count; j++) {
            check_layer(&h->fc[j]);
            check(h->fc[j].c == (j ? h->fc[j - 1].out : head_features(h)),
                  "fc widths that do not chain were accepted");
            hp += h->fc[j].params;
            hm += h->fc[j].macs;
        }
        check(hp == head_params(h) && hm == head_macs(h), "head totals differ from a recount");
        check(params + hp <= UINT64_MAX && macs + hm <= UINT64_MAX,
              "network totals with a head overflow 64 bits");
        check((u128)h->c * h->h * h->w <= NETWORK_MAX_ELEMS, "head map beyond the bound");
    }
}

/* The kernel suite's shapes of a network that read: each one the planner
 * takes, named "<network>.<layer>" inside its field; or a message naming
 * the source. */
static void check_shapes(const network *net)
{
    shape_list list = {0};
    char error[512];
    memset(error, 'X', sizeof error);
    if (!shapes_from_network(net, "fuzz.net", &list, error, sizeof error)) {
        check(memchr(error, '\0', sizeof error) != NULL, "shapes: error message not terminated");
        check(strncmp(error, "fuzz.net: ", 10) == 0, "shapes: error does not name the source");
    }
    const size_t net_len = strlen(net->name);
    check(list.count <= net->layer_count + 1, "more shapes than layers and a global head");
    for (size_t i = 0; i < list.count; i++) {
        const shape *s = &list.items[i];
        check(memchr(s->name, '\0', sizeof s->name) != NULL, "a shape name not terminated");
        check(strncmp(s->name, net->name, net_len) == 0 && s->name[net_len] == '.' &&
                  s->name[net_len + 1] && !strchr(s->name, '/'),
              "a shape name is not <network>.<layer>");
        const skb_op op = s->kind == SHAPE_CONV      ? SKB_OP_IM2COL
                          : s->kind == SHAPE_AVGPOOL ? SKB_OP_AVGPOOL
                          : s->kind == SHAPE_GLOBAL  ? SKB_OP_GLOBAL_AVGPOOL
                                                     : SKB_OP_MAXPOOL;
        const skb_tensor_desc t = {1, s->c, s->h, s->w, SKB_LAYOUT_NCHW};
        skb_geometry g;
        skb_error err;
        check(skb_plan(op, &t, &s->window, &g, &err) == SKB_OK,
              "a shape the planner refuses was accepted");
        for (size_t j = 0; j < i; j++)
            check(strcmp(s->name, list.items[j].name) != 0, "two shapes of one name");
    }
    shapes_free(&list);
}

/* Parses one input; returns false (and says why in `failure`) when a check
 * fails.  *accepted: whether it read as a network. */
static bool run_one(const text *t, bool *accepted)
{
    network net;
    char error[512];
    memset(error, 'X', sizeof error); /* the message must be terminated inside */
    failure = NULL;
    *accepted = network_parse(t->bytes, t->size, "fuzz.net", &net, error, sizeof error);
    if (*accepted) {
        check_network(&net);
        check_shapes(&net);
        network_free(&net);
    } else {
        check(memchr(error, '\0', sizeof error) != NULL, "error message not terminated");
        check(strncmp(error, "fuzz.net", 8) == 0 && strlen(error) > 10,
              "error message does not name the source and the problem");
    }
    return failure == NULL;
}

#ifdef SKB_LIBFUZZER

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static text input;
    input.size = size < MAX_INPUT ? size : MAX_INPUT;
    memcpy(input.bytes, data, input.size);
    bool accepted;
    if (!run_one(&input, &accepted)) {
        fprintf(stderr, "fuzz-network: %s\n", failure);
        abort();
    }
    return 0;
}

#else

static size_t load_seeds(const char *dir, text *seeds)
{
    DIR *d = opendir(dir);
    size_t count = 0;
    for (struct dirent *e = d ? readdir(d) : NULL; e && count < MAX_SEEDS; e = readdir(d)) {
        const size_t len = strlen(e->d_name);
        if (len <= 4 || strcmp(e->d_name + len - 4, ".net") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        seeds[count].size = fread(seeds[count].bytes, 1, MAX_INPUT, f);
        const bool whole = fgetc(f) == EOF;
        fclose(f);
        if (!whole) {
            fprintf(stderr, "fuzz-network: %s is larger than %d bytes\n", path, MAX_INPUT);
            exit(2);
        }
        count++;
    }
    if (d)
        closedir(d);
    return count;
}

int main(int argc, char **argv)
{
    uint64_t seed = 1, runs = 20000;
    double seconds = 0;
    const char *dir = SKB_NETWORKS_DIR;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        if (strncmp(argv[i], "--seed=", 7) == 0)
            seed = strtoull(argv[i] + 7, &end, 10);
        else if (strncmp(argv[i], "--runs=", 7) == 0)
            runs = strtoull(argv[i] + 7, &end, 10);
        else if (strncmp(argv[i], "--seconds=", 10) == 0)
            seconds = strtod(argv[i] + 10, &end);
        else if (strncmp(argv[i], "--networks=", 11) == 0)
            dir = argv[i] + 11, end = (char *)"";
        if (!end || *end) {
            fprintf(stderr, "usage: %s [--seed=N] [--runs=N] [--seconds=S] [--networks=DIR]\n",
                    argv[0]);
            return 2;
        }
    }
    static text seeds[MAX_SEEDS];
    const size_t seed_count = load_seeds(dir, seeds);
    if (seed_count == 0) {
        fprintf(stderr, "fuzz-network: no .net files in %s\n", dir);
        return 2;
    }
    /* Every real network must read and pass the checks as it is. */
    for (size_t i = 0; i < seed_count; i++) {
        bool accepted;
        if (!run_one(&seeds[i], &accepted) || !accepted) {
            fprintf(stderr, "fuzz-network: a file of %s does not read: %s\n", dir,
                    failure ? failure : "refused");
            return 1;
        }
    }
    rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
    const time_t start = time(NULL);
    static text input;
    uint64_t done = 0, accepted_count = 0;
    for (; done < runs; done++) {
        if (seconds > 0 && done % 256 == 0 && difftime(time(NULL), start) >= seconds)
            break;
        if (next() % 4 == 0) {
            random_text(&input);
        } else {
            input = seeds[below(seed_count)];
            mutate(&input);
        }
        bool accepted;
        if (!run_one(&input, &accepted)) {
            fprintf(stderr, "fuzz-network: seed %" PRIu64 ", input %" PRIu64 ": %s\n", seed, done,
                    failure);
            FILE *f = fopen("fuzz-network-failure.net", "wb");
            if (f) {
                fwrite(input.bytes, 1, input.size, f);
                fclose(f);
            }
            return 1;
        }
        accepted_count += accepted;
    }
    printf("fuzz-network: seed %" PRIu64 ": %" PRIu64 " inputs, %" PRIu64
           " read as networks, the rest refused with a message; no check failed\n",
           seed, done, accepted_count);
    return 0;
}

#endif
