#!/usr/bin/env bash
# Proves on the compiled kernel objects what the build flags promise
# (CMakeLists.txt), whatever the compiler:
#   - the scalar variant is scalar: no packed float arithmetic, no 16-byte
#     loads or stores of data, no YMM/ZMM register;
#   - no kernel object calls memcpy or memmove, and no scalar object calls
#     memset: a copy or fill loop stays a loop.  A vector object may call
#     memset only with a size fixed at compile time (an initializer of a
#     local aggregate, not a loop the compiler turned into a call).
#   check_kernel_objects.sh 'OBJECT,OBJECT,...'   (the objects of libskb)
set -euo pipefail

IFS=',' read -r -a objects <<< "$1"
failed=0
checked=0
for o in "${objects[@]}"; do
    case "$o" in
        */kernels/scalar/*) isa=scalar ;;
        */kernels/sse/* | */kernels/avx2/* | */kernels/avx512/*) isa=vector ;;
        *) continue ;;
    esac
    checked=$((checked + 1))
    name=${o#*/kernels/}
    asm=$(objdump -dr --no-show-raw-insn "$o")
    if [ "$isa" = scalar ]; then
        # Mnemonic and operands only: "addps %xmm1,%xmm0".
        packed=$(awk -F'\t' 'NF >= 2 {print $2}' <<< "$asm" |
            grep -E '^v?((add|sub|mul|div|max|min|sqrt|hadd|hsub|cmp[a-z]*|shuf|unpck[lh]|blendv?|dp|round)p[sd] )|%[yz]mm|^v?(mov[ua]p[sd]|movdq[au]|lddqu) .*\((%r[a-z0-9]+|,)' |
            grep -v '(%rip)' || true)
        if [ -n "$packed" ]; then
            echo "FAILED: $name (scalar) has packed instructions:"
            head -5 <<< "$packed" | sed 's/^/    /'
            failed=1
        fi
    fi
    # Each call with its relocation: "call ... R_X86_64_PLT32 memset-0x4".
    calls=$(grep -E 'R_X86_64_(PLT32|PC32)\s+(memcpy|memmove|memset)' <<< "$asm" |
        sed -E 's/.*R_X86_64_[A-Z0-9]+\s+([a-z]+).*/\1/' | sort | uniq -c || true)
    if [ -z "$calls" ]; then
        continue
    fi
    if [ "$isa" = scalar ] || grep -qE 'memcpy|memmove' <<< "$calls"; then
        echo "FAILED: $name calls libc: $(tr -s ' \n' ' ' <<< "$calls")"
        failed=1
        continue
    fi
    # A vector object's memset: the size (%edx/%rdx) set from an immediate
    # within the few instructions before the call.
    variable=$(awk '/R_X86_64_(PLT32|PC32)[ \t]+memset/ { if (!fixed) bad++ }
                    /\tmov +\$0x[0-9a-f]+,%(e|r)dx/ { fixed = 1; since = 0; next }
                    /\t/ { if (++since > 8) fixed = 0 }
                    /%(e|r)?dx$/ && !/\tmov +\$/ { fixed = 0 }
                    END { print bad + 0 }' <<< "$asm")
    if [ "$variable" != 0 ]; then
        echo "FAILED: $name calls memset with a size computed at run time ($variable calls)"
        failed=1
    fi
done
if [ "$checked" = 0 ]; then
    echo "FAILED: no kernel objects among the arguments"
    exit 1
fi
if [ "$failed" = 0 ]; then
    echo "kernel objects checked: $checked; scalar objects scalar, no copy or fill loop made a libc call"
fi
exit "$failed"
