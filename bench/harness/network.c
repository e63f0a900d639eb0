/* Parser and counts of the .net files (format at the top of
 * bench/networks/vgg16.net).  The parser follows the feature map from line
 * to line, so a description with a missing or misplaced layer is an error,
 * and it computes every count with overflow checks, so a file cannot make
 * a later size computation wrap. */
#define _POSIX_C_SOURCE 200809L
#include "network.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE_BYTES (1 << 20)
#define MAX_LINE 512
#define MAX_DEPTH 8    /* nested split and repeat blocks */
#define MAX_BRANCHES 8 /* branches of one split */

const char *head_kind_name(head_kind kind)
{
    return kind == HEAD_FLATTEN ? "flatten" : kind == HEAD_GAP ? "gap" : "gmp";
}

int64_t layer_out_h(const layer *l)
{
    return l->kind == LAYER_FC ? 1 : (l->h + l->pad_top + l->pad_bottom - l->kh) / l->sh + 1;
}

int64_t layer_out_w(const layer *l)
{
    return l->kind == LAYER_FC ? 1 : (l->w + l->pad_left + l->pad_right - l->kw) / l->sw + 1;
}

bool layer_is_pointwise(const layer *l)
{
    return l->kh == 1 && l->kw == 1 && l->sh == 1 && l->sw == 1 && l->pad_top == 0 &&
           l->pad_left == 0 && l->pad_bottom == 0 && l->pad_right == 0;
}

uint64_t layer_params(const layer *l) { return l->params; }
uint64_t layer_macs(const layer *l) { return l->macs; }

uint64_t head_params(const head *h)
{
    uint64_t p = 0;
    for (size_t i = 0; i < h->fc_count; i++)
        p += h->fc[i].params; /* checked when the head was read */
    return p;
}

uint64_t head_macs(const head *h)
{
    uint64_t m = 0;
    for (size_t i = 0; i < h->fc_count; i++)
        m += h->fc[i].macs;
    return m;
}

uint64_t network_body_params(const network *net) { return net->body_params; }
uint64_t network_body_macs(const network *net) { return net->body_macs; }

int64_t head_features(const head *h)
{
    return h->kind == HEAD_FLATTEN ? h->c * h->h * h->w : h->c;
}

/* Checked arithmetic: false when the result does not fit. */
static bool mul(uint64_t a, uint64_t b, uint64_t *r) { return !__builtin_mul_overflow(a, b, r); }
static bool add(uint64_t a, uint64_t b, uint64_t *r) { return !__builtin_add_overflow(a, b, r); }

static bool mul3(uint64_t a, uint64_t b, uint64_t c, uint64_t *r)
{
    return mul(a, b, r) && mul(*r, c, r);
}

typedef struct shape {
    int64_t c, h, w;
} shape;

static bool same_shape(shape a, shape b) { return a.c == b.c && a.h == b.h && a.w == b.w; }

typedef enum frame_kind { FRAME_SPLIT, FRAME_REPEAT } frame_kind;

/* An open split (branches that all read `input`) or repeat block. */
typedef struct frame {
    frame_kind kind;
    size_t line;
    shape input;
    uint64_t multiplier; /* copies of each layer inside: product of the open repeats */
    shape outputs[MAX_BRANCHES];
    size_t branches;
} frame;

typedef struct parser {
    network *net;
    bool have_map, in_heads;
    shape map; /* the output of the layer read last: the next one's input */
    frame stack[MAX_DEPTH];
    size_t depth;
    char message[256];
} parser;

static const char *say(parser *p, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(p->message, sizeof p->message, format, args);
    va_end(args);
    return p->message;
}

static uint64_t multiplier(const parser *p)
{
    return p->depth ? p->stack[p->depth - 1].multiplier : 1;
}

/* A whole number 0..NETWORK_MAX_VALUE, nothing after it. */
static bool parse_int(const char *text, int64_t *v)
{
    if (!text || *text < '0' || *text > '9')
        return false;
    char *end;
    errno = 0;
    const long long x = strtoll(text, &end, 10);
    if (errno || *end || x > NETWORK_MAX_VALUE)
        return false;
    *v = x;
    return true;
}

