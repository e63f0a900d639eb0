/* Parser of the .shapes files. */
#define _POSIX_C_SOURCE 200809L
#include "shapes.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The integer spelled by exactly the characters [begin, end). */
static bool parse_int_span(const char *begin, const char *end, int64_t *value)
{
    if (begin == end)
        return false;
    char *stop;
    errno = 0;
    const long long v = strtoll(begin, &stop, 10);
    if (errno || stop != end)
        return false;
    *value = v;
    return true;
}

static bool parse_int(const char *text, int64_t *value)
{
    return parse_int_span(text, text + strlen(text), value);
}

/* "A" or "AxB". */
static bool parse_pair(const char *text, int64_t *a, int64_t *b)
{
    const char *x = strchr(text, 'x');
    if (!x) {
        if (!parse_int(text, a))
            return false;
        *b = *a;
        return true;
    }
    return parse_int_span(text, x, a) && parse_int(x + 1, b);
}

/* "P" or "top,left,bottom,right". */
static bool parse_padding(const char *text, skb_window *w)
{
    int64_t p[4];
    int count = 0;
    for (const char *part = text;; part++) {
        const char *comma = part + strcspn(part, ",");
        if (count == 4 || !parse_int_span(part, comma, &p[count]))
            return false;
        count++;
        part = comma;
        if (!*part)
            break;
    }
    if (count == 1)
        p[1] = p[2] = p[3] = p[0];
    else if (count != 4)
        return false;
    w->pad_top = p[0];
    w->pad_left = p[1];
    w->pad_bottom = p[2];
    w->pad_right = p[3];
    return true;
}

static bool parse_kind(const char *text, shape_kind *kind)
{
    static const struct {
        const char *name;
        shape_kind kind;
    } kinds[] = {{"conv", SHAPE_CONV},
                 {"maxpool", SHAPE_MAXPOOL},
                 {"avgpool", SHAPE_AVGPOOL},
                 {"global", SHAPE_GLOBAL}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(text, kinds[i].name) == 0) {
            *kind = kinds[i].kind;
            return true;
        }
    return false;
}

/* Parses one non-empty, non-comment line; returns NULL or what is wrong,
 * with *bad pointing at the offending word (or NULL). */
static const char *parse_line(char *line, shape *s, const char **bad)
{
    char *save = NULL;
    char *name = strtok_r(line, " \t", &save);
    char *kind = strtok_r(NULL, " \t", &save);
    char *c = strtok_r(NULL, " \t", &save);
    char *h = strtok_r(NULL, " \t", &save);
    char *w = strtok_r(NULL, " \t", &save);
    *bad = NULL;
    if (!w)
        return "expected: name kind c h w [options]";
    *bad = name;
    if (strlen(name) >= sizeof s->name)
        return "name longer than 63 characters";
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    *bad = kind;
    if (!parse_kind(kind, &s->kind))
        return "kind must be conv, maxpool, avgpool or global";
    *bad = !parse_int(c, &s->c) ? c : !parse_int(h, &s->h) ? h : !parse_int(w, &s->w) ? w : NULL;
    if (*bad)
        return "c, h and w must be integers";
    s->window = (skb_window){.kernel_h = 1, .kernel_w = 1, .stride_h = 1, .stride_w = 1,
                             .dilation_h = 1, .dilation_w = 1};
    for (char *opt = strtok_r(NULL, " \t", &save); opt; opt = strtok_r(NULL, " \t", &save)) {
        skb_window *win = &s->window;
        *bad = opt;
        if (strncmp(opt, "k=", 2) == 0) {
            if (!parse_pair(opt + 2, &win->kernel_h, &win->kernel_w))
                return "bad k= (want k=K or k=KHxKW)";
        } else if (strncmp(opt, "s=", 2) == 0) {
            if (!parse_pair(opt + 2, &win->stride_h, &win->stride_w))
                return "bad s= (want s=S or s=SHxSW)";
        } else if (strncmp(opt, "d=", 2) == 0) {
            if (!parse_pair(opt + 2, &win->dilation_h, &win->dilation_w))
                return "bad d= (want d=D or d=DHxDW)";
        } else if (strncmp(opt, "p=", 2) == 0) {
            if (!parse_padding(opt + 2, win))
                return "bad p= (want p=P or p=top,left,bottom,right)";
        } else if (strcmp(opt, "ceil") == 0) {
            win->ceil_mode = true;
        } else if (strcmp(opt, "include_pad") == 0) {
            win->count_include_pad = true;
        } else {
            return "unknown option (k=, s=, d=, p=, ceil, include_pad)";
        }
    }
    *bad = NULL;
    return NULL;
}

/* Benchmark names are op/layout/variant/net.layer: a layer's name must be
 * "<file's network>.<layer>", unique, without '/'. */
