/* Parser and counts of the .net files. */
#define _POSIX_C_SOURCE 200809L
#include "network.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *head_kind_name(head_kind kind)
{
    return kind == HEAD_FLATTEN ? "flatten" : kind == HEAD_GAP ? "gap" : "gmp";
}

int64_t layer_out_h(const layer *l)
{
    return l->kind == LAYER_FC ? 1 : (l->h + 2 * l->pad - l->k) / l->s + 1;
}

int64_t layer_out_w(const layer *l)
{
    return l->kind == LAYER_FC ? 1 : (l->w + 2 * l->pad - l->k) / l->s + 1;
}

uint64_t layer_params(const layer *l)
{
    switch (l->kind) {
    case LAYER_CONV:
        return (uint64_t)l->count * (uint64_t)l->out * ((uint64_t)l->c * l->k * l->k + 1);
    case LAYER_FC:
        return (uint64_t)l->count * (uint64_t)l->out * ((uint64_t)l->c + 1);
    default:
        return 0;
    }
}

uint64_t layer_macs(const layer *l)
{
    switch (l->kind) {
    case LAYER_CONV:
        return (uint64_t)l->count * (uint64_t)l->out * (uint64_t)layer_out_h(l) *
               (uint64_t)layer_out_w(l) * (uint64_t)l->c * (uint64_t)(l->k * l->k);
    case LAYER_FC:
        return (uint64_t)l->count * (uint64_t)l->out * (uint64_t)l->c;
    default:
        return 0;
    }
}

uint64_t head_params(const head *h)
{
    uint64_t p = 0;
    for (size_t i = 0; i < h->fc_count; i++)
        p += layer_params(&h->fc[i]);
    return p;
}

uint64_t head_macs(const head *h)
{
    uint64_t m = 0;
    for (size_t i = 0; i < h->fc_count; i++)
        m += layer_macs(&h->fc[i]);
    return m;
}

uint64_t network_body_params(const network *net)
{
    uint64_t p = 0;
    for (size_t i = 0; i < net->layer_count; i++)
        p += layer_params(&net->layers[i]);
    return p;
}

uint64_t network_body_macs(const network *net)
{
    uint64_t m = 0;
    for (size_t i = 0; i < net->layer_count; i++)
        m += layer_macs(&net->layers[i]);
    return m;
}

static bool parse_int(const char *text, int64_t *v)
{
    char *end;
    errno = 0;
    const long long x = strtoll(text, &end, 10);
    if (errno || end == text || *end || x < 0)
        return false;
    *v = x;
    return true;
}

/* key=value options of conv and pool lines. */
static const char *parse_options(char **save, layer *l)
{
    for (char *opt = strtok_r(NULL, " \t", save); opt; opt = strtok_r(NULL, " \t", save)) {
        int64_t *field = NULL;
        if (strncmp(opt, "out=", 4) == 0)
            field = &l->out;
        else if (strncmp(opt, "k=", 2) == 0)
            field = &l->k;
        else if (strncmp(opt, "s=", 2) == 0)
            field = &l->s;
        else if (strncmp(opt, "p=", 2) == 0)
            field = &l->pad;
        else if (strncmp(opt, "count=", 6) == 0)
            field = &l->count;
        else
            return "unknown option (out=, k=, s=, p=, count=)";
        if (!parse_int(strchr(opt, '=') + 1, field))
            return "option values must be whole numbers";
    }
    return NULL;
}

