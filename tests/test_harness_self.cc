// The checks themselves must be able to fail: a kernel that breaks the
// contract is caught by the comparison, and a buffer overrun is caught by
// the guard page.
#include "tester.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

namespace {

// Average pooling summed in reverse (kx) order: the same sums in exact
// arithmetic, other bits in float.
void avgpool_reversed(const skb_geometry *g, const float *src, float *dst, void *)
{
    for (size_t n = 0; n < g->n; n++)
        for (size_t c = 0; c < g->c; c++)
            for (size_t oy = 0; oy < g->oh; oy++)
                for (size_t ox = 0; ox < g->ow; ox++) {
                    float sum = 0.0f;
                    size_t count = 0;
                    for (size_t ky = 0; ky < g->kh; ky++)
                        for (size_t kx = g->kw; kx-- > 0;) {
                            const ptrdiff_t iy = (ptrdiff_t)(oy * g->sh + ky) - (ptrdiff_t)g->pad_top;
                            const ptrdiff_t ix = (ptrdiff_t)(ox * g->sw + kx) - (ptrdiff_t)g->pad_left;
                            if (iy < 0 || ix < 0 || (size_t)iy >= g->h || (size_t)ix >= g->w)
                                continue;
                            sum += src[((n * g->c + c) * g->h + (size_t)iy) * g->w + (size_t)ix];
                            count++;
                        }
                    dst[((n * g->c + c) * g->oh + oy) * g->ow + ox] = sum / (float)count;
                }
}

// The reference global max pool, but blind to the last channel: a tail bug.
void global_maxpool_drops_tail(const skb_geometry *g, const float *src, float *dst, void *)
{
    skb_geometry shorter = *g;
    if (shorter.c > 1)
        shorter.c--;
    float *out = dst;
    for (size_t n = 0; n < g->n; n++) {
        skb_geometry one = shorter;
        one.n = 1;
        skb_kernels_for(SKB_ISA_REFERENCE)
            ->fn[SKB_OP_GLOBAL_MAXPOOL][SKB_LAYOUT_NCHW][SKB_PATH_DIRECT](
                &one, src + n * g->c * g->h * g->w, out + n * g->c, nullptr);
    }
}

bool grid_catches(skb_kernel_fn broken, skb_op op, std::string *first)
{
    const auto cases = shape_grid(op, SKB_LAYOUT_NCHW, GridSize::small);
    for (size_t i = 0; i < cases.size(); i++) {
        const CaseTester tester(cases[i], InputKind::random, i);
        const Comparison r = tester.check(broken, GuardSide::after);
        if (!r.equal) {
            *first = r.detail;
            return true;
        }
    }
    return false;
}

// Runs fn in a child process; true if the child died of SIGSEGV or SIGBUS.
template <class F> bool faults(F fn)
{
    const pid_t pid = fork();
    if (pid == 0) {
        // The test framework's own handlers would catch the fault.
        std::signal(SIGSEGV, SIG_DFL);
        std::signal(SIGBUS, SIG_DFL);
        fn();
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && (WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGBUS);
}

} // namespace

TEST_CASE("the comparison catches a wrong summation order", "[self]")
{
    std::string detail;
    REQUIRE(grid_catches(avgpool_reversed, SKB_OP_AVGPOOL, &detail));
    INFO(detail);
    CHECK(detail.find("first difference at output index") != std::string::npos);
}

TEST_CASE("the comparison catches a channel-tail bug", "[self]")
{
    std::string detail;
    REQUIRE(grid_catches(global_maxpool_drops_tail, SKB_OP_GLOBAL_MAXPOOL, &detail));
    CHECK(detail.find("0xFFFFFFFF") != std::string::npos); // the unwritten sentinel
}

TEST_CASE("the guard pages catch one float past either end", "[self]")
{
    CHECK(faults([] {
        GuardedBuffer b(37, GuardSide::after);
        volatile float *p = b.data();
        p[37] = 1.0f;
    }));
    CHECK(faults([] {
        GuardedBuffer b(37, GuardSide::before);
        volatile float *p = b.data();
        (void)p[-1];
    }));
    CHECK(!faults([] {
        GuardedBuffer b(37, GuardSide::after);
        volatile float *p = b.data();
        p[0] = p[36];
    }));
}