static const char *check_name(const char *name, const char *path, const shape_list *list)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const size_t net_len = strcspn(base, ".");
    if (strncmp(name, base, net_len) != 0 || name[net_len] != '.' || !name[net_len + 1])
        return "name must be <network>.<layer>, the network being the file's name";
    if (strchr(name, '/'))
        return "name must not contain '/' (it is part of benchmark names)";
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i].name, name) == 0)
            return "name already used by another layer";
    return NULL;
}

bool shapes_read_stream(FILE *f, const char *path, shape_list *list, char *error,
                        size_t error_size)
{
    char *line = NULL;
    size_t capacity = 0, line_number = 0;
    const size_t count_before = list->count;
    bool ok = true;
    ssize_t length;
    while (ok && (length = getline(&line, &capacity, f)) >= 0) {
        line_number++;
        /* A NUL would hide the rest of the line from the parser. */
        if (memchr(line, '\0', (size_t)length)) {
            snprintf(error, error_size, "%s:%zu: the line holds a NUL byte", path, line_number);
            ok = false;
            break;
        }
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        line[strcspn(line, "\r\n")] = '\0';
        if (strspn(line, " \t") == strlen(line))
            continue;
        shape s;
        const char *bad = NULL;
        const char *problem = parse_line(line, &s, &bad);
        if (!problem) {
            problem = check_name(s.name, path, list);
            bad = problem ? s.name : NULL;
        }
        if (!problem) {
            const skb_op op = s.kind == SHAPE_CONV      ? SKB_OP_IM2COL
                              : s.kind == SHAPE_AVGPOOL ? SKB_OP_AVGPOOL
                              : s.kind == SHAPE_GLOBAL  ? SKB_OP_GLOBAL_AVGPOOL
                                                        : SKB_OP_MAXPOOL;
            const skb_tensor_desc t = {1, s.c, s.h, s.w, SKB_LAYOUT_NCHW};
            skb_geometry g;
            skb_error err;
            if (skb_plan(op, &t, &s.window, &g, &err) != SKB_OK) {
                snprintf(error, error_size, "%s:%zu: %s: %s", path, line_number, s.name,
                         err.message);
                ok = false;
                break;
            }
            shape *grown = realloc(list->items, (list->count + 1) * sizeof *grown);
            if (!grown) {
                problem = "out of memory";
            } else {
                list->items = grown;
                list->items[list->count++] = s;
            }
        }
        if (problem && bad) {
            snprintf(error, error_size, "%s:%zu: '%s': %s", path, line_number, bad, problem);
            ok = false;
        } else if (problem) {
            snprintf(error, error_size, "%s:%zu: %s", path, line_number, problem);
            ok = false;
        }
    }
    free(line);
    if (ok && ferror(f)) {
        snprintf(error, error_size, "%s: read error", path);
        ok = false;
    }
    /* Without this, a run over no shapes would blame the benchmark filter. */
    if (ok && list->count == count_before) {
        snprintf(error, error_size, "%s: holds no shapes (only blank lines and comments)", path);
        ok = false;
    }
    return ok;
}

bool shapes_read_file(const char *path, shape_list *list, char *error, size_t error_size)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(error, error_size, "%s: %s", path, strerror(errno));
        return false;
    }
    const bool ok = shapes_read_stream(f, path, list, error, error_size);
    fclose(f);
    return ok;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool shapes_read_dir(const char *dir, shape_list *list, char *error, size_t error_size)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(error, error_size, "%s: %s", dir, strerror(errno));
        return false;
    }
    char *names[64] = {0};
    size_t count = 0;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        const size_t len = strlen(e->d_name);
        if (len <= 7 || strcmp(e->d_name + len - 7, ".shapes") != 0)
            continue;
        if (count == 64) {
            snprintf(error, error_size, "%s: more than 64 .shapes files", dir);
            closedir(d);
            for (size_t i = 0; i < count; i++)
                free(names[i]);
            return false;
        }
        names[count++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, count, sizeof names[0], compare_names);
    bool ok = count > 0;
    if (!ok)
        snprintf(error, error_size, "%s: no .shapes files", dir);
    for (size_t i = 0; i < count; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (ok)
            ok = shapes_read_file(path, list, error, error_size);
        free(names[i]);
    }
    return ok;
}

void shapes_free(shape_list *list)
{
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

/* Conv shapes are benchmarked as im2col and col2im, global ones as both
 * global pools. */
bool shape_runs_op(shape_kind kind, skb_op op)
{
    switch (kind) {
    case SHAPE_CONV:
        return op == SKB_OP_IM2COL || op == SKB_OP_COL2IM;
    case SHAPE_MAXPOOL:
        return op == SKB_OP_MAXPOOL;
    case SHAPE_AVGPOOL:
        return op == SKB_OP_AVGPOOL;
    case SHAPE_GLOBAL:
        return op == SKB_OP_GLOBAL_AVGPOOL || op == SKB_OP_GLOBAL_MAXPOOL;
    }
    return false;
}
