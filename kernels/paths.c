/* Plans: which path each op and layout takes, chosen here and nowhere else,
 * what each path can serve, and the workspace it needs. */
#include "path_policy.h"
#include "skb.h"
#include "tables.h"

#include <stdio.h>
#include <string.h>

static const char *const path_names[SKB_PATH_COUNT] = {
#define SKB_PATH_ENTRY(id, name) [SKB_PATH_##id] = #name,
#include "skb_paths.inc"
#undef SKB_PATH_ENTRY
};

const char *skb_path_name(skb_path path)
{
    return (unsigned)path < SKB_PATH_COUNT ? path_names[path] : "unknown";
}

bool skb_path_from_name(const char *name, skb_path *path)
{
    for (int i = 0; name && i < SKB_PATH_COUNT; i++)
        if (strcmp(name, path_names[i]) == 0) {
            if (path)
                *path = (skb_path)i;
            return true;
        }
    return false;
}

/* The paths a table wider than 8 lanes may also have at 8 (the `_w8`
 * ones), each beside the path it narrows. */
static const skb_path paths_at_8_lanes[][2] = {
    {SKB_PATH_DIRECT, SKB_PATH_DIRECT_W8},
    {SKB_PATH_ROWS, SKB_PATH_ROWS_W8},
    {SKB_PATH_ROWS_S2, SKB_PATH_ROWS_S2_W8},
    {SKB_PATH_SHIFTED, SKB_PATH_SHIFTED_W8},
};

/* The 8-lane path beside `path` (to = 1) or the full-width one an 8-lane
 * path narrows (to = 0); `none` if there is none. */
static skb_path other_width(skb_path path, int to, skb_path none)
{
    for (size_t i = 0; i < sizeof paths_at_8_lanes / sizeof paths_at_8_lanes[0]; i++)
        if (paths_at_8_lanes[i][1 - to] == path)
            return paths_at_8_lanes[i][to];
    return none;
}

/* The path an 8-lane one runs at the table's own width; any other, itself. */
static skb_path path_at_full_width(skb_path path)
{
    return other_width(path, 0, path);
}

/* The 8-lane counterpart of a full-width path, or AUTO if it has none. */
static skb_path path_at_8_lanes(skb_path path)
{
    return other_width(path, 1, SKB_PATH_AUTO);
}

/* Whether `path` computes every output of g (the table has it already).
 * The paths for one stride or window size serve exactly those; the others
 * serve any shape. */
static bool path_serves(skb_path path, const skb_geometry *g)
{
    const bool pairs = g->sw == 2 && g->dw == 1;
    switch (path_at_full_width(path)) {
    case SKB_PATH_SHIFTED:
        return g->sh == 1 && g->sw == 1 && g->ow == g->w;
    case SKB_PATH_ROWS_S1:
    case SKB_PATH_PADDED_S1:
        return g->sw == 1;
    case SKB_PATH_ROWS_S2:
    case SKB_PATH_PADDED_S2:
        return g->sw == 2;
    case SKB_PATH_ROWS_S3:
        return g->sw == 3;
    case SKB_PATH_ROWS_S2_PAIRS_K2:
        return pairs && g->kw == 2;
    case SKB_PATH_ROWS_S2_PAIRS_K3:
    case SKB_PATH_PADDED_S2_PAIRS_K3:
        return pairs && g->kw == 3;
    case SKB_PATH_PADDED_S2_PAIRS:
        return pairs;
    case SKB_PATH_ROWS_S2_PAIRS_K2_SPILL:
    case SKB_PATH_ROWS_S2_PAIRS_K3_SPILL:
        return pairs &&
               g->kw == (path_at_full_width(path) == SKB_PATH_ROWS_S2_PAIRS_K2_SPILL ? 2 : 3) &&
               g->pad_top == 0 && g->pad_left == 0 &&
               (g->oh - 1) * g->sh + (g->kh - 1) * g->dh + 1 <= g->h &&
               (g->ow - 1) * 2 + g->kw <= g->w;
    case SKB_PATH_TILE_K2X2:
        return g->kh == 2 && g->kw == 2;
    case SKB_PATH_TILE_K3X3:
        return g->kh == 3 && g->kw == 3;
    case SKB_PATH_SEGMENTS:
        return skb_segments_serve(g);
    case SKB_PATH_ROLLING_K3X3:
        return g->kh == 3 && g->kw == 3 && g->sh == 1 && g->sw == 1 && g->dh == 1 && g->dw == 1;
    case SKB_PATH_ROLLING_S2_K3X3:
        return g->kh == 3 && g->kw == 3 && g->sh == 2 && g->sw == 2 && g->dh == 1 && g->dw == 1;
    case SKB_PATH_ROLLING_S2_K2X2:
        return g->kh == 2 && g->kw == 2 && g->sh == 2 && g->sw == 2 && g->dh == 1 && g->dw == 1;
    case SKB_PATH_NEIGHBOURS_K3:
        return g->kw == 3 && g->sw == 1 && g->dw == 1;
    case SKB_PATH_PLANE_ROWS:
        return g->w <= SKB_PLANE_ROWS_MAX_W && g->ow <= SKB_PLANE_ROWS_MAX_W &&
               g->kw <= SKB_PLANE_ROWS_MAX_KW;
    default:
        return true;
    }
}

