/*
 * skb: float32 data-movement kernels of convolutional networks.
 *
 * Six operations (im2col, col2im, max pooling, average pooling, global
 * average pooling, global max pooling), each for NCHW and NHWC tensors, each
 * in five variants: the reference (plain C, the oracle), scalar, SSE4.1,
 * AVX2 and AVX-512 (F+BW+VL+DQ).  The variant that runs is picked at run time
 * from what the CPU supports; any one of them can be asked for by hand.
 *
 * Use:
 *     skb_error err;
 *     if (skb_run(NULL, SKB_OP_MAXPOOL, &in, &win, src, dst, &err) != SKB_OK)
 *         fprintf(stderr, "%s\n", err.message);
 *
 * skb_run() is the safe path: it validates, refuses overlapping buffers and
 * runs only what the CPU has.  A layer run many times is planned once and
 * executed (see "Plans and paths").  The kernel functions themselves check
 * nothing (see skb_kernel_fn below).
 *
 * ---------------------------------------------------------------------------
 * Shapes
 * ---------------------------------------------------------------------------
 * A tensor is N x C x H x W floats, stored NCHW (w fastest) or NHWC (c
 * fastest), densely packed.  A window has kernel KH x KW, stride SH x SW,
 * dilation DH x DW and padding top, left, bottom, right (asymmetric allowed).
 * Per axis (H shown; W alike):
 *
 *     span = DH*(KH-1) + 1
 *     OH   = floor((H + pad_top + pad_bottom - span) / SH) + 1       floor mode
 *     OH   = ceil ((H + pad_top + pad_bottom - span) / SH) + 1       ceil mode,
 *            minus 1 if the last window would start at or past H + pad_top
 *            (PyTorch's rule: every window starts inside the input or the
 *            low padding).  In ceil mode the window may be up to SH - 1
 *            wider than the padded input: the ceiling of the negative room
 *            is 0, so OH = 1, a single window whose overhang past the padded
 *            input is padding that no divisor counts (PyTorch's meaning).
 *
 * Output window (oy, ox) reads input rows  iy = oy*SH - pad_top  + ky*DH
 * and columns ix = ox*SW - pad_left + kx*DW, for ky < KH, kx < KW; taps
 * outside [0,H) x [0,W) are padding.
 *
 *   im2col NCHW: per image a matrix [C*KH*KW][OH*OW];
 *                row (c*KH + ky)*KW + kx, column oy*OW + ox.
 *   im2col NHWC: per image a matrix [OH*OW][KH*KW*C];
 *                row oy*OW + ox, column (ky*KW + kx)*C + c.
 *   col2im:      the adjoint of im2col: takes that matrix, writes the image
 *                (the tensor described), each entry added into the pixel it
 *                was copied from; entries of padding taps are dropped.
 *   max/avg pool: N x C x OH x OW, same layout as the input.
 *   global pools: N x C (the window is ignored; it may be NULL).
 *
 * ---------------------------------------------------------------------------
 * The numerical contract: every variant gives the same bits
 * ---------------------------------------------------------------------------
 * Each output element is computed by the same sequence of IEEE-754 binary32
 * operations in every variant, so results are identical across variants,
 * ISAs, layouts and machines.
 *
 *   NaN      every NaN that an op computes (all ops but im2col) is the
 *            canonical quiet NaN SKB_CANONICAL_NAN_BITS (0x7FC00000).  The
 *            bits of a NaN sum would otherwise depend on which operand the
 *            compiler put first, and Inf - Inf gives 0xFFC00000 on x86 but
 *            0x7FC00000 elsewhere.
 *   im2col   copies, NaN payloads included; padding taps hold +0.0f.
 *   col2im   each image element starts at +0.0f and adds its contributions
 *            in ascending (ky, kx) order: v = ((0 + c_0) + c_1) + ...
 *            (so a lone -0.0f contribution yields +0.0f).
 *   max      m = -inf; for each real tap in row-major (ky, kx) order,
 *            m = (x > m) ? x : m, so of equal values (-0.0 and +0.0) the
 *            first wins.  If any real tap is NaN the result is the canonical
 *            NaN, whatever the input NaN's bits.  Padding never takes part.
 *   avg      s = +0.0f; s = s + x for each real tap in row-major (ky, kx)
 *            order; result s / (float)divisor, one IEEE division.  The
 *            divisor is rows * columns, where rows counts the window's taps
 *            iy inside the padded bounds [-pad_top, H+pad_bottom) when
 *            count_include_pad is set, else inside the input [0, H)
 *            (columns likewise along w).  With dilation 1 this is the
 *            window clipped to those bounds (PyTorch's rules); with
 *            dilation it counts taps, not the positions between them:
 *            KH*KW for a window inside the padded input, or the number of
 *            real taps, which are oneDNN's include_padding and
 *            exclude_padding divisors.  A ceil-mode overhang past the
 *            padded input never counts.
 *   global avg  per (n, c): s = +0.0f; s = s + x over the plane in ascending
 *            (h, w) order; result s / (float)(H*W).
 *   global max  as max, over the whole plane.
 *
 * The SIMD NHWC max pooling kernels find NaN through the SSE status
 * register (MXCSR): they run with its exception flags cleared and every
 * exception masked, and put back the caller's MXCSR, flags included,
 * before they return.  Its rounding, DAZ and FTZ bits are the
 * caller's, as in every kernel: the contract assumes the default
 * (round to nearest, no DAZ, no FTZ).
 *
 * For im2col, col2im, max pooling, average pooling and global max pooling
 * these are the bits PyTorch's CPU kernels give (up to NaN payloads);
 * global average pooling differs from PyTorch by rounding only (it sums in
 * another order).
 *
 * ---------------------------------------------------------------------------
 * Validation
 * ---------------------------------------------------------------------------
 * skb_plan() checks a description and fills an skb_geometry.  It rejects:
 * sizes, kernel, stride or dilation below 1, negative padding, a window
 * wider than the padded input (in ceil mode: by SH or more), a pooling
 * window with no real element, byte counts that overflow
 * size_t, NULL pointers.  A kernel is only ever called with a geometry that
 * passed; it then reads only its input and writes only its output (no
 * over-read in SIMD tails).  Pointers need not be aligned; input and output
 * must not overlap.  Kernels allocate nothing and keep no buffer on the
 * stack (no kernel frame reaches 16 KiB): what a path needs beyond its
 * input and output (a padded copy of a plane, a transposed tile of
 * channels) is the workspace its plan asks for.
 *
 * ---------------------------------------------------------------------------
 * Plans and paths
 * ---------------------------------------------------------------------------
 * A kernel walks its data along one of a few paths (NCHW pooling, say: a
 * tile of VF channels transposed like NHWC for small planes, a padded copy
 * of each plane for mid-sized ones, rows read straight from the input
 * otherwise, each specialised for the common strides).  skb_plan_layer()
 * decides once per layer: it validates, picks the variant table and the
 * path, and says how many bytes of workspace the path needs.
 * skb_execute() then runs the plan on caller-owned buffers and checks and
 * chooses nothing, so a layer run many times pays for its decisions once:
 *
 *     skb_layer_plan p;
 *     if (skb_plan_layer(&p, NULL, SKB_OP_MAXPOOL, &in, &win, SKB_PATH_AUTO, &err) != SKB_OK)
 *         ...;
 *     void *ws = p.workspace_bytes ? malloc(p.workspace_bytes) : NULL;
 *     skb_execute(&p, src, dst, ws);   (any number of times, any thread)
 *
 * A plan can be asked for a given path (tests and benchmarks do); a path
 * that is not one of the op's, or cannot serve the shape, is refused with
 * SKB_ERR_PATH.  Every path of every variant gives the same bits.
 *
 * ---------------------------------------------------------------------------
 * Threads
 * ---------------------------------------------------------------------------
 * A plan runs on one thread unless skb_plan_threads() gives it a pool
 * (pthreadpool, the pool XNNPACK uses: pthreadpool_create(n) from
 * <pthreadpool.h>, Debian's libpthreadpool-dev).  The plan then splits its
 * work into tasks that never share an output element, and each task
 * computes its elements exactly as one thread would, so the bits do not
 * depend on the number of threads:
 *
 *   NCHW pooling        the N*C planes (whole planes, in blocks of a
 *                       vector's channels where there are enough);
 *   NCHW col2im         the N*C*H plane rows (each pixel's sum whole);
 *   NCHW im2col         the N*C*KH kernel rows (a channel's KW rows of the
 *                       column matrix each);
 *   NHWC pooling, im2col  the N*OH output rows;
 *   NHWC col2im         the N*H image rows (each pixel's sum whole);
 *   NHWC global pools   the N*C channels (each channel's sum whole).
 *
 * The plan uses as many threads as the work is worth: a thread for each
 * 5 us of work, estimated from the bytes the layer moves at a speed typical
 * of its op and layout (SKB_THREAD_MIN_NS, kernels/path_policy.h), so
 * layers of a few microseconds stay on one thread, where waking a pool
 * costs more than it saves.  The reference, the oracle, always runs on one thread.
 *
 *     pthreadpool_t pool = pthreadpool_create(0);   (0: one per core)
 *     skb_plan_layer(&p, NULL, SKB_OP_MAXPOOL, &in, &win, SKB_PATH_AUTO, &err);
 *     skb_plan_threads(&p, pool, 0, &err);
 *     void *ws = p.workspace_bytes ? malloc(p.workspace_bytes) : NULL;
 *     skb_execute(&p, src, dst, ws);
 *
 * One thread costs nothing: a plan without a pool makes the same single
 * call as before.  skb_run() reads the environment variable SKB_THREADS
 * (a count; unset or 1: one thread) and runs on a pool of that many
 * threads, created and destroyed per call.
 */
