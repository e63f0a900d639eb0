/* The kernel suite's shapes, taken from the network descriptions. */
#include "shapes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool same_window(const skb_window *a, const skb_window *b)
{
    return a->kernel_h == b->kernel_h && a->kernel_w == b->kernel_w &&
           a->stride_h == b->stride_h && a->stride_w == b->stride_w &&
           a->dilation_h == b->dilation_h && a->dilation_w == b->dilation_w &&
           a->pad_top == b->pad_top && a->pad_left == b->pad_left &&
           a->pad_bottom == b->pad_bottom && a->pad_right == b->pad_right &&
           a->ceil_mode == b->ceil_mode && a->count_include_pad == b->count_include_pad;
}

static bool same_shape(const shape *a, const shape *b)
{
    return a->kind == b->kind && a->c == b->c && a->h == b->h && a->w == b->w &&
           same_window(&a->window, &b->window);
}

/* A body layer's shape; false for a conv that needs no im2col. */
static bool layer_shape(const layer *l, shape *s)
{
    if (l->kind == LAYER_FC || (l->kind == LAYER_CONV && layer_is_pointwise(l)))
        return false;
    memset(s, 0, sizeof *s);
    s->kind = l->kind == LAYER_CONV ? SHAPE_CONV : l->kind == LAYER_MAXPOOL ? SHAPE_MAXPOOL
                                                                           : SHAPE_AVGPOOL;
    s->c = l->c;
    s->h = l->h;
    s->w = l->w;
    s->window = (skb_window){.kernel_h = l->kh, .kernel_w = l->kw, .stride_h = l->sh,
                             .stride_w = l->sw, .dilation_h = 1, .dilation_w = 1,
                             .pad_top = l->pad_top, .pad_left = l->pad_left,
                             .pad_bottom = l->pad_bottom, .pad_right = l->pad_right};
    return true;
}

/* The layer a shape is named after, among the identical ones. */
typedef struct named_shape {
    shape s;
    const layer *by;          /* the layer standing for the most copies */
    const char *suite_name;   /* the first suite= of the identical layers, or NULL */
} named_shape;

static bool name_recurs(const network *net, const layer *l)
{
    for (size_t i = 0; i < net->layer_count; i++)
        if (&net->layers[i] != l && strcmp(net->layers[i].name, l->name) == 0)
            return true;
    return false;
}

static bool append(shape_list *list, const shape *s, const char *source, char *error,
                   size_t error_size)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i].name, s->name) == 0) {
            snprintf(error, error_size, "%s: two different shapes are named %s", source,
                     s->name);
            return false;
        }
    const skb_op op = s->kind == SHAPE_CONV      ? SKB_OP_IM2COL
                      : s->kind == SHAPE_AVGPOOL ? SKB_OP_AVGPOOL
                      : s->kind == SHAPE_GLOBAL  ? SKB_OP_GLOBAL_AVGPOOL
                                                 : SKB_OP_MAXPOOL;
    const skb_tensor_desc t = {1, s->c, s->h, s->w, SKB_LAYOUT_NCHW};
    skb_geometry g;
    skb_error err;
    if (skb_plan(op, &t, &s->window, &g, &err) != SKB_OK) {
        snprintf(error, error_size, "%s: %s: %s", source, s->name, err.message);
        return false;
    }
    shape *grown = realloc(list->items, (list->count + 1) * sizeof *grown);
    if (!grown) {
        snprintf(error, error_size, "%s: out of memory", source);
        return false;
    }
    list->items = grown;
    list->items[list->count++] = *s;
    return true;
}

bool shapes_from_network(const network *net, const char *source, shape_list *list, char *error,
                         size_t error_size)
{
    named_shape *found = calloc(net->layer_count + 1, sizeof *found);
    if (!found) {
        snprintf(error, error_size, "%s: out of memory", source);
        return false;
    }
    size_t count = 0;
    for (size_t i = 0; i < net->layer_count; i++) {
        const layer *l = &net->layers[i];
        shape s;
        if (!layer_shape(l, &s))
            continue;
        named_shape *same = NULL;
        for (size_t j = 0; j < count && !same; j++)
            if (same_shape(&found[j].s, &s))
                same = &found[j];
        if (!same) {
            same = &found[count++];
            same->s = s;
            same->by = l;
        } else if (l->count > same->by->count) {
            same->by = l;
        }
        if (!same->suite_name && l->suite_name[0])
            same->suite_name = l->suite_name;
    }
    bool ok = true;
    for (size_t i = 0; i < count && ok; i++) {
        shape *s = &found[i].s;
        const layer *by = found[i].by;
        /* A network name is below 32 characters, a stage below 32, a layer's
         * name below 48: the longest name fits the 64 of the field only
         * when the parts are short, so a longer one is refused. */
        int n;
        if (found[i].suite_name)
            n = snprintf(s->name, sizeof s->name, "%s.%s", net->name, found[i].suite_name);
        else if (name_recurs(net, by))
            n = snprintf(s->name, sizeof s->name, "%s.%s_%s", net->name, by->stage, by->name);
        else
            n = snprintf(s->name, sizeof s->name, "%s.%s", net->name, by->name);
        if (n < 0 || (size_t)n >= sizeof s->name || strchr(s->name, '/')) {
            snprintf(error, error_size, "%s: %s %s: its kernel suite name is longer than %zu "
                                        "characters or holds a '/' (give it a short suite=)",
                     source, by->stage, by->name, sizeof s->name - 1);
            ok = false;
        } else {
            ok = append(list, s, source, error, error_size);
        }
    }
    free(found);
    for (size_t i = 0; i < net->head_count && ok; i++) {
        const head *h = &net->heads[i];
        if (h->kind == HEAD_FLATTEN)
            continue;
        shape s = {.kind = SHAPE_GLOBAL, .c = h->c, .h = h->h, .w = h->w,
                   .window = {.kernel_h = 1, .kernel_w = 1, .stride_h = 1, .stride_w = 1,
                              .dilation_h = 1, .dilation_w = 1}};
        snprintf(s.name, sizeof s.name, "%s.%s", net->name,
                 h->suite_name[0] ? h->suite_name : head_kind_name(h->kind));
        ok = append(list, &s, source, error, error_size);
        break; /* every head reads the same map: one global shape */
    }
    return ok;
}

bool shapes_read_dir(const char *dir, shape_list *list, char *error, size_t error_size)
{
    network *nets;
    size_t count;
    if (!networks_read_dir(dir, &nets, &count, error, error_size))
        return false;
    bool ok = true;
    for (size_t i = 0; i < count && ok; i++) {
        char source[64];
        snprintf(source, sizeof source, "network %s", nets[i].name);
        ok = shapes_from_network(&nets[i], source, list, error, error_size);
    }
    networks_free(nets, count);
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

const char *shape_kind_name(shape_kind kind)
{
    static const char *const names[] = {"conv", "maxpool", "avgpool", "global"};
    return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "?";
}
