/* Dispatch: which ISA tables this build and this CPU offer, and the default. */
#include "path_policy.h"
#include "skb.h"
#include "tables.h"

#include <pthreadpool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

/* Names, CPU checks and tables, from the registries (skb_isas.inc,
 * skb_ops.inc). */
static const char *const isa_names[SKB_ISA_COUNT] = {
#define SKB_ISA_ENTRY(id, name, flags, cpu_check) [SKB_ISA_##id] = #name,
#include "skb_isas.inc"
#undef SKB_ISA_ENTRY
};

/* "reference, scalar, ...": for the message about an unknown SKB_ISA. */
#define SKB_ISA_ENTRY(id, name, flags, cpu_check) ", " #name
static const char isa_list[] =
#include "skb_isas.inc"
    ;
#undef SKB_ISA_ENTRY

const char *skb_isa_name(skb_isa isa)
{
    return (unsigned)isa < SKB_ISA_COUNT ? isa_names[isa] : "unknown";
}

bool skb_isa_from_name(const char *name, skb_isa *isa)
{
    for (int i = 0; name && i < SKB_ISA_COUNT; i++)
        if (strcmp(name, isa_names[i]) == 0) {
            if (isa)
                *isa = (skb_isa)i;
            return true;
        }
    return false;
}

const char *skb_op_name(skb_op op)
{
    static const char *const names[SKB_OP_COUNT] = {
#define SKB_OP_ENTRY(id, name) [SKB_OP_##id] = #name,
#include "skb_ops.inc"
#undef SKB_OP_ENTRY
    };
    return (unsigned)op < SKB_OP_COUNT ? names[op] : "unknown";
}

const char *skb_layout_name(skb_layout l)
{
    return l == SKB_LAYOUT_NCHW ? "nchw" : l == SKB_LAYOUT_NHWC ? "nhwc" : "unknown";
}

/* The registry's CPU check of an ISA (see skb_isas.inc). */
static bool cpu_has(skb_isa isa)
{
    __builtin_cpu_init();
    switch (isa) {
#define SKB_ISA_ENTRY(id, name, flags, cpu_check) \
    case SKB_ISA_##id:                                    \
        return cpu_check;
#include "skb_isas.inc"
#undef SKB_ISA_ENTRY
    default:
        return false;
    }
}

static const skb_kernels *built_table(skb_isa isa)
{
    switch (isa) {
#define SKB_ISA_ENTRY(id, name, flags, cpu_check) \
    case SKB_ISA_##id:                                    \
        return &skb_##name##_kernels;
#include "skb_isas.inc"
#undef SKB_ISA_ENTRY
    default:
        return NULL;
    }
}

const skb_kernels *skb_kernels_for(skb_isa isa)
{
    if ((unsigned)isa >= SKB_ISA_COUNT || !cpu_has(isa))
        return NULL;
    return built_table(isa);
}

static const skb_kernels *choose_default(void)
{
    const skb_isa best = (skb_isa)(SKB_ISA_COUNT - 1);
    skb_isa cap = best;
    const char *env = getenv("SKB_ISA");
    if (env && *env && !skb_isa_from_name(env, &cap)) {
        fprintf(stderr, "skb: SKB_ISA=%s is not one of %s; ignored\n", env, isa_list + 2);
        cap = best;
    }
    for (int isa = cap; isa >= 0; isa--) {
        const skb_kernels *k = skb_kernels_for((skb_isa)isa);
        if (k)
            return k;
    }
    return &skb_reference_kernels;
}

/* Chosen once per process: call_once also makes threads that race the
 * first call wait for it, so an unknown SKB_ISA is reported once. */
static once_flag default_once = ONCE_FLAG_INIT;
static const skb_kernels *default_table;

static void choose_default_once(void)
{
    default_table = choose_default();
}

const skb_kernels *skb_default_kernels(void)
{
    call_once(&default_once, choose_default_once);
    return default_table;
}

/* SKB_THREADS: a whole number from 1 to 1024; anything else means 1. */
static size_t threads_from_environment(void)
{
    const char *text = getenv("SKB_THREADS");
    if (!text || !*text)
        return 1;
    char *end;
    const unsigned long count = strtoul(text, &end, 10);
    return *end == '\0' && text[0] != '-' && count >= 1 && count <= 1024 ? (size_t)count : 1;
}

skb_status skb_run(const skb_kernels *k, skb_op op, const skb_tensor_desc *tensor,
                   const skb_window *win, const float *src, float *dst, skb_error *err)
{
    skb_layer_plan plan;
    const skb_status s = skb_plan_layer(&plan, k, op, tensor, win, SKB_PATH_AUTO, err);
    if (s != SKB_OK)
        return s;
    const skb_geometry *g = &plan.geom;
    if (!src || !dst) {
        if (err) {
            err->status = SKB_ERR_NULL;
            snprintf(err->message, sizeof err->message, "%s: NULL data pointer",
                     src ? "dst" : "src");
        }
        return SKB_ERR_NULL;
    }
    /* Kernels read src after writing parts of dst; shared bytes would give
     * wrong answers that depend on the variant, so they are refused. */
    const uintptr_t src_at = (uintptr_t)src, dst_at = (uintptr_t)dst;
    const size_t src_bytes = g->src_elems * sizeof(float), dst_bytes = g->dst_elems * sizeof(float);
    if (src_at < dst_at + dst_bytes && dst_at < src_at + src_bytes) {
        if (err) {
            err->status = SKB_ERR_OVERLAP;
            snprintf(err->message, sizeof err->message,
                     "src (%zu bytes at %p) and dst (%zu bytes at %p) overlap: input and "
                     "output must be separate buffers",
                     src_bytes, (const void *)src, dst_bytes, (void *)dst);
        }
        return SKB_ERR_OVERLAP;
    }
    /* SKB_THREADS > 1: a pool for this call, if the work is worth it. */
    pthreadpool_t pool = NULL;
    const size_t threads = threads_from_environment();
    if (threads > 1 && skb_threads_worth(g) > 1 && plan.kernels->isa != SKB_ISA_REFERENCE) {
        /* Without a pool (none created, or a workspace too large to
         * book), the plan stays on one thread: the same bits. */
        pool = pthreadpool_create(threads);
        if (pool && skb_plan_threads(&plan, pool, 0, NULL) != SKB_OK) {
            pthreadpool_destroy(pool);
            pool = NULL;
        }
    }
    /* The workspace lives for this call only: a caller that runs a layer
     * often plans it once and keeps its own. */
    void *workspace = NULL;
    if (plan.workspace_bytes) {
        workspace = malloc(plan.workspace_bytes);
        if (!workspace) {
            if (pool)
                pthreadpool_destroy(pool);
            if (err) {
                err->status = SKB_ERR_NO_MEMORY;
                snprintf(err->message, sizeof err->message,
                         "workspace: could not allocate %zu bytes for the %s path",
                         plan.workspace_bytes, skb_path_name(plan.path));
            }
            return SKB_ERR_NO_MEMORY;
        }
    }
    skb_execute(&plan, src, dst, workspace);
    free(workspace);
    if (pool)
        pthreadpool_destroy(pool);
    return SKB_OK;
}
