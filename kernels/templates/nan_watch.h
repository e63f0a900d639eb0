/* NaN found once per stretch of output instead of once per value.  A max
 * kernel computes a stretch (an output row) with plain max operations, then
 * asks whether the stretch raised the status flag that the max raises on
 * NaN (simd/mxcsr.h); only a stretch that did, one that read a NaN, is
 * computed again with per-value tracking, which gives the contract's
 * canonical NaN.  Without a NaN the two computations give the same bits, so
 * the result never depends on which one ran.  A probe, once a process,
 * checks that the flag is kept here at all (valgrind never raises it): if
 * not, every stretch is tracked, as it always is where the vocabulary has
 * no such flag (VF_MAX_FLAGS_NAN 0, the scalar variant) and in calls too
 * small to repay the status reads (SKB_NAN_WATCH_MIN_FLOATS).  The flags,
 * their masks and the rest of the caller's status are restored at the end.
 * Included after an f32_<isa>.h vocabulary. */
#ifndef SKB_TEMPLATES_NAN_WATCH_H
#define SKB_TEMPLATES_NAN_WATCH_H

#include "path_policy.h"

#include <math.h>
#include <stdatomic.h>
#include <stddef.h>

typedef struct skb_nan_watch {
    unsigned saved; /* the caller's status */
    int on;         /* stretches may skip tracking */
} skb_nan_watch;

/* Whether the max raises the flag here: 1 or 0 once probed, -1 before.
 * Threads that race to probe find the same answer. */
static _Atomic int skb_nan_flag_kept = -1;

static inline int skb_nan_flag_probe(void)
{
    const unsigned saved = vf_status_save();
    vf_status_clear(saved);
    volatile float nan_source = NAN; /* volatile: a max the compiler cannot fold */
    float probe[VF_WIDTH];
    vf_storeu(probe, vf_max_first(vf_zero(), vf_set1(nan_source)));
    __asm__ volatile("" : : "r"(probe) : "memory"); /* the max must run */
    const int kept = vf_status_invalid();
    vf_status_restore(saved);
    return kept;
}

/* Starts watching a call that reads `floats` input floats; returns whether
 * its stretches may run untracked. */
static inline int skb_nan_watch_begin(skb_nan_watch *w, size_t floats)
{
    w->on = 0;
    w->saved = 0;
    if (!VF_MAX_FLAGS_NAN || floats < SKB_NAN_WATCH_MIN_FLOATS)
        return 0;
    int kept = atomic_load_explicit(&skb_nan_flag_kept, memory_order_relaxed);
    if (kept < 0) {
        kept = skb_nan_flag_probe();
        atomic_store_explicit(&skb_nan_flag_kept, kept, memory_order_relaxed);
    }
    if (!kept)
        return 0;
    w->saved = vf_status_save();
    vf_status_clear(w->saved);
    w->on = 1;
    return 1;
}

/* Whether the stretch since the last call raised the flag; clears it. */
static inline int skb_nan_watch_raised(const skb_nan_watch *w)
{
    if (!vf_status_invalid())
        return 0;
    vf_status_clear(w->saved);
    return 1;
}

static inline void skb_nan_watch_end(const skb_nan_watch *w)
{
    if (VF_MAX_FLAGS_NAN && w->on)
        vf_status_restore(w->saved);
}

#endif