static const char *parse_line(char *line, network *net)
{
    char *save = NULL;
    const char *what = strtok_r(line, " \t", &save);
    if (strcmp(what, "net") == 0) {
        const char *name = strtok_r(NULL, " \t", &save);
        if (!name || strlen(name) >= sizeof net->name)
            return "net needs a name of at most 31 characters";
        snprintf(net->name, sizeof net->name, "%s", name);
        return NULL;
    }
    if (strcmp(what, "head") == 0) {
        if (net->head_count == NETWORK_MAX_HEADS)
            return "too many heads";
        head *h = &net->heads[net->head_count];
        memset(h, 0, sizeof *h);
        const char *kind = strtok_r(NULL, " \t", &save);
        const char *c = strtok_r(NULL, " \t", &save), *hh = strtok_r(NULL, " \t", &save);
        const char *w = strtok_r(NULL, " \t", &save);
        if (!w)
            return "expected: head flatten|gap|gmp c h w";
        if (strcmp(kind, "flatten") == 0)
            h->kind = HEAD_FLATTEN;
        else if (strcmp(kind, "gap") == 0)
            h->kind = HEAD_GAP;
        else if (strcmp(kind, "gmp") == 0)
            h->kind = HEAD_GMP;
        else
            return "head kind must be flatten, gap or gmp";
        if (!parse_int(c, &h->c) || !parse_int(hh, &h->h) || !parse_int(w, &h->w))
            return "head c h w must be whole numbers";
        net->head_count++;
        return NULL;
    }
    layer l = {.count = 1, .s = 1, .k = 1};
    const char *stage = strtok_r(NULL, " \t", &save), *name = strtok_r(NULL, " \t", &save);
    if (!name || strlen(stage) >= sizeof l.stage || strlen(name) >= sizeof l.name)
        return "expected: conv|maxpool|avgpool|fc stage name ... (names below 32 characters)";
    snprintf(l.stage, sizeof l.stage, "%s", stage);
    snprintf(l.name, sizeof l.name, "%s", name);
    if (strcmp(what, "fc") == 0) {
        l.kind = LAYER_FC;
        const char *in = strtok_r(NULL, " \t", &save), *out = strtok_r(NULL, " \t", &save);
        if (!out || !parse_int(in, &l.c) || !parse_int(out, &l.out) || l.c < 1 || l.out < 1)
            return "expected: fc stage name inputs outputs";
        l.h = l.w = 1;
        if (net->head_count == 0)
            return "fc before any head line";
        head *h = &net->heads[net->head_count - 1];
        if (h->fc_count == NETWORK_MAX_FC)
            return "too many fc layers in one head";
        h->fc[h->fc_count++] = l;
        return NULL;
    }
    if (strcmp(what, "conv") == 0)
        l.kind = LAYER_CONV;
    else if (strcmp(what, "maxpool") == 0)
        l.kind = LAYER_MAXPOOL;
    else if (strcmp(what, "avgpool") == 0)
        l.kind = LAYER_AVGPOOL;
    else
        return "line must start with net, conv, maxpool, avgpool, head or fc";
    const char *c = strtok_r(NULL, " \t", &save), *h = strtok_r(NULL, " \t", &save);
    const char *w = strtok_r(NULL, " \t", &save);
    if (!w || !parse_int(c, &l.c) || !parse_int(h, &l.h) || !parse_int(w, &l.w))
        return "expected c h w after the name";
    const char *problem = parse_options(&save, &l);
    if (problem)
        return problem;
    if (l.kind != LAYER_CONV)
        l.out = l.c;
    if (l.c < 1 || l.h < 1 || l.w < 1 || l.out < 1 || l.k < 1 || l.s < 1 || l.count < 1 ||
        l.h + 2 * l.pad < l.k || l.w + 2 * l.pad < l.k)
        return "sizes must be positive and the window must fit the padded input";
    layer *grown = realloc(net->layers, (net->layer_count + 1) * sizeof *grown);
    if (!grown)
        return "out of memory";
    net->layers = grown;
    net->layers[net->layer_count++] = l;
    return NULL;
}

bool network_read(const char *path, network *net, char *error, size_t error_size)
{
    memset(net, 0, sizeof *net);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(error, error_size, "%s: %s", path, strerror(errno));
        return false;
    }
    char line[512];
    size_t number = 0;
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        number++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        line[strcspn(line, "\r\n")] = '\0';
        if (strspn(line, " \t") == strlen(line))
            continue;
        const char *problem = parse_line(line, net);
        if (problem) {
            snprintf(error, error_size, "%s:%zu: %s", path, number, problem);
            ok = false;
        }
    }
    fclose(f);
    if (ok && (!net->name[0] || net->head_count == 0)) {
        snprintf(error, error_size, "%s: needs a net line and at least one head", path);
        ok = false;
    }
    for (size_t i = 0; ok && i < net->head_count; i++)
        if (net->heads[i].fc_count == 0) {
            snprintf(error, error_size, "%s: head %zu (%s) has no fc line after it", path, i + 1,
                     head_kind_name(net->heads[i].kind));
            ok = false;
        }
    if (!ok)
        network_free(net);
    return ok;
}

void network_free(network *net)
{
    free(net->layers);
    net->layers = NULL;
    net->layer_count = 0;
}
