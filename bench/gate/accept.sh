#!/usr/bin/env bash
# Moves the gate's accepted commit forward: from now on the gate races the
# code under test against COMMIT (default: HEAD).  Do it on purpose, when a
# change in performance is accepted, and commit the file it writes.
#
#   bash bench/gate/accept.sh [COMMIT]
set -euo pipefail
cd "$(dirname "$0")/../.."
commit=$(git rev-parse --verify "${1:-HEAD}^{commit}")
old=$(grep -v '^#' bench/gate/accepted-commit 2> /dev/null | head -n 1 || true)
{
    echo "# The commit the performance gate races the code under test against"
    echo "# (bench/gate/gate.sh).  Moved forward with bench/gate/accept.sh."
    echo "$commit"
} > bench/gate/accepted-commit
echo "accepted commit: ${old:-none} -> $commit ($(git log -1 --format=%s "$commit"))"
echo "commit bench/gate/accepted-commit to make it the gate's A"
