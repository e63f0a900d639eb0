/* Runs every path of every variant the CPU offers, both layouts, on layers
 * of VGG16 and Inception-v3, in a thread whose stack is 64 KiB (smaller
 * than musl's default of 128 KiB; a guard page below it turns an overflow
 * into a crash), and checks each output against the reference's bytes. */
#define _POSIX_C_SOURCE 200809L
#include "skb.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct layer {
    const char *name;
    skb_op op;
    int64_t c, h, w, k, s, pad;
} layer;

static const layer layers[] = {
    {"vgg16.conv1_1", SKB_OP_IM2COL, 3, 224, 224, 3, 1, 1},
    {"vgg16.conv5_1", SKB_OP_IM2COL, 512, 14, 14, 3, 1, 1},
    {"vgg16.conv5_1 backward", SKB_OP_COL2IM, 512, 14, 14, 3, 1, 1},
    {"vgg16.pool1", SKB_OP_MAXPOOL, 64, 224, 224, 2, 2, 0},
    {"vgg16.pool3", SKB_OP_MAXPOOL, 256, 56, 56, 2, 2, 0},
    {"vgg16.pool5", SKB_OP_MAXPOOL, 512, 14, 14, 2, 2, 0},
    {"vgg16.gap", SKB_OP_GLOBAL_AVGPOOL, 512, 7, 7, 1, 1, 0},
    {"vgg16.gmp", SKB_OP_GLOBAL_MAXPOOL, 512, 7, 7, 1, 1, 0},
    {"inception_v3.conv2", SKB_OP_IM2COL, 32, 147, 147, 3, 1, 0},
    {"inception_v3.pool1", SKB_OP_MAXPOOL, 64, 147, 147, 3, 2, 0},
    {"inception_v3.pool2", SKB_OP_MAXPOOL, 192, 71, 71, 3, 2, 0},
    {"inception_v3.mixed5b_pool", SKB_OP_AVGPOOL, 192, 35, 35, 3, 1, 1},
    {"inception_v3.mixed6b_pool", SKB_OP_AVGPOOL, 768, 17, 17, 3, 1, 1},
    {"inception_v3.mixed7b_pool", SKB_OP_AVGPOOL, 1280, 8, 8, 3, 1, 1},
    {"inception_v3.mixed6a_pool", SKB_OP_MAXPOOL, 288, 35, 35, 3, 2, 0},
    {"inception_v3.gap", SKB_OP_GLOBAL_AVGPOOL, 2048, 8, 8, 1, 1, 0},
};

static int run_all(void)
{
    int failures = 0, runs = 0;
    const skb_kernels *reference = skb_kernels_for(SKB_ISA_REFERENCE);
    for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++) {
        const layer *l = &layers[i];
        const skb_window win = {l->k, l->k, l->s, l->s, 1, 1, l->pad, l->pad, l->pad, l->pad,
                                false, false};
        for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++) {
            const skb_tensor_desc t = {1, l->c, l->h, l->w, (skb_layout)layout};
            skb_layer_plan ref;
            skb_error err;
            if (skb_plan_layer(&ref, reference, l->op, &t, &win, SKB_PATH_AUTO, &err) != SKB_OK) {
                printf("FAILED: %s: %s\n", l->name, err.message);
                return 1;
            }
            float *src = malloc(ref.geom.src_elems * sizeof(float));
            float *want = malloc(ref.geom.dst_elems * sizeof(float));
            float *got = malloc(ref.geom.dst_elems * sizeof(float));
            if (!src || !want || !got) {
                printf("FAILED: out of memory\n");
                return 1;
            }
            for (size_t j = 0; j < ref.geom.src_elems; j++)
                src[j] = (float)((j * 2654435761u) % 2003) / 1001.0f - 1.0f;
            skb_execute(&ref, src, want, NULL);
            for (int isa = SKB_ISA_SCALAR; isa < SKB_ISA_COUNT; isa++) {
                const skb_kernels *k = skb_kernels_for((skb_isa)isa);
                for (int path = SKB_PATH_AUTO + 1; k && path < SKB_PATH_COUNT; path++) {
                    skb_layer_plan p;
                    if (!k->fn[l->op][layout][path] ||
                        skb_plan_layer(&p, k, l->op, &t, &win, (skb_path)path, NULL) != SKB_OK)
                        continue;
                    void *workspace = p.workspace_bytes ? malloc(p.workspace_bytes) : NULL;
                    memset(got, 0xFF, p.geom.dst_elems * sizeof(float));
                    skb_execute(&p, src, got, workspace);
                    free(workspace);
                    runs++;
                    if (memcmp(got, want, p.geom.dst_elems * sizeof(float)) != 0) {
                        printf("FAILED: %s %s %s path %s differs from the reference\n", l->name,
                               skb_layout_name((skb_layout)layout), k->name,
                               skb_path_name(p.path));
                        failures++;
                    }
                }
            }
            free(src);
            free(want);
            free(got);
        }
    }
    printf("%d kernel runs (every path of every variant, both layouts) on a 64 KiB stack, %d "
           "failures\n",
           runs, failures);
    return failures != 0;
}

static void *thread_main(void *result)
{
    *(int *)result = run_all();
    return NULL;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_t thread;
    int result = 1;
    if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, 64 * 1024) != 0 ||
        pthread_create(&thread, &attr, thread_main, &result) != 0) {
        printf("FAILED: could not start a thread with a 64 KiB stack\n");
        return 1;
    }
    pthread_join(thread, NULL);
    pthread_attr_destroy(&attr);
    return result;
}