/* Floats of workspace the path needs; false if that does not fit size_t. */
static bool path_workspace(skb_path path, const skb_geometry *g, size_t lanes, size_t *floats)
{
    *floats = 0;
    switch (path) {
    case SKB_PATH_PADDED:
    case SKB_PATH_PADDED_S1:
    case SKB_PATH_PADDED_S2:
    case SKB_PATH_PADDED_S2_PAIRS:
    case SKB_PATH_PADDED_S2_PAIRS_K3:
        *floats = skb_padded_floats(g, lanes, g->op == SKB_OP_AVGPOOL);
        return *floats != 0 && *floats <= SIZE_MAX / sizeof(float);
    case SKB_PATH_TILE:
    case SKB_PATH_TILE_K2X2:
    case SKB_PATH_TILE_K3X3:
        *floats = skb_tile_floats(g, lanes, g->op == SKB_OP_AVGPOOL);
        return *floats != 0 && *floats <= SIZE_MAX / sizeof(float);
    case SKB_PATH_PIXELS:
        *floats = skb_col2im_pixels_floats(g);
        return *floats != 0;
    case SKB_PATH_ROLLING_K3X3: /* whole vectors of column counts, row counts, a
                                   32-bit word of lanes per vector of columns */
        *floats = (g->ow + 7) / 8 * 9 + g->oh;
        return true;
    default:
        return true;
    }
}

/* The rows path for g's stride; max pooling reads stride-2 pairs of taps
 * with one pair of loads when there is no dilation. */
static skb_path rows_path(const skb_geometry *g, bool max)
{
    if (max && g->sw == 2 && g->dw == 1 && g->kw == 2)
        return SKB_PATH_ROWS_S2_PAIRS_K2;
    if (max && g->sw == 2 && g->dw == 1 && g->kw == 3)
        return SKB_PATH_ROWS_S2_PAIRS_K3;
    switch (g->sw) {
    case 1:
        return SKB_PATH_ROWS_S1;
    case 2:
        return SKB_PATH_ROWS_S2;
    case 3:
        return max ? SKB_PATH_ROWS_S3 : SKB_PATH_ROWS;
    default:
        return SKB_PATH_ROWS;
    }
}

static skb_path padded_path(const skb_geometry *g, bool max)
{
    if (g->sw == 1)
        return SKB_PATH_PADDED_S1;
    if (g->sw == 2 && max && g->dw == 1)
        return g->kw == 3 ? SKB_PATH_PADDED_S2_PAIRS_K3 : SKB_PATH_PADDED_S2_PAIRS;
    if (g->sw == 2)
        return SKB_PATH_PADDED_S2;
    return SKB_PATH_PADDED;
}

