/* Layer shapes of real networks, read from the .shapes files in bench/shapes (the
 * format is described at the top of vgg16.shapes). */
#ifndef SKB_BENCH_SHAPES_H
#define SKB_BENCH_SHAPES_H

#include "skb.h"

#include <stddef.h>
#include <stdio.h>

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

/* Appends the layers of one file.  On a parse error returns false and
 * writes "file:line: what is wrong" into error; a file without a single
 * layer (empty, or only comments) is an error too. */
bool shapes_read_file(const char *path, shape_list *list, char *error, size_t error_size);

/* The same for text read from f, reported as coming from path (which also
 * names the network: "<network>.shapes"). */
bool shapes_read_stream(FILE *f, const char *path, shape_list *list, char *error,
                        size_t error_size);

/* Reads every *.shapes file of a directory, in name order. */
bool shapes_read_dir(const char *dir, shape_list *list, char *error, size_t error_size);

void shapes_free(shape_list *list);

/* Whether a shape of this kind is benchmarked as `op`: conv shapes as im2col
 * and col2im, global ones as both global pools. */
bool shape_runs_op(shape_kind kind, skb_op op);

#endif
