/* Checks that im2col + sgemm per group (bench/heads/conv_gemm.c, what skb-heads
 * times) computes the convolution it claims to: forward and backward data
 * against a direct convolution in double precision, for plain, strided,
 * 1x7 / 7x1, asymmetrically padded, grouped, depthwise and pointwise
 * layers, with every kernel table the CPU has.  sgemm sums in its own
 * order, so the comparison allows float rounding: each element within
 * 1e-5 of the sum of the magnitudes of its terms. */
#include "conv_gemm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct conv_case {
    int64_t c, h, w, out, kh, kw, sh, sw, pt, pl, pb, pr, groups;
    const char *what;
} conv_case;

static const conv_case cases[] = {
    {3, 9, 9, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, "3x3, padding 1"},
    {4, 10, 11, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1, "3x3 stride 2"},
    {4, 9, 9, 4, 1, 7, 1, 1, 0, 3, 0, 3, 1, "1x7, padding 0x3"},
    {4, 9, 9, 5, 7, 1, 1, 1, 3, 0, 3, 0, 1, "7x1, padding 3x0"},
    {3, 8, 8, 3, 2, 2, 2, 2, 0, 0, 1, 1, 1, "2x2 stride 2, padding bottom and right"},
    {8, 9, 9, 8, 3, 3, 2, 2, 1, 1, 1, 1, 8, "depthwise 3x3 stride 2"},
    {8, 7, 7, 8, 3, 3, 1, 1, 1, 1, 1, 1, 8, "depthwise 3x3"},
    {6, 7, 7, 12, 3, 3, 1, 1, 1, 1, 1, 1, 3, "3 groups, 2 channels in, 4 out"},
    {6, 5, 5, 9, 1, 1, 1, 1, 0, 0, 0, 0, 3, "pointwise, 3 groups"},
    {5, 6, 6, 7, 1, 1, 2, 2, 0, 0, 0, 0, 1, "1x1 stride 2"},
};

static float value(size_t i, uint64_t seed)
{
    uint64_t x = (i + 1) * 0x9E3779B97F4A7C15ull ^ seed * 0xD1B54A32D192ED03ull;
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 32;
    return (float)(x >> 40) / 8388608.0f - 1.0f;
}

static float *random_floats(size_t n, uint64_t seed)
{
    float *p = malloc((n ? n : 1) * sizeof *p);
    for (size_t i = 0; p && i < n; i++)
        p[i] = value(i, seed);
    return p;
}

/* The input position a tap reads, or -1 in the padding. */
static int64_t source(int64_t o, int64_t stride, int64_t pad, int64_t k, int64_t size)
{
    const int64_t at = o * stride - pad + k;
    return at >= 0 && at < size ? at : -1;
}

/* Direct convolution and its data gradient, in double: sums and sums of
 * magnitudes per element. */
static void direct(const layer *l, const float *x, const float *wt, const float *dy, double *y,
                   double *y_mag, double *dx, double *dx_mag)
{
    const int64_t oh = layer_out_h(l), ow = layer_out_w(l), cg = l->c / l->groups;
    const int64_t og = l->out / l->groups;
    memset(dx, 0, (size_t)(l->c * l->h * l->w) * sizeof *dx);
    memset(dx_mag, 0, (size_t)(l->c * l->h * l->w) * sizeof *dx_mag);
    for (int64_t o = 0; o < l->out; o++)
        for (int64_t oy = 0; oy < oh; oy++)
            for (int64_t ox = 0; ox < ow; ox++) {
                double sum = 0, mag = 0;
                const size_t yi = (size_t)((o * oh + oy) * ow + ox);
                for (int64_t ci = 0; ci < cg; ci++)
                    for (int64_t ky = 0; ky < l->kh; ky++)
                        for (int64_t kx = 0; kx < l->kw; kx++) {
                            const int64_t iy = source(oy, l->sh, l->pad_top, ky, l->h);
                            const int64_t ix = source(ox, l->sw, l->pad_left, kx, l->w);
                            if (iy < 0 || ix < 0)
                                continue;
                            const int64_t c = o / og * cg + ci;
                            const size_t xi = (size_t)((c * l->h + iy) * l->w + ix);
                            const double w = wt[((o * cg + ci) * l->kh + ky) * l->kw + kx];
                            sum += w * x[xi];
                            mag += fabs(w * x[xi]);
                            dx[xi] += w * dy[yi];
                            dx_mag[xi] += fabs(w * dy[yi]);
                        }
                y[yi] = sum;
                y_mag[yi] = mag;
            }
}

