/* Prints the default table's name (after any SKB_ISA cap), every table this
 * CPU offers, and whether the default is the best of them: tests check the
 * dispatch with it, under emulated CPUs too. */
#include "skb.h"

#include <stdio.h>
#include <string.h>

int main(void)
{
    const skb_kernels *chosen = skb_default_kernels();
    const char *best = "none";
    printf("default: %s\navailable:", chosen->name);
    for (int isa = 0; isa < SKB_ISA_COUNT; isa++)
        if (skb_kernels_for((skb_isa)isa)) {
            best = skb_isa_name((skb_isa)isa);
            printf(" %s", best);
        }
    printf("\ndefault is the best available: %s\n", strcmp(chosen->name, best) == 0 ? "yes" : "no");
    return 0;
}
