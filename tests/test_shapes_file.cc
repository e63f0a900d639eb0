// The .shapes parser of skb-bench (bench/shapes.c) on files written by hand:
// what it reads from a good file, and how it refuses the bad ones the
// fuzzer (tests/fuzz_shapes.c) cannot judge by itself: values cut short,
// long lines split in two, NUL bytes, files without a layer.
extern "C" {
#include "shapes.h"
}

#include <catch2/catch.hpp>

#include <stdio.h>

#include <string>

namespace {

struct Parsed {
    bool ok = false;
    std::string error;
    shape_list list{};
    explicit Parsed(const std::string &text, const char *path = "tiny.shapes")
    {
        char buffer[512] = "";
        // An empty buffer cannot be opened: read one byte past it instead.
        FILE *f = fmemopen(const_cast<char *>(text.empty() ? "" : text.data()),
                           text.empty() ? 1 : text.size(), "r");
        REQUIRE(f);
        if (text.empty())
            fgetc(f);
        ok = shapes_read_stream(f, path, &list, buffer, sizeof buffer);
        fclose(f);
        error = ok ? "" : buffer;
    }
    ~Parsed() { shapes_free(&list); }
    Parsed(const Parsed &) = delete;
    Parsed &operator=(const Parsed &) = delete;
};

} // namespace

TEST_CASE("a good shapes file gives its layers as written", "[shapes]")
{
    const Parsed p("# comment\n"
                   "tiny.pool maxpool 8 17 16 k=3x2 s=2 p=1,0,1,0 ceil  # trailing comment\n"
                   "\n"
                   "tiny.avg avgpool 4 9 9 k=3 s=1 p=1 include_pad d=1\r\n"
                   "tiny.head global 512 7 7");
    REQUIRE(p.ok);
    REQUIRE(p.list.count == 3);
    const shape &pool = p.list.items[0];
    CHECK(std::string(pool.name) == "tiny.pool");
    CHECK(pool.kind == SHAPE_MAXPOOL);
    CHECK((pool.c == 8 && pool.h == 17 && pool.w == 16));
    CHECK((pool.window.kernel_h == 3 && pool.window.kernel_w == 2));
    CHECK((pool.window.stride_h == 2 && pool.window.stride_w == 2));
    CHECK((pool.window.pad_top == 1 && pool.window.pad_left == 0 && pool.window.pad_bottom == 1 &&
           pool.window.pad_right == 0));
    CHECK(pool.window.ceil_mode);
    CHECK(p.list.items[1].window.count_include_pad);
    CHECK(p.list.items[2].kind == SHAPE_GLOBAL);
}

TEST_CASE("a value is read whole, however many digits it is written with", "[shapes]")
{
    const std::string zeros(70, '0');
    const Parsed p("tiny.pool maxpool 8 16 16 k=" + zeros + "3x" + zeros + "2 s=" + zeros +
                   "2 p=" + zeros + "1," + zeros + "0,1,0\n");
    INFO(p.error);
    REQUIRE(p.ok);
    CHECK((p.list.items[0].window.kernel_h == 3 && p.list.items[0].window.kernel_w == 2));
    CHECK(p.list.items[0].window.stride_w == 2);
    CHECK((p.list.items[0].window.pad_top == 1 && p.list.items[0].window.pad_left == 0));
}

TEST_CASE("a long line is one line", "[shapes]")
{
    const Parsed p("tiny.pool maxpool 8 16 16 k=2" + std::string(600, ' ') + "s=2\n");
    INFO(p.error);
    REQUIRE(p.ok);
    CHECK(p.list.items[0].window.stride_h == 2);
}

TEST_CASE("bad shapes files are refused, naming the file and what is wrong", "[shapes]")
{
    CHECK(Parsed("tiny.pool maxpool 8 16 16 k=2\n" + std::string(1, '\0') + "junk\n").error ==
          "tiny.shapes:2: the line holds a NUL byte");
    CHECK(Parsed("").error == "tiny.shapes: holds no shapes (only blank lines and comments)");
    CHECK(Parsed("# nothing\n\n \t \n# here\n").error ==
          "tiny.shapes: holds no shapes (only blank lines and comments)");
    CHECK(Parsed("tiny.pool maxpool 8 16 16 k=99999999999999999999\n").error ==
          "tiny.shapes:1: 'k=99999999999999999999': bad k= (want k=K or k=KHxKW)");
    CHECK(Parsed("tiny.pool maxpool 8 16 16 p=1,2,3\n").error.rfind("tiny.shapes:1: 'p=1,2,3'", 0) ==
          0);
    CHECK(Parsed("other.pool maxpool 8 16 16\n").error.rfind("tiny.shapes:1: 'other.pool'", 0) ==
          0);
}
