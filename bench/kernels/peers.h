/* Peer libraries timed beside skb in the same process, on the same shapes:
 * oneDNN and XNNPACK where they were found at build time.  Each peer
 * prepares an operator for a validated skb geometry and runs it; the
 * benchmark checks its output against skb's reference before timing it. */
#ifndef SKB_BENCH_PEERS_H
#define SKB_BENCH_PEERS_H

#include "kernels_bench.h"

typedef struct peer {
    const char *name; /* the variant column: "onednn", "xnnpack" */
    bool nhwc_only;
    /* Makes an operator computing g on src into dst (fixed buffers); false
     * with a reason in why if the peer cannot do this op or layout.  label
     * receives the implementation the peer chose. */
    bool (*prepare)(void **op, const skb_geometry *g, const float *src, float *dst, char *label,
                    size_t label_size, char *why, size_t why_size);
    void (*run)(void *op);
    void (*release)(void *op);
    /* The threads the following prepare and run calls use: oneDNN's OpenMP
     * threads, or an XNNPACK pthreadpool of that many. */
    void (*set_threads)(size_t threads);
} peer;

extern const peer peer_onednn;
extern const peer peer_xnnpack;

/* Registers op/layout/<peer>/shape for every peer compiled in, at each of
 * opt's thread counts (/t<t> after the name past one); returns the number
 * registered. */
size_t register_peer_benchmarks(const shape_list *shapes, const kernel_bench_options *opt);

#endif
