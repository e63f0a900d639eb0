#!/usr/bin/env bash
# Every function of the library (kernels, reference, planning) keeps its
# frame below the limit, and none has a frame of run-time size: reads the
# -fstack-usage files the build writes beside the library's objects.
#   check_stack_frames.sh OBJECT_DIR [LIMIT_BYTES]
set -euo pipefail
dir=$1
limit=${2:-16384}
mapfile -t files < <(find "$dir" -name '*.su' | sort)
if [ "${#files[@]}" -eq 0 ]; then
    echo "FAILED: no -fstack-usage output (*.su) under $dir" >&2
    exit 1
fi
# Lines are "file:line:column:function<TAB>bytes<TAB>static|dynamic|dynamic,bounded".
awk -F'\t' -v limit="$limit" '
    { n++ }
    $2 + 0 > limit || $3 ~ /^dynamic$/ { print "FAILED: " $1 ": " $2 " bytes (" $3 ")"; bad++ }
    $2 + 0 > max { max = $2 + 0; where = $1 }
    END {
        printf "%d functions in %d files; largest frame %d bytes (%s); limit %d\n",
               n, files, max, where, limit
        exit bad > 0
    }' files="${#files[@]}" "${files[@]}"