/* NCHW pooling: max pooling's stride-2 windows of 2 or 3 columns spill past
 * their rows when nothing is padded and a row fills more than half a vector
 * (measured: VGG16's 28-wide pool4 2x faster than the tile with AVX-512,
 * CIFAR's pool1 2.7x; with rows of half a vector or less the tile wastes
 * fewer lanes).  Wide rows too, where whole vectors save each row's partial
 * last one: on an AMD EPYC Zen 5 (probe, one process, interleaved; inputs
 * of 0.1 to 38.5 MB, prefetching as path_policy.h says), 2x2/2 pools of
 * 148- and 224-wide planes 0.79-0.95x the time of the rows path with AVX2
 * and AVX-512 (SSE 0.93-0.98x on 148, 0.97-1.04x on 224, and VGG16's pool1
 * 1.18x in a performance gate: SSE's wide 2x2 rows stay), 3x3/2 pools of
 * 71- and 147-wide planes 0.84-0.93x the padded copy's with AVX2 and
 * 0.68-0.76x with SSE.  Then the channel tile where rows are
 * too short to fill vectors, or at stride 1 wherever it fits (measured:
 * Inception's 35x35 3x3/1 average pools 0.76-0.79x the padded copy's time
 * with SSE and AVX2, and 28x28 to 56x56 planes, max or average, never
 * slower), the padded copy where the plane is small enough, rows from the
 * input otherwise.  Max pooling's 2-column stride-2 windows with padding
 * read their rows from the input once a row fills a vector: faster than a
 * copy or a tile.
 * (Wider windows with padding gain less than their border windows cost, so
 * they keep the padded copy.) */
static skb_path pool_nchw_path(const skb_geometry *g, size_t lanes)
{
    const bool max = g->op == SKB_OP_MAXPOOL;
    const bool short_rows = g->ow < SKB_TILE_MAX_OW_VECTORS * lanes;
    const bool spill_wide = g->kw == 3 || lanes >= 8;
    if (max && (short_rows || spill_wide) && 2 * g->ow > SKB_SPILL_MIN_OW_HALVES * lanes) {
        if (g->kw == 2 && path_serves(SKB_PATH_ROWS_S2_PAIRS_K2_SPILL, g))
            return SKB_PATH_ROWS_S2_PAIRS_K2_SPILL;
        if (g->kw == 3 && path_serves(SKB_PATH_ROWS_S2_PAIRS_K3_SPILL, g))
            return SKB_PATH_ROWS_S2_PAIRS_K3_SPILL;
    }
    if (max && g->sw == 2 && g->dw == 1 && g->kw == 2 && g->ow >= lanes)
        return SKB_PATH_ROWS_S2_PAIRS_K2;
    const size_t tile = skb_tile_floats(g, lanes, false);
    if ((short_rows || g->sw == 1) && tile != 0 && tile <= SKB_TILE_MAX_FLOATS)
        return g->kh == 3 && g->kw == 3   ? SKB_PATH_TILE_K3X3
               : g->kh == 2 && g->kw == 2 ? SKB_PATH_TILE_K2X2
                                          : SKB_PATH_TILE;
    const size_t padded = skb_padded_floats(g, lanes, false);
    if (padded != 0 && padded <= (max ? SKB_PADDED_MAX_FLOATS_MAXPOOL : SKB_PADDED_MAX_FLOATS))
        return padded_path(g, max);
    return rows_path(g, max);
}

/* A table whose vectors are wider than 8 lanes (AVX-512's) takes the
 * 8-lane path beside `path` where that was faster.  Measured on an AMD EPYC
 * Zen 4 (performance gate, every suite shape, 8 rounds), 8 lanes against 16:
 * - col2im NCHW: stride-2 3x3 layers with outputs 7 to 28 wide 0.68-0.85x
 *   the time, stride-1 layers 3 to 14 wide 0.66-0.95x.  Forced everywhere,
 *   stride-1 layers 17 to 56 wide took 0.94-1.16x and a stride-2 1x1 layer
 *   28 wide 1.07x: those keep 16.
 * - im2col NCHW: layers with outputs wider than 8 0.72-0.95x or the same
 *   (the shifted copies of 56-wide planes gain most); forced on 8-wide and
 *   narrower ones, 1.0-1.13x: those keep 16.
 * - global pools, and NHWC pooling, of fewer channels than two vectors and
 *   not a multiple of one (CIFAR's 20: two 16-lane vectors, the second
 *   mostly a repeat, or three of 8): CIFAR's global average pool 0.79x in
 *   both layouts, its global max pool NCHW 0.92x (NHWC the same), its NHWC
 *   max pools 0.77-0.79x; the layers with more channels unchanged.
 * A Zen 4 core runs a 16-lane operation as two of 8, so 16 lanes buy
 * fewer instructions and lose more to partial vectors.  The Zen 5 and
 * Intel Xeon runs in results/ have AVX-512 behind AVX2 on many of these
 * layers too. */