/* "N" for both axes or "AxB" for height x width. */
static bool parse_pair(const char *text, int64_t *a, int64_t *b)
{
    char copy[64];
    if (strlen(text) >= sizeof copy)
        return false;
    strcpy(copy, text);
    char *x = strchr(copy, 'x');
    if (!x)
        return parse_int(copy, a) && (*b = *a, true);
    *x = '\0';
    return parse_int(copy, a) && parse_int(x + 1, b);
}

/* "P" all sides, "PHxPW" per axis, or "T,L,B,R". */
static bool parse_padding(const char *text, layer *l)
{
    if (!strchr(text, ',')) {
        if (!parse_pair(text, &l->pad_top, &l->pad_left))
            return false;
        l->pad_bottom = l->pad_top;
        l->pad_right = l->pad_left;
        return true;
    }
    char copy[96];
    if (strlen(text) >= sizeof copy)
        return false;
    strcpy(copy, text);
    int64_t *sides[4] = {&l->pad_top, &l->pad_left, &l->pad_bottom, &l->pad_right};
    char *save = NULL, *part = strtok_r(copy, ",", &save);
    for (int i = 0; i < 4; i++, part = strtok_r(NULL, ",", &save))
        if (!parse_int(part, sides[i]))
            return false;
    return part == NULL;
}