#ifndef SKB_H
#define SKB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#define SKB_RESTRICT
#else
#define SKB_RESTRICT restrict
#endif

#define SKB_CANONICAL_NAN_BITS UINT32_C(0x7FC00000)

/* pthreadpool's pool (pthreadpool_t is a pointer to it). */
struct pthreadpool;

typedef enum skb_layout { SKB_LAYOUT_NCHW = 0, SKB_LAYOUT_NHWC = 1, SKB_LAYOUT_COUNT } skb_layout;

/* The ops, ISAs and paths are listed once, in the registries skb_ops.inc,
 * skb_isas.inc and skb_paths.inc (installed beside this header). */
typedef enum skb_op {
#define SKB_OP_ENTRY(id, name) SKB_OP_##id,
#include "skb_ops.inc"
#undef SKB_OP_ENTRY
    SKB_OP_COUNT
} skb_op;

/* reference, scalar, sse (SSE4.1), avx2, avx512 (AVX-512 F+BW+VL+DQ). */
typedef enum skb_isa {
#define SKB_ISA_ENTRY(id, name, flags, cpu_check) SKB_ISA_##id,
#include "skb_isas.inc"
#undef SKB_ISA_ENTRY
    SKB_ISA_COUNT
} skb_isa;

typedef enum skb_status {
    SKB_OK = 0,
    SKB_ERR_NULL,         /* a required pointer is NULL */
    SKB_ERR_SIZE,         /* N, C, H or W below 1 */
    SKB_ERR_KERNEL,       /* kernel below 1, or wider than the padded input (see above) */
    SKB_ERR_STRIDE,       /* stride below 1 */
    SKB_ERR_DILATION,     /* dilation below 1 */
    SKB_ERR_PADDING,      /* negative, or a pooling window with no real element */
    SKB_ERR_OVERFLOW,     /* a size or byte count does not fit size_t */
    SKB_ERR_BAD_ENUM,     /* op or layout out of range */
    SKB_ERR_UNAVAILABLE,  /* the ISA is not built or not supported by this CPU */
    SKB_ERR_OVERLAP,      /* src and dst share memory (skb_run) */
    SKB_ERR_PATH,         /* the path asked for is not the op's or cannot serve the shape */
    SKB_ERR_NO_MEMORY     /* skb_run could not allocate its workspace */
} skb_status;