static skb_path width_path(const skb_kernels *k, const skb_geometry *g, skb_path path)
{
    const skb_path narrow = path_at_8_lanes(path);
    if (k->lanes <= 8 || narrow == SKB_PATH_AUTO || !k->fn[g->op][g->layout][narrow])
        return path;
    bool at_8;
    switch (g->op) {
    case SKB_OP_COL2IM:
        at_8 = g->ow < SKB_COL2IM_W8_MAX_OW ||
               (g->sw == 2 && g->kw > 1 && g->ow < SKB_COL2IM_W8_MAX_OW_S2);
        break;
    case SKB_OP_IM2COL:
        at_8 = g->ow > SKB_IM2COL_W8_MIN_OW;
        break;
    default:
        at_8 = g->c < SKB_POOL_W8_MAX_VECTORS * k->lanes && g->c % k->lanes != 0;
        break;
    }
    return at_8 ? narrow : path;
}

/* NCHW pooling on a table with rolling paths (AVX-512's): vectors of output
 * columns walking down the plane, each input row loaded once for every
 * window that holds it; AUTO where none serves.  Measured on an AMD EPYC
 * Zen 4 (probe, one process, interleaved), against the path taken before:
 * - average 3x3/1: Inception's 35x35, 17x17 and 8x8 pools 0.45-0.57x the
 *   channel tile's time, 56- to 224-wide planes 0.33-0.54x the padded
 *   copy's and rows', 3x3 planes the same;
 * - max 3x3/2: the suite's pools (Inception, ResNet-50, CIFAR) 0.46-0.67x
 *   the time of the rows they read before (spilling or not), planes of 7
 *   to 30 0.28-0.85x the channel tile's;
 * - max 2x2/2: outputs 4 to 24 wide 0.63-0.87x the time of the spilling
 *   rows or the tile; 28 to 36 wide 0.94-0.96x in L2 but 1.12x beyond it
 *   (VGG16's pool3, 3.2 MB: a vector walking down a plane streams less well
 *   than rows read in order), 56 and 112 wide 1.05-1.39x (74 wide, 2.8
 *   MB, 0.74x): wider rows keep the rows, which share no input row between
 *   windows anyway.
 * Rows of fewer than SKB_ROLLING_MAX_MIN_OW outputs (planes of 3 to 5)
 * took 1.06-1.56x: walks that short do not repay their set-up. */
static skb_path rolling_path(const skb_kernels *k, const skb_geometry *g)
{
    skb_path path = SKB_PATH_AUTO;
    if (g->op == SKB_OP_AVGPOOL)
        path = SKB_PATH_ROLLING_K3X3;
    else if (g->op == SKB_OP_MAXPOOL && g->ow >= SKB_ROLLING_MAX_MIN_OW)
        path = g->kw == 3                                        ? SKB_PATH_ROLLING_S2_K3X3
               : g->kw == 2 && g->ow <= SKB_ROLLING_K2X2_MAX_OW ? SKB_PATH_ROLLING_S2_K2X2
                                                                 : SKB_PATH_AUTO;
    return path != SKB_PATH_AUTO && k->fn[g->op][g->layout][path] && path_serves(path, g)
               ? path
               : SKB_PATH_AUTO;
}

/* NHWC average pooling: windows 3 columns wide at stride 1 summed four
 * neighbours at a time (each input column loaded once for all four), up to
 * skb_neighbours_max_c channels; else `path`.  Measured on an AMD EPYC Zen 4
 * (probe, one process, interleaved; planes 8, 17 and 35 wide), its time
 * over the direct path's:
 * - AVX-512: 16 to 384 channels 0.44-0.99x (the fewer, the more it gains;
 *   Inception's 192 to 288 0.79-0.99x); 768 and 1280 0.93-1.01x, and
 *   multiples of 512 1.09-1.30x (a pixel every 2 or 4 KiB: the run's 18
 *   taps of a vector fall in one L1 set), so those keep the direct path;
 * - AVX2: 16 to 96 channels 0.54-0.97x, 128 and more 1.01-1.36x;
 * - SSE: 16 to 192 channels 0.68-0.92x; scalar code 0.81-1.20x: never. */
