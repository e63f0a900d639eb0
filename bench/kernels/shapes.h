/* The shapes of skb-bench's kernel suite, taken from the networks of
 * bench/networks (one description, read by bench/harness/network.c):
 *   - every conv that needs an im2col (all but 1x1, stride 1, unpadded
 *     ones) gives a conv shape, benchmarked as im2col and col2im of its
 *     whole input (a grouped conv's groups side by side);
 *   - every max or average pooling layer a pooling shape (average pooling
 *     leaves the padding out of the divisor);
 *   - the global average and global max pooling heads one global shape.
 * Identical layers of a network give one shape.  Its name is
 * "<network>.<layer>": the layer's suite= name where one of the identical
 * layers has one, else the name of the layer standing for the most copies
 * (the first of them on a tie), prefixed with its stage ("stage_name")
 * where another layer of the network has the same name; the global shape
 * is named after the first global head: its suite= name, or "gap" or "gmp". */
#ifndef SKB_BENCH_SHAPES_H
#define SKB_BENCH_SHAPES_H

#include "network.h"
#include "skb.h"

#include <stddef.h>

typedef enum shape_kind { SHAPE_CONV, SHAPE_MAXPOOL, SHAPE_AVGPOOL, SHAPE_GLOBAL } shape_kind;

typedef struct shape {
    char name[64]; /* net.layer */
    shape_kind kind;
    int64_t c, h, w;
    skb_window window;
} shape;

typedef struct shape_list {
    shape *items;
    size_t count;
} shape_list;

/* Appends the shapes of one network that read; `source` names it in
 * errors.  On an error (two shapes of one name, or a shape the planner
 * refuses) returns false with "source: what is wrong" in error. */
bool shapes_from_network(const network *net, const char *source, shape_list *list, char *error,
                         size_t error_size);

/* The shapes of every .net file of a directory, in name order. */
bool shapes_read_dir(const char *dir, shape_list *list, char *error, size_t error_size);

void shapes_free(shape_list *list);

/* Whether a shape of this kind is benchmarked as `op`: conv shapes as im2col
 * and col2im, global ones as both global pools. */
bool shape_runs_op(shape_kind kind, skb_op op);

/* "conv", "maxpool", "avgpool", "global". */
const char *shape_kind_name(shape_kind kind);

#endif