/* The paths kernels take through their data (see "Plans and paths"; each
 * is described in skb_paths.inc).  Which ones an op has:
 * skb_kernels.fn[op][layout][path] is not NULL. */
typedef enum skb_path {
#define SKB_PATH_ENTRY(id, name) SKB_PATH_##id,
#include "skb_paths.inc"
#undef SKB_PATH_ENTRY
    SKB_PATH_COUNT
} skb_path;

/* Filled by functions that can fail: which field was bad, and why. */
typedef struct skb_error {
    skb_status status;
    char message[192];
} skb_error;

/* Signed so that a negative size can be reported rather than wrapped. */
typedef struct skb_tensor_desc {
    int64_t n, c, h, w;
    skb_layout layout;
} skb_tensor_desc;

typedef struct skb_window {
    int64_t kernel_h, kernel_w;
    int64_t stride_h, stride_w;
    int64_t dilation_h, dilation_w;
    int64_t pad_top, pad_left, pad_bottom, pad_right;
    bool ceil_mode;
    bool count_include_pad; /* average pooling only */
} skb_window;

/*
 * A validated description, in the form kernels use.  For col2im, n/c/h/w is
 * the image written.  For global pools oh = ow = 1 and the window is the
 * whole plane.  Only skb_plan() should fill one.
 */