/* "suite=NAME": the name of a shape in the kernel suite. */
static const char *parse_suite_name(parser *p, const char *opt, char name[NETWORK_SUITE_NAME])
{
    const char *value = opt + 6;
    if (!*value || strlen(value) >= NETWORK_SUITE_NAME ||
        strspn(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
            strlen(value))
        return say(p, "'%.40s': suite= takes a name of letters, digits and _, below %d characters",
                   opt, NETWORK_SUITE_NAME);
    snprintf(name, NETWORK_SUITE_NAME, "%s", value);
    return NULL;
}

/* key=value options of conv and pool lines. */
static const char *parse_options(parser *p, char **save, layer *l)
{
    bool seen_out = false;
    for (char *opt = strtok_r(NULL, " \t", save); opt; opt = strtok_r(NULL, " \t", save)) {
        const char *value = strchr(opt, '=');
        bool ok;
        if (strncmp(opt, "suite=", 6) == 0) {
            const char *problem = parse_suite_name(p, opt, l->suite_name);
            if (problem)
                return problem;
            continue;
        }
        if (strcmp(opt, "bn") == 0) {
            if (l->kind != LAYER_CONV)
                return "bn: only a conv has batch norm";
            l->batch_norm = true;
            continue;
        }
        if (!value)
            return say(p, "'%.40s': expected key=value (out=, k=, s=, p=, g=, count=, suite=) or bn",
                       opt);
        value++;
        if (strncmp(opt, "out=", 4) == 0) {
            if (l->kind != LAYER_CONV)
                return "out=: a pool keeps its channels";
            ok = parse_int(value, &l->out);
            seen_out = true;
        } else if (strncmp(opt, "k=", 2) == 0) {
            ok = parse_pair(value, &l->kh, &l->kw);
        } else if (strncmp(opt, "s=", 2) == 0) {
            ok = parse_pair(value, &l->sh, &l->sw);
        } else if (strncmp(opt, "p=", 2) == 0) {
            ok = parse_padding(value, l);
        } else if (strncmp(opt, "g=", 2) == 0) {
            if (l->kind != LAYER_CONV)
                return "g=: only a conv has groups";
            ok = parse_int(value, &l->groups);
        } else if (strncmp(opt, "count=", 6) == 0) {
            ok = parse_int(value, &l->count);
        } else {
            return say(p, "'%.40s': unknown option (out=, k=, s=, p=, g=, count=, suite=, bn)",
                       opt);
        }
        if (!ok)
            return say(p, "'%.40s': values are whole numbers up to %" PRId64
                          " (k= and s= N or HxW, p= P, PHxPW or T,L,B,R)",
                       opt, NETWORK_MAX_VALUE);
    }
    if (l->kind == LAYER_CONV && !seen_out)
        return "a conv needs out=";
    return NULL;
}

/* Sizes, window and counts of a conv or pool whose fields are read; sets
 * l->params and l->macs for `copies` copies. */
static const char *check_layer(parser *p, layer *l, uint64_t copies)
{
    if (l->c < 1 || l->h < 1 || l->w < 1)
        return "c h w must be at least 1";
    if (l->out < 1 || l->kh < 1 || l->kw < 1 || l->sh < 1 || l->sw < 1 || l->count < 1 ||
        l->groups < 1)
        return "out=, k=, s=, g= and count= must be at least 1";
    if (l->c % l->groups || l->out % l->groups)
        return say(p, "g=%" PRId64 ": must divide the input channels (%" PRId64
                      ") and out= (%" PRId64 ")",
                   l->groups, l->c, l->out);
    /* Padding at most k - 1 on a side: every window then holds a real
     * element, as the pooling kernels require. */
    if (l->pad_top >= l->kh || l->pad_bottom >= l->kh || l->pad_left >= l->kw ||
        l->pad_right >= l->kw)
        return "p=: padding must be smaller than the kernel on its axis";
    if (l->h + l->pad_top + l->pad_bottom < l->kh || l->w + l->pad_left + l->pad_right < l->kw)
        return "k=: the window does not fit the padded input";
    const uint64_t oh = (uint64_t)layer_out_h(l), ow = (uint64_t)layer_out_w(l);
    const uint64_t group_in = (uint64_t)(l->c / l->groups);
    uint64_t in, out, taps, weights, columns, params, macs, bias;
    if (!mul3((uint64_t)l->c, (uint64_t)l->h, (uint64_t)l->w, &in) ||
        !mul3((uint64_t)l->out, oh, ow, &out) ||
        !mul3(group_in, (uint64_t)l->kh, (uint64_t)l->kw, &taps) ||
        !mul(taps, (uint64_t)l->out, &weights) || !mul3(taps, oh, ow, &columns) ||
        in > NETWORK_MAX_ELEMS || out > NETWORK_MAX_ELEMS || weights > NETWORK_MAX_ELEMS ||
        columns > NETWORK_MAX_ELEMS)
        return say(p, "a tensor, weight or column matrix of this layer has more than %" PRId64
                      " elements",
                   NETWORK_MAX_ELEMS);
    if (!mul((uint64_t)l->count, copies, &copies))
        return "count=: the number of copies overflows";
    if (l->count > 1 && !(l->out == l->c && (int64_t)oh == l->h && (int64_t)ow == l->w))
        return "count=: only a layer whose output has its input's shape can repeat";
    if (copies > NETWORK_MAX_VALUE)
        return say(p, "count=: more than %" PRId64 " copies", NETWORK_MAX_VALUE);
    l->count = (int64_t)copies;
    if (l->kind != LAYER_CONV) {
        l->params = l->macs = 0;
        return NULL;
    }
    bias = l->batch_norm ? 2 * (uint64_t)l->out : (uint64_t)l->out;
    if (!add(weights, bias, &params) || !mul(params, copies, &l->params) ||
        !mul(columns, (uint64_t)l->out, &macs) || !mul(macs, copies, &l->macs))
        return "the layer's parameter or multiply-add count overflows 64 bits";
    if (!add(p->net->body_params, l->params, &p->net->body_params) ||
        !add(p->net->body_macs, l->macs, &p->net->body_macs))
        return "the network's parameter or multiply-add count overflows 64 bits";
    return NULL;
}

static const char *add_layer(parser *p, const layer *l)
{
    network *net = p->net;
    for (size_t i = 0; i < net->layer_count; i++)
        if (strcmp(net->layers[i].stage, l->stage) == 0 &&
            strcmp(net->layers[i].name, l->name) == 0)
            return say(p, "%s %s: a layer of that stage and name came before", l->stage, l->name);
    if (net->layer_count == NETWORK_MAX_LAYERS)
        return say(p, "more than %d layers", NETWORK_MAX_LAYERS);
    layer *grown = realloc(net->layers, (net->layer_count + 1) * sizeof *grown);
    if (!grown)
        return "out of memory";
    net->layers = grown;
    net->layers[net->layer_count++] = *l;
    return NULL;
}

static const char *parse_head(parser *p, char **save)
{
    network *net = p->net;
    if (p->depth)
        return say(p, "head inside the %s block of line %zu",
                   p->stack[p->depth - 1].kind == FRAME_SPLIT ? "split" : "repeat",
                   p->stack[p->depth - 1].line);
    if (!p->have_map)
        return "head before any layer: a network needs a body";
    if (net->head_count == NETWORK_MAX_HEADS)
        return "too many heads";
    head h = {0};
    const char *kind = strtok_r(NULL, " \t", save);
    const char *c = strtok_r(NULL, " \t", save), *hh = strtok_r(NULL, " \t", save);
    const char *w = strtok_r(NULL, " \t", save), *suite = strtok_r(NULL, " \t", save);
    if (!w || (suite && (strncmp(suite, "suite=", 6) != 0 || strtok_r(NULL, " \t", save))))
        return "expected: head flatten|gap|gmp c h w [suite=NAME]";
    if (strcmp(kind, "flatten") == 0)
        h.kind = HEAD_FLATTEN;
    else if (strcmp(kind, "gap") == 0)
        h.kind = HEAD_GAP;
    else if (strcmp(kind, "gmp") == 0)
        h.kind = HEAD_GMP;
    else
        return "head kind must be flatten, gap or gmp";
    if (!parse_int(c, &h.c) || !parse_int(hh, &h.h) || !parse_int(w, &h.w))
        return say(p, "head c h w must be whole numbers up to %" PRId64, NETWORK_MAX_VALUE);
    const shape read = {h.c, h.h, h.w};
    if (!same_shape(read, p->map))
        return say(p, "head reads %" PRId64 "x%" PRId64 "x%" PRId64
                      " but the body ends with %" PRId64 "x%" PRId64 "x%" PRId64,
                   h.c, h.h, h.w, p->map.c, p->map.h, p->map.w);
    if (suite && h.kind == HEAD_FLATTEN)
        return "suite=: a Flatten head is not in the kernel suite";
    if (suite) {
        const char *problem = parse_suite_name(p, suite, h.suite_name);
        if (problem)
            return problem;
    }
    p->in_heads = true;
    net->heads[net->head_count++] = h;
    return NULL;
}

static const char *parse_fc(parser *p, layer *l, char **save)
{
    network *net = p->net;
    l->kind = LAYER_FC;
    const char *in = strtok_r(NULL, " \t", save), *out = strtok_r(NULL, " \t", save);
    if (!out || strtok_r(NULL, " \t", save) || !parse_int(in, &l->c) ||
        !parse_int(out, &l->out) || l->c < 1 || l->out < 1)
        return say(p, "expected: fc stage name inputs outputs (1 to %" PRId64 ")",
                   NETWORK_MAX_VALUE);
    l->h = l->w = 1;
    if (net->head_count == 0)
        return "fc before any head line";
    head *h = &net->heads[net->head_count - 1];
    if (h->fc_count == NETWORK_MAX_FC)
        return "too many fc layers in one head";
    const int64_t expected = h->fc_count ? h->fc[h->fc_count - 1].out : head_features(h);
    if (l->c != expected)
        return say(p, "fc takes %" PRId64 " inputs but %s gives %" PRId64, l->c,
                   h->fc_count ? "the fc before it" : "the head's features", expected);
    uint64_t weights, params, total;
    if (!mul((uint64_t)l->c, (uint64_t)l->out, &weights) || weights > NETWORK_MAX_ELEMS)
        return say(p, "fc weights of more than %" PRId64 " elements", NETWORK_MAX_ELEMS);
    params = weights + (uint64_t)l->out;
    if (!add(head_params(h), params, &total) || !add(total, net->body_params, &total) ||
        !add(head_macs(h), weights, &total) || !add(total, net->body_macs, &total))
        return "the network's parameter or multiply-add count with this head overflows 64 bits";
    l->params = params;
    l->macs = weights;
    l->count = l->groups = l->kh = l->kw = l->sh = l->sw = 1;
    h->fc[h->fc_count++] = *l;
    return NULL;
}

static const char *parse_block_line(parser *p, const char *what, char **save, size_t line)
{
    frame *top = p->depth ? &p->stack[p->depth - 1] : NULL;
    if (strcmp(what, "split") == 0 || strcmp(what, "repeat") == 0) {
        if (p->in_heads)
            return "body lines come before the heads";
        if (!p->have_map)
            return say(p, "%s before any layer: nothing to read", what);
        if (p->depth == MAX_DEPTH)
            return say(p, "blocks nested more than %d deep", MAX_DEPTH);
        if (top && top->kind == FRAME_SPLIT && top->branches == 0)
            return "a split must be followed by branch";
        frame f = {.kind = FRAME_SPLIT, .line = line, .input = p->map,
                   .multiplier = multiplier(p)};
        if (what[0] == 'r') {
            int64_t times;
            if (!parse_int(strtok_r(NULL, " \t", save), &times) || times < 1 ||
                strtok_r(NULL, " \t", save))
                return "expected: repeat N (N >= 1)";
            f.kind = FRAME_REPEAT;
            if (!mul(f.multiplier, (uint64_t)times, &f.multiplier) ||
                f.multiplier > NETWORK_MAX_VALUE)
                return say(p, "repeat: more than %" PRId64 " copies", NETWORK_MAX_VALUE);
        } else if (strtok_r(NULL, " \t", save)) {
            return "split takes nothing after it";
        }
        p->stack[p->depth++] = f;
        return NULL;
    }
    if (strtok_r(NULL, " \t", save))
        return say(p, "%s takes nothing after it", what);
    if (strcmp(what, "end") == 0) {
        if (!top || top->kind != FRAME_REPEAT)
            return "end without an open repeat";
        if (!same_shape(p->map, top->input))
            return say(p, "a repeated block must give its input's shape: %" PRId64 "x%" PRId64
                          "x%" PRId64 " in, %" PRId64 "x%" PRId64 "x%" PRId64 " out",
                       top->input.c, top->input.h, top->input.w, p->map.c, p->map.h, p->map.w);
        p->depth--;
        return NULL;
    }
    if (!top || top->kind != FRAME_SPLIT)
        return say(p, "%s without an open split", what);
    if (top->branches > 0)
        top->outputs[top->branches - 1] = p->map;
    if (strcmp(what, "branch") == 0) {
        if (top->branches == MAX_BRANCHES)
            return say(p, "more than %d branches", MAX_BRANCHES);
        top->branches++;
        p->map = top->input;
        return NULL;
    }
    /* concat or add: every branch ends on the same plane. */
    if (top->branches < 2)
        return say(p, "%s of fewer than two branches", what);
    const bool concat = strcmp(what, "concat") == 0;
    shape joined = top->outputs[0];
    for (size_t i = 1; i < top->branches; i++) {
        const shape o = top->outputs[i];
        if (o.h != joined.h || o.w != joined.w || (!concat && o.c != joined.c))
            return say(p, "%s: branch %zu gives %" PRId64 "x%" PRId64 "x%" PRId64
                          ", branch 1 %" PRId64 "x%" PRId64 "x%" PRId64,
                       what, i + 1, o.c, o.h, o.w, top->outputs[0].c, top->outputs[0].h,
                       top->outputs[0].w);
        if (concat)
            joined.c += o.c; /* each at most NETWORK_MAX_ELEMS, at most 8 of them */
    }
    if (joined.c > NETWORK_MAX_VALUE)
        return say(p, "concat: more than %" PRId64 " channels", NETWORK_MAX_VALUE);
    p->map = joined;
    p->depth--;
    return NULL;
}

static const char *parse_line(parser *p, char *line, size_t number)
{
    network *net = p->net;
    char *save = NULL;
    const char *what = strtok_r(line, " \t", &save);
    if (strcmp(what, "net") == 0) {
        const char *name = strtok_r(NULL, " \t", &save);
        if (net->name[0])
            return "a second net line";
        if (!name || strlen(name) >= sizeof net->name || strtok_r(NULL, " \t", &save))
            return "expected: net NAME (at most 31 characters)";
        snprintf(net->name, sizeof net->name, "%s", name);
        return NULL;
    }
    if (strcmp(what, "head") == 0)
        return parse_head(p, &save);
    if (strcmp(what, "split") == 0 || strcmp(what, "branch") == 0 ||
        strcmp(what, "concat") == 0 || strcmp(what, "add") == 0 ||
        strcmp(what, "repeat") == 0 || strcmp(what, "end") == 0)
        return parse_block_line(p, what, &save, number);
    layer l = {.count = 1, .sh = 1, .sw = 1, .kh = 1, .kw = 1, .groups = 1};
    if (strcmp(what, "fc") == 0)
        l.kind = LAYER_FC;
    else if (strcmp(what, "conv") == 0)
        l.kind = LAYER_CONV;
    else if (strcmp(what, "maxpool") == 0)
        l.kind = LAYER_MAXPOOL;
    else if (strcmp(what, "avgpool") == 0)
        l.kind = LAYER_AVGPOOL;
    else
        return "line must start with net, conv, maxpool, avgpool, split, branch, concat, add, "
               "repeat, end, head or fc";
    const char *stage = strtok_r(NULL, " \t", &save), *name = strtok_r(NULL, " \t", &save);
    if (!name || strlen(stage) >= sizeof l.stage || strlen(name) >= sizeof l.name)
        return "expected: conv|maxpool|avgpool|fc stage name ... (stage below 32 characters, "
               "name below 48)";
    snprintf(l.stage, sizeof l.stage, "%s", stage);
    snprintf(l.name, sizeof l.name, "%s", name);
    if (l.kind == LAYER_FC)
        return parse_fc(p, &l, &save);
    if (p->in_heads)
        return "body layers come before the heads";
    const frame *top = p->depth ? &p->stack[p->depth - 1] : NULL;
    if (top && top->kind == FRAME_SPLIT && top->branches == 0)
        return "a split must be followed by branch";
    const char *c = strtok_r(NULL, " \t", &save), *h = strtok_r(NULL, " \t", &save);
    const char *w = strtok_r(NULL, " \t", &save);
    if (!w || !parse_int(c, &l.c) || !parse_int(h, &l.h) || !parse_int(w, &l.w))
        return say(p, "expected c h w after the name, whole numbers up to %" PRId64,
                   NETWORK_MAX_VALUE);
    const char *problem = parse_options(p, &save, &l);
    if (problem)
        return problem;
    if (l.kind != LAYER_CONV)
        l.out = l.c;
    if (l.suite_name[0] && l.kind == LAYER_CONV && layer_is_pointwise(&l))
        return "suite=: a 1x1, stride 1, unpadded conv needs no im2col: not in the kernel suite";
    problem = check_layer(p, &l, multiplier(p));
    if (problem)
        return problem;
    const shape in = {l.c, l.h, l.w};
    if (p->have_map && !same_shape(in, p->map))
        return say(p, "input %" PRId64 "x%" PRId64 "x%" PRId64
                      " is not the %" PRId64 "x%" PRId64 "x%" PRId64 " %s",
                   l.c, l.h, l.w, p->map.c, p->map.h, p->map.w,
                   top && top->kind == FRAME_SPLIT && same_shape(p->map, top->input)
                       ? "the branch reads"
                       : "the layer before gives");
    p->have_map = true;
    p->map = (shape){l.out, layer_out_h(&l), layer_out_w(&l)};
    return add_layer(p, &l);
}

/* Checks that hold once the whole file is read. */
static const char *check_end(parser *p)
{
    const network *net = p->net;
    if (p->depth)
        return say(p, "the %s of line %zu is not closed",
                   p->stack[p->depth - 1].kind == FRAME_SPLIT ? "split" : "repeat",
                   p->stack[p->depth - 1].line);
    if (!net->name[0] || net->head_count == 0)
        return "needs a net line and at least one head";
    for (size_t i = 0; i < net->head_count; i++)
        if (net->heads[i].fc_count == 0)
            return say(p, "head %zu (%s) has no fc line after it", i + 1,
                       head_kind_name(net->heads[i].kind));
    return NULL;
}

bool network_parse(const char *text, size_t size, const char *source, network *net, char *error,
                   size_t error_size)
{
    memset(net, 0, sizeof *net);
    parser p = {.net = net};
    size_t number = 0;
    const char *problem = NULL;
    for (size_t at = 0; at < size && !problem;) {
        number++;
        const char *nl = memchr(text + at, '\n', size - at);
        const size_t len = (nl ? (size_t)(nl - text) : size) - at;
        char line[MAX_LINE];
        if (len >= sizeof line) {
            problem = say(&p, "line longer than %d characters", MAX_LINE - 1);
            break;
        }
        memcpy(line, text + at, len);
        line[len] = '\0';
        at += len + 1;
        if (strlen(line) != len) {
            problem = "line holds a NUL byte";
            break;
        }
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        line[strcspn(line, "\r")] = '\0';
        if (strspn(line, " \t") == strlen(line))
            continue;
        problem = parse_line(&p, line, number);
    }
    if (problem) {
        snprintf(error, error_size, "%s:%zu: %s", source, number, problem);
    } else if ((problem = check_end(&p))) {
        snprintf(error, error_size, "%s: %s", source, problem);
    }
    if (problem)
        network_free(net);
    return problem == NULL;
}

bool network_read(const char *path, network *net, char *error, size_t error_size)
{
    memset(net, 0, sizeof *net);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(error, error_size, "%s: %s", path, strerror(errno));
        return false;
    }
    char *text = malloc(MAX_FILE_BYTES + 1);
    const size_t size = text ? fread(text, 1, MAX_FILE_BYTES + 1, f) : 0;
    const bool failed = ferror(f);
    fclose(f);
    bool ok = false;
    if (!text)
        snprintf(error, error_size, "%s: out of memory", path);
    else if (failed)
        snprintf(error, error_size, "%s: read error", path);
    else if (size > MAX_FILE_BYTES)
        snprintf(error, error_size, "%s: larger than %d bytes", path, MAX_FILE_BYTES);
    else
        ok = network_parse(text, size, path, net, error, error_size);
    free(text);
    return ok;
}

