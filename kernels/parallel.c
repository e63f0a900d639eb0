/* Threads: how a plan's work is split into tasks, and running them on a
 * pthreadpool.  Every task is a smaller problem the plan's kernel solves as
 * it stands (a sub-geometry and pointer offsets), so each output element is
 * computed whole by one task, in the contract's order, whatever the number
 * of tasks.  The units split (skb.h, "Threads"):
 *   blocks  a vector's worth of channels of one image: NCHW pooling
 *           planes (a run of planes is contiguous in both tensors), NHWC
 *           global pools (a channel range, read with the tensor's pixel
 *           stride, c_stride);
 *   kernel rows  one kernel row of one channel: NCHW im2col (its kw rows
 *           of the column matrix are contiguous; a 3-channel 3x3 first
 *           layer is 9 units, not 3);
 *   rows    one output row of one image: NHWC pooling and im2col (the
 *           window origin shifted to the range's first row);
 *   image rows  one image row: NHWC col2im (the range's columns all read,
 *           only its rows written, each pixel's sum whole);
 *   plane rows  one image row of one channel: NCHW col2im (the same, plane
 *           by plane). */
#include "path_policy.h"
#include "skb.h"

#include <pthreadpool.h>
#include <stdio.h>

/* pthreadpool, built without ThreadSanitizer, hands a job to its workers
 * and back through atomics the sanitizer cannot see; in a ThreadSanitizer
 * build (tests/tsan.sh) those two edges are declared, on two addresses of
 * the job, so that tasks gain no edge between each other and a race between
 * two tasks still shows. */
#if defined(__SANITIZE_THREAD__)
#define SKB_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SKB_TSAN 1
#endif
#endif
#ifdef SKB_TSAN
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define tsan_release(at) __tsan_release(at)
#define tsan_acquire(at) __tsan_acquire(at)
#else
#define tsan_release(at) ((void)(at))
#define tsan_acquire(at) ((void)(at))
#endif

typedef enum split {
    SPLIT_BLOCKS,
    SPLIT_KERNEL_ROWS,
    SPLIT_PLANE_ROWS,
    SPLIT_ROWS,
    SPLIT_IMAGE_ROWS
} split;

static split split_of(const skb_geometry *g)
{
    if (g->layout == SKB_LAYOUT_NCHW)
        return g->op == SKB_OP_IM2COL   ? SPLIT_KERNEL_ROWS
               : g->op == SKB_OP_COL2IM ? SPLIT_PLANE_ROWS
                                        : SPLIT_BLOCKS;
    if (g->op == SKB_OP_GLOBAL_AVGPOOL || g->op == SKB_OP_GLOBAL_MAXPOOL)
        return SPLIT_BLOCKS;
    return g->op == SKB_OP_COL2IM ? SPLIT_IMAGE_ROWS : SPLIT_ROWS;
}

/* Units per image. */
static size_t image_units(const skb_geometry *g, size_t lanes)
{
    switch (split_of(g)) {
    case SPLIT_BLOCKS:
        return (g->c + lanes - 1) / lanes;
    case SPLIT_KERNEL_ROWS:
        return g->c * g->kh;
    case SPLIT_PLANE_ROWS:
        return g->c * g->h;
    case SPLIT_ROWS:
        return g->oh;
    default:
        return g->h;
    }
}

/* First unit of task i of t over `units`: the remainder spread over the
 * first tasks, no product that can overflow. */
static size_t task_start(size_t units, size_t t, size_t i)
{
    const size_t q = units / t, r = units % t;
    return i * q + (i < r ? i : r);
}

typedef struct job {
    const skb_layer_plan *plan;
    const float *src;
    float *dst;
    char *workspace;
    size_t image_units;
    char handed_out, handed_back; /* ThreadSanitizer's edges only */
} job;

/* Calls the kernel on `sub`, its data at src + in and dst + out. */
static void call(const job *j, skb_geometry *sub, size_t in, size_t out, size_t dst_elems,
                 void *workspace)
{
    sub->src_elems = j->plan->geom.src_elems - in; /* reads stay inside the tensor */
    sub->dst_elems = dst_elems;                    /* writes stay inside the task's part */
    j->plan->fn(sub, j->src + in, j->dst + out, workspace);
}