typedef struct skb_geometry {
    skb_op op;
    skb_layout layout;
    size_t n, c, h, w;
    size_t oh, ow;
    size_t kh, kw, sh, sw, dh, dw;
    size_t pad_top, pad_left, pad_bottom, pad_right;
    bool count_include_pad;
    size_t src_elems; /* floats read (whole batch) */
    size_t dst_elems; /* floats written (whole batch) */
    /* NHWC: floats from one input pixel to the next: c, or more where a
     * plan hands a thread a range of a wider tensor's channels.  Honoured
     * by the NHWC global pools, the only kernels a plan calls so. */
    size_t c_stride;
} skb_geometry;

/* Every path of every variant of every kernel has this signature.  It
 * checks nothing: g must come from a successful skb_plan() (another
 * geometry can make it read and write outside the buffers) and the path
 * must serve it (skb_plan_layer() says which do), src and dst must hold
 * g->src_elems and g->dst_elems floats and must not overlap, workspace
 * must hold the plan's workspace_bytes, aligned for a float (4 bytes; no
 * more is needed; NULL if 0), and the
 * CPU must have the variant's ISA (otherwise it dies with SIGILL).  The
 * safe paths are skb_plan_layer() + skb_execute() and skb_run(). */
typedef void (*skb_kernel_fn)(const skb_geometry *g, const float *SKB_RESTRICT src,
                              float *SKB_RESTRICT dst, void *SKB_RESTRICT workspace);

/* One table per ISA: fn[op][layout][path], NULL where the op has no such
 * path. */
typedef struct skb_kernels {
    skb_isa isa;
    const char *name; /* "reference", "scalar", "sse", "avx2", "avx512" */
    size_t lanes;     /* floats per vector: 1 for reference and scalar */
    skb_kernel_fn fn[SKB_OP_COUNT][SKB_LAYOUT_COUNT][SKB_PATH_COUNT];
} skb_kernels;

/* A layer decided once: its geometry, the table and path that run it, and
 * the workspace the path needs.  Filled by skb_plan_layer() only. */
typedef struct skb_layer_plan {
    skb_geometry geom;
    const skb_kernels *kernels;
    skb_path path;
    skb_kernel_fn fn;
    size_t workspace_bytes;       /* for all its threads */
    size_t threads;               /* tasks the work is split into; 1: one call */
    size_t task_workspace_bytes;  /* each task's share of the workspace */
    struct pthreadpool *pool;     /* runs the tasks; NULL: the calling thread */
} skb_layer_plan;

/* Validates (op, tensor, window) and fills *geom.  win may be NULL for the
 * global pools.  On failure returns the status, fills *err (if not NULL)
 * with a message naming the bad field, and leaves *geom unspecified. */
