/* --variants=LIST, read against the ISA registry. */
#include "variants.h"

#include <stdio.h>
#include <string.h>

void variants_known(char *out, size_t size, const char *separator)
{
    size_t used = 0;
    if (size)
        out[0] = '\0';
    for (int isa = 0; isa < SKB_ISA_COUNT && used < size; isa++) {
        const int n = snprintf(out + used, size - used, "%s%s", isa ? separator : "",
                               skb_isa_name((skb_isa)isa));
        used += n > 0 ? (size_t)n : 0;
    }
}

bool variants_parse(const char *program, const char *list, bool variants[SKB_ISA_COUNT])
{
    char known[160];
    variants_known(known, sizeof known, ", ");
    memset(variants, 0, SKB_ISA_COUNT * sizeof variants[0]);
    if (!*list) {
        fprintf(stderr, "%s: --variants: empty list (known: %s)\n", program, known);
        return false;
    }
    bool ok = true;
    for (const char *name = list;; name++) {
        const size_t len = strcspn(name, ",");
        /* A name longer than any ISA's is unknown without a copy. */
        char word[16] = "";
        if (len < sizeof word) {
            memcpy(word, name, len);
            word[len] = '\0';
        }
        skb_isa isa;
        if (len == 0) {
            fprintf(stderr, "%s: --variants: empty name in '%s' (known: %s)\n", program, list,
                    known);
            ok = false;
        } else if (len >= sizeof word || !skb_isa_from_name(word, &isa)) {
            fprintf(stderr, "%s: --variants: unknown variant '%.*s' (known: %s)\n", program,
                    (int)len, name, known);
            ok = false;
        } else {
            if (!skb_kernels_for(isa))
                fprintf(stderr, "%s: --variants: %s is not available on this CPU; skipped\n",
                        program, word);
            variants[isa] = true;
        }
        name += len;
        if (!*name)
            return ok;
    }
}