/* Units [a, b) of image `image`, a < b <= image_units. */
static void run_part(const job *j, size_t image, size_t a, size_t b, void *workspace)
{
    const skb_geometry *g = &j->plan->geom;
    const size_t lanes = j->plan->kernels->lanes;
    const size_t in_image = g->src_elems / g->n, out_image = g->dst_elems / g->n;
    skb_geometry sub = *g;
    sub.n = 1;
    switch (split_of(g)) {
    case SPLIT_BLOCKS: {
        const size_t c0 = a * lanes, c1 = b * lanes < g->c ? b * lanes : g->c;
        sub.c = c1 - c0;
        if (g->layout == SKB_LAYOUT_NCHW) { /* whole planes */
            const size_t in_plane = in_image / g->c, out_plane = out_image / g->c;
            call(j, &sub, image * in_image + c0 * in_plane, image * out_image + c0 * out_plane,
                 sub.c * out_plane, workspace);
        } else { /* NHWC global pools: channels c0.. of every pixel */
            call(j, &sub, image * in_image + c0, image * out_image + c0, sub.c, workspace);
        }
        return;
    }
    case SPLIT_KERNEL_ROWS: {
        /* Units a..b, unit u = (channel u / kh, kernel row u % kh): whole
         * channels in one call, a channel's part one kernel row at a time,
         * each a one-row window (kh = 1) moved down by ky*dh rows. */
        const size_t in_plane = g->h * g->w, out_row_block = out_image / (g->c * g->kh);
        while (a < b) {
            const size_t c = a / g->kh, ky = a % g->kh;
            const size_t at = image * out_image + a * out_row_block;
            skb_geometry one = sub; /* one image */
            if (ky == 0 && b - a >= g->kh) {
                one.c = (b - a) / g->kh;
                call(j, &one, image * in_image + c * in_plane, at, one.c * g->kh * out_row_block,
                     workspace);
                a += one.c * g->kh;
                continue;
            }
            const size_t drop = ky * g->dh; /* rows the window moves down */
            size_t skipped = 0;             /* input rows above its first tap */
            one.c = 1;
            one.kh = 1;
            if (drop <= g->pad_top) {
                one.pad_top = g->pad_top - drop;
            } else {
                skipped = drop - g->pad_top;
                one.pad_top = 0;
                if (skipped >= g->h) { /* every tap in the bottom padding */
                    for (size_t i = 0; i < out_row_block; i++)
                        j->dst[at + i] = 0.0f;
                    a++;
                    continue;
                }
                one.h = g->h - skipped;
            }
            call(j, &one, image * in_image + c * in_plane + skipped * g->w, at, out_row_block,
                 workspace);
            a++;
        }
        return;
    }
    case SPLIT_PLANE_ROWS: {
        /* Units a..b, unit u = (channel u / h, image row u % h): whole
         * channels in one call, a channel's part as its rows r0..r1 alone,
         * the row origin moved down by r0 (every column row of the channel
         * read, only the taps landing in those rows added, each pixel's sum
         * whole). */
        const size_t in_plane = in_image / g->c, plane = g->h * g->w;
        while (a < b) {
            const size_t c = a / g->h, r0 = a % g->h;
            skb_geometry part = sub; /* one image */
            if (r0 == 0 && b - a >= g->h) {
                part.c = (b - a) / g->h;
                call(j, &part, image * in_image + c * in_plane, image * out_image + c * plane,
                     part.c * plane, workspace);
                a += part.c * g->h;
                continue;
            }
            const size_t r1 = b - a < g->h - r0 ? r0 + (b - a) : g->h;
            part.c = 1;
            part.h = r1 - r0;
            part.pad_top = g->pad_top + r0;
            part.pad_bottom = g->pad_bottom + (g->h - r1);
            call(j, &part, image * in_image + c * in_plane,
                 image * out_image + c * plane + r0 * g->w, (r1 - r0) * g->w, workspace);
            a += r1 - r0;
        }
        return;
    }
    case SPLIT_ROWS: {
        /* Output rows a..b: the windows start a*sh rows further down. */
        const size_t out_row = out_image / g->oh, first = a * g->sh;
        size_t skipped = 0; /* input rows above the range's first window */
        sub.oh = b - a;
        if (first <= g->pad_top) {
            sub.pad_top = g->pad_top - first;
        } else {
            skipped = first - g->pad_top;
            if (skipped >= g->h) {
                /* im2col windows wholly in the bottom padding (pooling
                 * refuses those): every tap is padding, +0.0f. */
                float *out = j->dst + image * out_image + a * out_row;
                for (size_t i = 0; i < (b - a) * out_row; i++)
                    out[i] = 0.0f;
                return;
            }
            sub.pad_top = 0;
            sub.h = g->h - skipped;
        }
        call(j, &sub, image * in_image + skipped * g->w * g->c, image * out_image + a * out_row,
             (b - a) * out_row, workspace);
        return;
    }
    default: {
        /* Image rows a..b: every window's columns are read, only the taps
         * landing in these rows are added (the row origin moves down by a,
         * the padded bounds with it). */
        const size_t row = g->w * g->c;
        sub.h = b - a;
        sub.pad_top = g->pad_top + a;
        sub.pad_bottom = g->pad_bottom + (g->h - b);
        call(j, &sub, image * in_image, image * out_image + a * row, (b - a) * row, workspace);
        return;
    }
    }
}

