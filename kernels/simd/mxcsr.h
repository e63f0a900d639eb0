/* The SSE status register (MXCSR) as a NaN detector, for the x86 vector
 * vocabularies.  (V)MAXPS raises MXCSR's sticky invalid flag whenever an
 * operand is NaN, quiet or signalling (Intel SDM, MAXPS: "Invalid
 * (including QNaN Source Operand)"), so a run of max operations with the
 * flag still clear afterwards saw no NaN.  Kernels use it through
 * templates/nan_watch.h, which also checks that the flag really is kept
 * (valgrind, for one, never raises it). */
#ifndef SKB_SIMD_MXCSR_H
#define SKB_SIMD_MXCSR_H

#include <immintrin.h>

/* The max operation raises the invalid flag on NaN. */
#define VF_MAX_FLAGS_NAN 1

#define SKB_MXCSR_FLAGS 0x3Fu   /* the six sticky exception flags */
#define SKB_MXCSR_INVALID 0x1u  /* the invalid-operation flag */
#define SKB_MXCSR_MASKS 0x1F80u /* the six exception masks */

/* The memory clobbers keep the compiler from moving loads and stores (and
 * so the arithmetic between them) across a read or write of the flags. */
static inline unsigned vf_status_save(void)
{
    __asm__ volatile("" ::: "memory");
    return _mm_getcsr();
}

/* Clears the flags and masks every exception (a NaN must set the flag,
 * never trap); rounding, DAZ and FTZ stay the caller's. */
static inline void vf_status_clear(unsigned saved)
{
    _mm_setcsr((saved | SKB_MXCSR_MASKS) & ~SKB_MXCSR_FLAGS);
    __asm__ volatile("" ::: "memory");
}

static inline int vf_status_invalid(void)
{
    __asm__ volatile("" ::: "memory");
    return (_mm_getcsr() & SKB_MXCSR_INVALID) != 0;
}

static inline void vf_status_restore(unsigned saved)
{
    __asm__ volatile("" ::: "memory");
    _mm_setcsr(saved);
}

#endif
