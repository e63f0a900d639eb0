/* Whole networks for the conv-vs-heads report: the convolution and pooling
 * layers of the body, and the heads that can sit on it (Flatten + FC,
 * global average pooling + FC, global max pooling + FC), read from
 * the .net files of bench/networks, with exact parameter and multiply-add
 * counts.  A network that reads is whole: every layer's input is the output
 * of the layer before it (through branches and repeats), every head reads
 * the body's last map, and every FC's inputs are the features or outputs
 * before it; every count and buffer size fits the types that hold it. */
#ifndef SKB_BENCH_NETWORK_H
#define SKB_BENCH_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum layer_kind { LAYER_CONV, LAYER_MAXPOOL, LAYER_AVGPOOL, LAYER_FC } layer_kind;

/* Every number in a .net file is at most this (BLAS and oneDNN take int
 * sizes), and so is every tensor's, weight matrix's and column matrix's
 * element count. */
#define NETWORK_MAX_VALUE INT64_C(2147483647)
#define NETWORK_MAX_ELEMS INT64_C(2147483647)
#define NETWORK_MAX_LAYERS 4096
/* The field of a suite= name: the name of a layer's shape in skb-bench's
 * kernel suite (bench/kernels/shapes.h), letters, digits and _. */
#define NETWORK_SUITE_NAME 48

typedef struct layer {
    layer_kind kind;
    char stage[32];
    char name[48];
    int64_t c, h, w;       /* input (FC: c = inputs, h = w = 1) */
    int64_t out;           /* output channels or features (pools: c) */
    int64_t kh, kw, sh, sw;
    int64_t pad_top, pad_left, pad_bottom, pad_right;
    int64_t groups;        /* conv: channels split into groups (depthwise: groups = c) */
    bool batch_norm;       /* conv: no bias; batch norm's scale and shift per channel */
    int64_t count;         /* identical layers this line stands for */
    char suite_name[NETWORK_SUITE_NAME]; /* conv, pool: its kernel-suite name (suite=) or "" */
    uint64_t params, macs; /* per image, all `count` copies (set by network_read) */
} layer;

typedef enum head_kind { HEAD_FLATTEN, HEAD_GAP, HEAD_GMP } head_kind;

#define NETWORK_MAX_FC 4
#define NETWORK_MAX_HEADS 3

typedef struct head {
    head_kind kind;
    int64_t c, h, w; /* the feature map it reads */
    char suite_name[NETWORK_SUITE_NAME]; /* gap, gmp: its kernel-suite name (suite=) or "" */
    layer fc[NETWORK_MAX_FC];
    size_t fc_count;
} head;

typedef struct network {
    char name[32];
    layer *layers;
    size_t layer_count;
    head heads[NETWORK_MAX_HEADS];
    size_t head_count;
    uint64_t body_params, body_macs;
} network;

/* Reads one .net file (format at the top of bench/networks/vgg16.net).
 * On error returns false with "file:line: what is wrong" in error. */
bool network_read(const char *path, network *net, char *error, size_t error_size);
/* The same from text in memory; `source` names it in errors. */
bool network_parse(const char *text, size_t size, const char *source, network *net, char *error,
                   size_t error_size);
void network_free(network *net);

/* Reads every .net file of a directory, in name order, into *nets (count
 * of them in *count; free with networks_free).  A directory without one
 * is an error, as is any file that does not read. */
bool networks_read_dir(const char *dir, network **nets, size_t *count, char *error,
                       size_t error_size);
void networks_free(network *nets, size_t count);

int64_t layer_out_h(const layer *l);
int64_t layer_out_w(const layer *l);
/* A conv that needs no im2col: 1x1, stride 1, no padding. */
bool layer_is_pointwise(const layer *l);

/* Per image, for all `count` copies: weights plus biases (or batch norm's
 * scale and shift), multiply-adds.  None overflows for a network that read. */
uint64_t layer_params(const layer *l);
uint64_t layer_macs(const layer *l);
uint64_t head_params(const head *h);
uint64_t head_macs(const head *h);
uint64_t network_body_params(const network *net);
uint64_t network_body_macs(const network *net);
/* The inputs of a head's first FC: c*h*w for Flatten, c for global pooling. */
int64_t head_features(const head *h);

const char *head_kind_name(head_kind kind); /* "flatten", "gap", "gmp" */

#ifdef __cplusplus
}
#endif

#endif