static skb_path nhwc_avg_path(const skb_kernels *k, const skb_geometry *g, skb_path path)
{
    return path == SKB_PATH_DIRECT && g->c >= k->lanes && g->c <= skb_neighbours_max_c(k->lanes) &&
                   k->fn[g->op][g->layout][SKB_PATH_NEIGHBOURS_K3] &&
                   path_serves(SKB_PATH_NEIGHBOURS_K3, g)
               ? SKB_PATH_NEIGHBOURS_K3
               : path;
}

/* The path a layer takes when none is asked for: decided here only. */
static skb_path natural_path(const skb_kernels *k, const skb_geometry *g)
{
    if (k->isa == SKB_ISA_REFERENCE)
        return SKB_PATH_DIRECT;
    switch (g->op) {
    case SKB_OP_IM2COL:
        /* Input planes at most 16 wide, where no shifted copy serves: each
         * output row (two when they fit) one permute of its input row
         * (AVX-512).  Probes (AMD EPYC Zen 4, one process, interleaved),
         * against the path taken before: the suite's stride-2 layers on
         * 14x14 planes 0.54-0.66x the time, stride-1 layers without
         * "same" padding (5x5 and 14x14 planes) 0.51-0.95x; where the
         * shifted copy serves, 7x7 planes took 1.05x, 8x8 0.81-0.91x and
         * 14x14 1.19-1.33x, so those keep it. */
        if (g->layout == SKB_LAYOUT_NCHW && k->fn[g->op][g->layout][SKB_PATH_PLANE_ROWS] &&
            path_serves(SKB_PATH_PLANE_ROWS, g) && !path_serves(SKB_PATH_SHIFTED, g))
            return SKB_PATH_PLANE_ROWS;
        if (g->layout == SKB_LAYOUT_NCHW)
            return width_path(k, g,
                              path_serves(SKB_PATH_SHIFTED, g) ? SKB_PATH_SHIFTED
                              : g->sw == 2                       ? SKB_PATH_ROWS_S2
                                                                 : SKB_PATH_ROWS);
        return SKB_PATH_DIRECT;
    case SKB_OP_MAXPOOL:
    case SKB_OP_AVGPOOL:
        if (g->layout == SKB_LAYOUT_NCHW && rolling_path(k, g) != SKB_PATH_AUTO)
            return rolling_path(k, g);
        if (g->layout == SKB_LAYOUT_NCHW)
            return pool_nchw_path(g, k->lanes);
        return g->op == SKB_OP_AVGPOOL ? nhwc_avg_path(k, g, width_path(k, g, SKB_PATH_DIRECT))
                                       : width_path(k, g, SKB_PATH_DIRECT);
    case SKB_OP_COL2IM:
        /* A vector of whole pixels adding each window's kernel rows: 0.65-0.92x
         * the pixels path's time on the suite's 3-channel layers (AVX-512,
         * Zen 4, performance gate). */
        if (g->layout == SKB_LAYOUT_NHWC && g->c <= 4 &&
            k->fn[g->op][g->layout][SKB_PATH_SEGMENTS] && skb_segments_serve(g))
            return SKB_PATH_SEGMENTS;
        if (g->layout == SKB_LAYOUT_NHWC &&
            (g->c <= 4 || g->src_elems / g->n > SKB_COL2IM_PIXELS_MIN_FLOATS))
            return SKB_PATH_PIXELS;
        /* Image planes at most 16 wide summed a row a register (AVX-512):
         * the suite's 14 such layers (planes 5 to 14 wide, strides 1 and 2,
         * 1x1 to 3x3 windows) took 0.30-0.82x the time of the 8-lane paths
         * taken before (AMD EPYC Zen 4, probe, one process, interleaved),
         * 7x7 and 8x8 planes about half. */
        if (g->layout == SKB_LAYOUT_NCHW && k->fn[g->op][g->layout][SKB_PATH_PLANE_ROWS] &&
            path_serves(SKB_PATH_PLANE_ROWS, g))
            return SKB_PATH_PLANE_ROWS;
        /* Stride-2 rows ending in a partial pair of vectors: 0.62-0.85x
         * the direct path's time on rows of 8 to 14 entries with AVX2 and
         * AVX-512 (measured); scalar code, moving two pixels an entry,
         * was 1.1-1.4x slower so. */
        if (g->layout == SKB_LAYOUT_NCHW)
            return width_path(k, g, g->sw == 2 && k->lanes > 1 ? SKB_PATH_ROWS_S2
                                                                 : SKB_PATH_DIRECT);
        return SKB_PATH_DIRECT;
    case SKB_OP_GLOBAL_AVGPOOL:
    case SKB_OP_GLOBAL_MAXPOOL:
        return width_path(k, g, SKB_PATH_DIRECT);
    default:
        return SKB_PATH_DIRECT;
    }
}