static int compare(const char *what, const char *pass, const char *isa, const float *got,
                   const double *want, const double *mag, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(fabs(got[i] - want[i]) <= 1e-5 * mag[i] + 1e-30)) {
            fprintf(stderr, "FAILED: %s, %s, %s: element %zu is %.9g, the direct conv %.9g\n",
                    what, pass, isa, i, got[i], want[i]);
            return 1;
        }
    return 0;
}

int main(void)
{
    int failures = 0, checked = 0;
    for (size_t n = 0; n < sizeof cases / sizeof cases[0]; n++) {
        const conv_case *t = &cases[n];
        const layer l = {.kind = LAYER_CONV, .c = t->c, .h = t->h, .w = t->w, .out = t->out,
                         .kh = t->kh, .kw = t->kw, .sh = t->sh, .sw = t->sw,
                         .pad_top = t->pt, .pad_left = t->pl, .pad_bottom = t->pb,
                         .pad_right = t->pr, .groups = t->groups, .count = 1};
        conv_gemm c;
        skb_error err;
        if (!conv_gemm_plan(&l, NULL, &c, &err)) {
            fprintf(stderr, "FAILED: %s: %s\n", t->what, err.message);
            failures++;
            continue;
        }
        const size_t in = conv_gemm_image_floats(&c), out = conv_gemm_output_floats(&c);
        float *x = random_floats(in, 1), *wt = random_floats(conv_gemm_weight_floats(&c), 2);
        float *dy = random_floats(out, 3), *columns = random_floats(conv_gemm_column_floats(&c), 4);
        float *y = random_floats(out, 5), *dx = random_floats(in, 6);
        double *want_y = malloc(out * sizeof *want_y), *mag_y = malloc(out * sizeof *mag_y);
        double *want_dx = malloc(in * sizeof *want_dx), *mag_dx = malloc(in * sizeof *mag_dx);
        if (!x || !wt || !dy || !columns || !y || !dx || !want_y || !mag_y || !want_dx ||
            !mag_dx) {
            fprintf(stderr, "out of memory\n");
            return 2;
        }
        direct(&l, x, wt, dy, want_y, mag_y, want_dx, mag_dx);
        for (int isa = 0; isa < SKB_ISA_COUNT; isa++) {
            const skb_kernels *k = skb_kernels_for((skb_isa)isa);
            if (!k)
                continue;
            if (!conv_gemm_plan(&l, k, &c, &err)) {
                fprintf(stderr, "FAILED: %s: %s: %s\n", t->what, k->name, err.message);
                failures++;
                continue;
            }
            conv_gemm_forward(&c, x, wt, columns, y);
            failures += compare(t->what, "forward", k->name, y, want_y, mag_y, out);
            conv_gemm_backward_data(&c, dx, wt, columns, dy);
            failures += compare(t->what, "backward data", k->name, dx, want_dx, mag_dx, in);
            checked++;
        }
        free(x), free(wt), free(dy), free(columns), free(y), free(dx);
        free(want_y), free(mag_y), free(want_dx), free(mag_dx);
    }
    printf("conv_gemm: %d layer x kernel table runs checked against a direct convolution, "
           "%d failed\n", checked, failures);
    return failures != 0;
}
