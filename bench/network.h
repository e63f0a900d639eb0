/* Whole networks for the conv-vs-heads report: the convolution and pooling
 * layers of the body, and the heads that can sit on it (Flatten + FC,
 * global average pooling + FC, global max pooling + FC), read from
 * the .net files of bench/networks, with exact parameter and multiply-add counts. */
#ifndef SKB_BENCH_NETWORK_H
#define SKB_BENCH_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum layer_kind { LAYER_CONV, LAYER_MAXPOOL, LAYER_AVGPOOL, LAYER_FC } layer_kind;

typedef struct layer {
    layer_kind kind;
    char stage[32];
    char name[48];
    int64_t c, h, w;   /* input (FC: c = inputs, h = w = 1) */
    int64_t out;       /* output channels or features (pools: c) */
    int64_t k, s, pad; /* square kernel, stride, symmetric padding */
    int64_t count;     /* identical layers this line stands for */
} layer;

typedef enum head_kind { HEAD_FLATTEN, HEAD_GAP, HEAD_GMP } head_kind;

#define NETWORK_MAX_FC 4
#define NETWORK_MAX_HEADS 3

typedef struct head {
    head_kind kind;
    int64_t c, h, w; /* the feature map it reads */
    layer fc[NETWORK_MAX_FC];
    size_t fc_count;
} head;

typedef struct network {
    char name[32];
    layer *layers;
    size_t layer_count;
    head heads[NETWORK_MAX_HEADS];
    size_t head_count;
} network;

/* Reads one .net file (format at the top of bench/networks/vgg16.net).
 * On error returns false with "file:line: what is wrong" in error. */
bool network_read(const char *path, network *net, char *error, size_t error_size);
void network_free(network *net);

int64_t layer_out_h(const layer *l);
int64_t layer_out_w(const layer *l);

/* Per image, for all `count` copies: weights plus biases, multiply-adds. */
uint64_t layer_params(const layer *l);
uint64_t layer_macs(const layer *l);
uint64_t head_params(const head *h);
uint64_t head_macs(const head *h);
uint64_t network_body_params(const network *net);
uint64_t network_body_macs(const network *net);

const char *head_kind_name(head_kind kind); /* "flatten", "gap", "gmp" */

#ifdef __cplusplus
}
#endif

#endif