void network_free(network *net)
{
    free(net->layers);
    net->layers = NULL;
    net->layer_count = 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

#define MAX_FILES 64

bool networks_read_dir(const char *dir, network **nets, size_t *count, char *error,
                       size_t error_size)
{
    *nets = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(error, error_size, "cannot open %s: %s", dir, strerror(errno));
        return false;
    }
    char *files[MAX_FILES];
    size_t found = 0;
    bool ok = true;
    for (struct dirent *e = readdir(d); e && ok; e = readdir(d)) {
        const size_t len = strlen(e->d_name);
        if (len <= 4 || strcmp(e->d_name + len - 4, ".net") != 0)
            continue;
        if (found == MAX_FILES) {
            snprintf(error, error_size, "more than %d .net files in %s", MAX_FILES, dir);
            ok = false;
        } else if (!(files[found] = strdup(e->d_name))) {
            snprintf(error, error_size, "out of memory");
            ok = false;
        } else {
            found++;
        }
    }
    closedir(d);
    if (ok && found == 0) {
        snprintf(error, error_size, "no .net files in %s", dir);
        ok = false;
    }
    qsort(files, found, sizeof files[0], compare_names);
    if (ok && !(*nets = calloc(found, sizeof **nets))) {
        snprintf(error, error_size, "out of memory");
        ok = false;
    }
    for (size_t i = 0; i < found; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (ok && (ok = network_read(path, &(*nets)[i], error, error_size)))
            *count = i + 1;
        free(files[i]);
    }
    if (!ok) {
        networks_free(*nets, *count);
        *nets = NULL;
        *count = 0;
    }
    return ok;
}

void networks_free(network *nets, size_t count)
{
    for (size_t i = 0; i < count; i++)
        network_free(&nets[i]);
    free(nets);
}
