/* oneDNN's own convolution (forward inference, formats of its choosing,
 * one thread via OMP_NUM_THREADS), timed beside im2col + sgemm. */
#ifndef SKB_BENCH_ONEDNN_CONV_H
#define SKB_BENCH_ONEDNN_CONV_H

#include "network.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct onednn_conv onednn_conv;

/* NULL with a reason in why if oneDNN cannot make it; label receives the
 * implementation oneDNN chose. */
onednn_conv *onednn_conv_create(const layer *l, char *label, size_t label_size, char *why,
                                size_t why_size);
void onednn_conv_run(onednn_conv *c);
void onednn_conv_destroy(onednn_conv *c);

#endif
