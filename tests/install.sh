#!/usr/bin/env bash
# Installs skb into a temporary prefix, checks what was installed, and builds
# the README's example ("Using the library", extracted from README.md here,
# so the README cannot drift from the API) against the installed tree as
# another project would: with CMake (find_package(skb CONFIG), tests/consumer)
# and with pkg-config, each linked dynamically and statically; then runs
# each program, which compares skb's best variant with its reference.
#
#   bash tests/install.sh             configure and build a fresh library-only tree
#   bash tests/install.sh BUILD_DIR   install from an existing build tree (ctest)
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/skb-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }
command -v pkg-config > /dev/null || fail "pkg-config is not installed (apt-get install pkg-config)"

if [ $# -ge 1 ]; then
    build=$1
else
    build=$work/build
    echo "== building the library into $build"
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DSKB_BUILD_TESTS=OFF \
        -DSKB_BUILD_BENCH=OFF > /dev/null
    cmake --build "$build" -j "$(nproc)" > /dev/null
fi
prefix=$work/prefix
echo "== cmake --install into $prefix"
cmake --install "$build" --prefix "$prefix" > /dev/null

echo "== what was installed"
pc=$(find "$prefix" -name skb.pc 2> /dev/null || true)
[ -n "$pc" ] || fail "no skb.pc installed"
libdir=$(dirname "$(dirname "$pc")")
for f in "$prefix/include/skb.h" "$libdir/libskb.a" "$libdir/libskb.so" \
         "$libdir/cmake/skb/skbConfig.cmake" "$libdir/cmake/skb/skbConfigVersion.cmake"; do
    [ -e "$f" ] || fail "not installed: ${f#"$prefix"/}"
done
if find "$prefix" -name '*networks*' | grep -q .; then
    fail "the benchmarks' network library was installed"
fi
soname=$(readelf -d "$libdir/libskb.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[[ "$soname" =~ ^libskb\.so\.[0-9]+\.[0-9]+$ ]] || fail "SONAME '$soname' is not libskb.so.MAJOR.MINOR"
[ -e "$libdir/$soname" ] || fail "no $soname beside libskb.so"
exported=$(nm -D --defined-only "$libdir/libskb.so" | awk '{print $3}')
foreign=$(grep -v '^skb_' <<< "$exported" || true)
[ -z "$foreign" ] || fail "libskb.so exports symbols outside skb_: $(echo $foreign)"
for f in skb_plan skb_run skb_kernels_for skb_default_kernels skb_maxpool_nhwc_f32__scalar; do
    grep -qx "$f" <<< "$exported" || fail "libskb.so does not export $f"
done
echo "   $(find "$prefix" -type f | wc -l) files; SONAME $soname;" \
     "$(wc -l <<< "$exported") symbols exported, all skb_"

# The C block that follows the heading "## Using the library".
example=$work/readme_example.c
awk '/^## Using the library/ {section = 1; next}
     /^## / {section = 0}
     section && /^```c$/ {code = 1; next}
     code && /^```$/ {exit}
     code {print}' README.md > "$example"
grep -q 'int main' "$example" || fail "README.md's 'Using the library' block is not a whole program"

# $1: what was built, $2: the program, $3: dynamic|static.
check_program() {
    local needs
    needs=$(readelf -d "$2" | grep -c 'NEEDED.*libskb' || true)
    if [ "$3" = dynamic ]; then
        [ "$needs" = 1 ] || fail "$1: not linked against libskb.so"
        local resolved
        resolved=$(LD_LIBRARY_PATH=$libdir ldd "$2" | awk '/libskb/ {print $3}')
        [ "$resolved" -ef "$libdir/$soname" ] || fail "$1: loads '$resolved', not the installed library"
    else
        [ "$needs" = 0 ] || fail "$1: needs libskb.so though linked statically"
    fi
    local output
    output=$(LD_LIBRARY_PATH=$libdir "$2") || fail "$1: the program failed: $output"
    grep -q "matches the reference" <<< "$output" || fail "$1: unexpected output: $output"
    echo "   $1: $output"
}

echo "== the README's example, built with CMake: find_package(skb CONFIG)"
for kind in dynamic static; do
    static=OFF
    [ "$kind" = static ] && static=ON
    cmake -S "$src/tests/consumer" -B "$work/consumer-$kind" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_PREFIX_PATH="$prefix" -DSKB_EXAMPLE="$example" -Dskb_USE_STATIC_LIBS=$static \
        > "$work/consumer-$kind.log" 2>&1 || { cat "$work/consumer-$kind.log"; fail "cmake ($kind)"; }
    cmake --build "$work/consumer-$kind" >> "$work/consumer-$kind.log" 2>&1 ||
        { cat "$work/consumer-$kind.log"; fail "build ($kind)"; }
    check_program "cmake, $kind" "$work/consumer-$kind/readme_example" "$kind"
done

echo "== the README's example, built with pkg-config"
export PKG_CONFIG_PATH=$libdir/pkgconfig
cc=${CC:-cc}
flags=(-std=c11 -Wall -Wextra -Wpedantic -Werror -O2)
# shellcheck disable=SC2046  # pkg-config's output is meant to be split
"$cc" "${flags[@]}" "$example" -o "$work/pc-dynamic" $(pkg-config --cflags --libs skb)
check_program "pkg-config, dynamic" "$work/pc-dynamic" dynamic
# libskb.a, with the system's libraries shared: Debian ships pthreadpool
# (libskb's pool) as a shared library only, so a wholly -static program
# cannot have it.
static_libs=$(pkg-config --libs --static skb | sed 's/-lskb/-Wl,-Bstatic -lskb -Wl,-Bdynamic/')
# shellcheck disable=SC2046,SC2086
"$cc" "${flags[@]}" "$example" -o "$work/pc-static" $(pkg-config --cflags skb) $static_libs
check_program "pkg-config, static" "$work/pc-static" static
echo "== install test passed"