/* Task i: units [u0, u1) of the batch, whole images in one call. */
static void run_task(void *context, size_t i)
{
    job *j = context;
    tsan_acquire(&j->handed_out);
    const skb_layer_plan *p = j->plan;
    const skb_geometry *g = &p->geom;
    const size_t per_image = j->image_units, units = g->n * per_image;
    void *workspace = p->task_workspace_bytes ? j->workspace + i * p->task_workspace_bytes : NULL;
    size_t u = task_start(units, p->threads, i);
    const size_t end = task_start(units, p->threads, i + 1);
    while (u < end) {
        const size_t image = u / per_image, a = u % per_image;
        if (a == 0 && end - u >= per_image) {
            const size_t images = (end - u) / per_image;
            skb_geometry sub = *g;
            sub.n = images;
            const size_t in_image = g->src_elems / g->n, out_image = g->dst_elems / g->n;
            call(j, &sub, image * in_image, image * out_image, images * out_image, workspace);
            u += images * per_image;
            continue;
        }
        const size_t b = end - u < per_image - a ? a + (end - u) : per_image;
        run_part(j, image, a, b, workspace);
        u += b - a;
    }
    tsan_release(&j->handed_back);
}

skb_status skb_plan_threads(skb_layer_plan *plan, struct pthreadpool *pool, size_t threads,
                            skb_error *err)
{
    if (!plan) {
        if (err) {
            err->status = SKB_ERR_NULL;
            snprintf(err->message, sizeof err->message, "plan: NULL pointer");
        }
        return SKB_ERR_NULL;
    }
    const skb_geometry *g = &plan->geom;
    size_t t = threads;
    if (t == 0) { /* as many of the pool's threads as the work is worth */
        t = pthreadpool_get_threads_count(pool);
        if (t > skb_threads_worth(g))
            t = skb_threads_worth(g);
    }
    const size_t units = g->n * image_units(g, plan->kernels->lanes);
    if (t > units)
        t = units;
    if (t < 1 || plan->kernels->isa == SKB_ISA_REFERENCE) /* the oracle: one thread */
        t = 1;

    /* Each task's share, rounded up to a cache line so that neighbouring
     * tasks never write the same line. */
    const size_t one = t == 1 ? plan->task_workspace_bytes
                              : (plan->task_workspace_bytes + 63) / 64 * 64;
    size_t total;
    if (one < plan->task_workspace_bytes || __builtin_mul_overflow(one, t, &total)) {
        if (err) {
            err->status = SKB_ERR_OVERFLOW;
            snprintf(err->message, sizeof err->message,
                     "threads = %zu: the workspace of %zu tasks does not fit size_t", threads, t);
        }
        return SKB_ERR_OVERFLOW;
    }
    plan->threads = t;
    plan->pool = t == 1 ? NULL : pool;
    plan->task_workspace_bytes = one;
    plan->workspace_bytes = total;
    return SKB_OK;
}

void skb_execute(const skb_layer_plan *plan, const float *src, float *dst, void *workspace)
{
    if (plan->threads <= 1) {
        plan->fn(&plan->geom, src, dst, workspace);
        return;
    }
    job j = {plan, src, dst, workspace, image_units(&plan->geom, plan->kernels->lanes), 0, 0};
    tsan_release(&j.handed_out);
    /* Workers keep the caller's handling of denormals (pthreadpool's flag
     * to flush them would change bits) and sleep in the kernel once done:
     * spinning workers, pthreadpool's default, starve whatever else runs on
     * the cores (on a busy 2-core machine a call took milliseconds instead
     * of tens of microseconds). */
    pthreadpool_parallelize_1d(plan->pool, run_task, &j, plan->threads,
                               PTHREADPOOL_FLAG_YIELD_WORKERS);
    tsan_acquire(&j.handed_back);
}