skb_status skb_plan(skb_op op, const skb_tensor_desc *tensor, const skb_window *win,
                    skb_geometry *geom, skb_error *err);

/* Output spatial size of one axis, or -1 if the window does not fit:
 * the formula above (in ceil mode, 1 for a window up to stride - 1 wider
 * than the padded input). */
int64_t skb_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
                        int64_t pad_lo, int64_t pad_hi, bool ceil_mode);

/* The table of an ISA, or NULL if this build or this CPU lacks it. */
const skb_kernels *skb_kernels_for(skb_isa isa);

/* The best table this CPU supports, capped by the environment variable
 * SKB_ISA=reference|scalar|sse|avx2|avx512 if set.  An unknown value is
 * reported once per process on stderr (also when threads race the first
 * call) and ignored. */
const skb_kernels *skb_default_kernels(void);

/* Name <-> ISA; skb_isa_from_name returns false for an unknown name (or a
 * NULL one) and stores the ISA only if isa is not NULL. */
const char *skb_isa_name(skb_isa isa);
bool skb_isa_from_name(const char *name, skb_isa *isa);
const char *skb_op_name(skb_op op);       /* "im2col", "maxpool", ... */
const char *skb_layout_name(skb_layout l); /* "nchw", "nhwc" */

/* Plans a layer: validates (op, tensor, window) as skb_plan() does, takes
 * table k (NULL: the default table), and picks the path (SKB_PATH_AUTO:
 * the one this shape runs best on; otherwise that path, or SKB_ERR_PATH if
 * the op has no such path or it cannot serve the shape).  On failure fills
 * *err (if not NULL) with a message naming the bad field or path. */
skb_status skb_plan_layer(skb_layer_plan *plan, const skb_kernels *k, skb_op op,
                          const skb_tensor_desc *tensor, const skb_window *win, skb_path path,
                          skb_error *err);

/* Lets a plan run on pool (see "Threads"): threads = 0 uses as many of the
 * pool's threads as the work is worth; threads = t splits the work into t
 * tasks whatever its size (tests and scaling studies do), fewer if it has
 * fewer units (planes, rows or channels).  pool may be NULL: the tasks then
 * run one after another in the calling thread.  Sets threads,
 * task_workspace_bytes and workspace_bytes (each task's share times the
 * tasks).  The pool must outlive the plan's executions; a plan on a pool
 * runs in one skb_execute() at a time (pthreadpool serialises its
 * callers).  Fails with SKB_ERR_NULL (no plan) or SKB_ERR_OVERFLOW. */
skb_status skb_plan_threads(skb_layer_plan *plan, struct pthreadpool *pool, size_t threads,
                            skb_error *err);

/* Runs a plan: src (geom.src_elems floats) into dst (geom.dst_elems
 * floats), with workspace holding workspace_bytes, aligned for a float
 * (NULL if that is 0), on the plan's threads.
 * Checks nothing.  One plan may run in many threads at once, each with its
 * own dst and workspace. */
void skb_execute(const skb_layer_plan *plan, const float *src, float *dst, void *workspace);

/* "rows_s2_pairs_k3", ...; skb_path_from_name as skb_isa_from_name. */
const char *skb_path_name(skb_path path);
bool skb_path_from_name(const char *name, skb_path *path);

/* The one-call convenience: plans (path chosen by the plan), refuses
 * overlapping buffers, allocates the workspace with malloc() if the path
 * needs one (SKB_ERR_NO_MEMORY if that fails) and frees it before
 * returning, and executes.  dst must hold geom.dst_elems floats.  src
 * (geom.src_elems floats) and dst must not share a byte: overlapping
 * buffers, in-place calls included, are refused with SKB_ERR_OVERLAP;
 * buffers that merely touch are fine.  A layer run more than once is
 * better planned once (no validation, choice or allocation per call). */
skb_status skb_run(const skb_kernels *k, skb_op op, const skb_tensor_desc *tensor,
                   const skb_window *win, const float *src, float *dst, skb_error *err);

#ifdef __cplusplus
}
#endif
#undef SKB_RESTRICT
#endif /* SKB_H */