static skb_status fail(skb_error *err, skb_status status, const char *format, const char *a,
                       const char *b, const char *c, const char *d)
{
    if (err) {
        err->status = status;
        snprintf(err->message, sizeof err->message, format, a, b, c, d);
    }
    return status;
}

skb_status skb_plan_layer(skb_layer_plan *plan, const skb_kernels *k, skb_op op,
                          const skb_tensor_desc *tensor, const skb_window *win, skb_path path,
                          skb_error *err)
{
    if (!plan)
        return fail(err, SKB_ERR_NULL, "plan: NULL pointer%s%s%s%s", "", "", "", "");
    skb_geometry g;
    const skb_status s = skb_plan(op, tensor, win, &g, err);
    if (s != SKB_OK)
        return s;
    if (!k)
        k = skb_default_kernels();
    if ((unsigned)path >= SKB_PATH_COUNT) {
        char number[24];
        snprintf(number, sizeof number, "%d", (int)path);
        return fail(err, SKB_ERR_PATH, "path %s is not a path (see skb_path)%s%s%s", number, "",
                    "", "");
    }
    const skb_path chosen = path == SKB_PATH_AUTO ? natural_path(k, &g) : path;
    const skb_kernel_fn fn = k->fn[op][g.layout][chosen];
    if (!fn)
        return fail(err, path == SKB_PATH_AUTO ? SKB_ERR_UNAVAILABLE : SKB_ERR_PATH,
                    "path: the %s table has no %s path for %s %s", k->name,
                    skb_path_name(chosen), skb_op_name(op), skb_layout_name(g.layout));
    if (!path_serves(chosen, &g))
        return fail(err, SKB_ERR_PATH, "path: %s cannot serve this %s %s shape (%s)",
                    skb_path_name(chosen), skb_op_name(op), skb_layout_name(g.layout),
                    path_at_full_width(chosen) == SKB_PATH_SHIFTED
                        ? "it needs stride 1 and output rows as wide as the input"
                    : chosen == SKB_PATH_TILE_K2X2 || chosen == SKB_PATH_TILE_K3X3
                        ? "its window size is fixed"
                    : path_at_full_width(chosen) == SKB_PATH_ROWS_S2_PAIRS_K2_SPILL ||
                            path_at_full_width(chosen) == SKB_PATH_ROWS_S2_PAIRS_K3_SPILL
                        ? "it needs stride 2, no padding and every window inside the plane"
                    : chosen == SKB_PATH_SEGMENTS
                        ? "it needs no dilation along x, C times the stride at most 8, and at "
                          "most 32 windows meeting a vector of pixels"
                    : chosen == SKB_PATH_ROLLING_K3X3
                        ? "it needs a 3x3 window, stride 1 and no dilation"
                    : chosen == SKB_PATH_ROLLING_S2_K3X3
                        ? "it needs a 3x3 window, stride 2 and no dilation"
                    : chosen == SKB_PATH_ROLLING_S2_K2X2
                        ? "it needs a 2x2 window, stride 2 and no dilation"
                    : chosen == SKB_PATH_NEIGHBOURS_K3
                        ? "it needs windows 3 columns wide, stride 1 and no dilation along x"
                    : chosen == SKB_PATH_PLANE_ROWS
                        ? "it needs input rows, output rows and windows at most 16 wide"
                        : "its stride or window columns are fixed");
    size_t floats;
    if (!path_workspace(chosen, &g, k->lanes, &floats))
        return fail(err, SKB_ERR_OVERFLOW, "path: the workspace of %s for this %s %s shape "
                                           "does not fit size_t%s",
                    skb_path_name(chosen), skb_op_name(op), skb_layout_name(g.layout), "");
    *plan = (skb_layer_plan){.geom = g, .kernels = k, .path = chosen, .fn = fn,
                             .workspace_bytes = floats * sizeof(float), .threads = 1,
                             .task_workspace_bytes = floats * sizeof(float)};
    return SKB_OK;
}
