// The kernel suite's shapes (bench/kernels/shapes.c), taken from the
// network descriptions: which layers give a shape, how identical layers
// become one, how each is named, and the names skb-bench's results, the
// reports and the performance gate compare by.
extern "C" {
#include "network.h"
#include "shapes.h"
}

#include <catch2/catch.hpp>

#include <string>

namespace {

struct Shapes {
    bool ok = false;
    std::string error;
    shape_list list{};
    // The shapes of a network written here, after "net tiny".
    explicit Shapes(const std::string &body)
    {
        const std::string text = "net tiny\n" + body;
        network net;
        char buffer[512] = "";
        REQUIRE(network_parse(text.data(), text.size(), "tiny.net", &net, buffer, sizeof buffer));
        ok = shapes_from_network(&net, "tiny.net", &list, buffer, sizeof buffer);
        error = ok ? "" : buffer;
        network_free(&net);
    }
    // The shapes of every network of a directory.
    Shapes(const char *dir, bool)
    {
        char buffer[512] = "";
        ok = shapes_read_dir(dir, &list, buffer, sizeof buffer);
        error = ok ? "" : buffer;
    }
    ~Shapes() { shapes_free(&list); }
    Shapes(const Shapes &) = delete;
    Shapes &operator=(const Shapes &) = delete;
    const shape *find(const std::string &name) const
    {
        for (size_t i = 0; i < list.count; i++)
            if (name == list.items[i].name)
                return &list.items[i];
        return nullptr;
    }
    std::string names() const
    {
        std::string all;
        for (size_t i = 0; i < list.count; i++)
            all += std::string(i ? " " : "") + list.items[i].name;
        return all;
    }
};

bool window_is(const skb_window &w, int64_t kh, int64_t kw, int64_t sh, int64_t sw,
               int64_t top, int64_t left, int64_t bottom, int64_t right)
{
    return w.kernel_h == kh && w.kernel_w == kw && w.stride_h == sh && w.stride_w == sw &&
           w.dilation_h == 1 && w.dilation_w == 1 && w.pad_top == top && w.pad_left == left &&
           w.pad_bottom == bottom && w.pad_right == right && !w.ceil_mode &&
           !w.count_include_pad;
}

} // namespace

TEST_CASE("each conv needing an im2col, each pool and the global heads give a shape", "[shapes]")
{
    const Shapes s("conv    a c1   3 8 8 out=8 k=3 p=0,1,1,1 s=2x1\n" // 3x8x8 -> 8x4x8
                   "conv    a c2   8 4 8 out=8 k=1\n"                // pointwise: no im2col
                   "conv    a c3   8 4 8 out=8 k=1 s=2\n"            // 8x2x4: subsamples
                   "avgpool a p1   8 2 4 k=1x3 p=0x1\n"
                   "conv    b c4   8 2 4 out=8 k=2 p=1,0,1,1\n"      // -> 8x3x4
                   "maxpool b p2   8 3 4 k=1x2 count=1\n"            // -> 8x3x3
                   "head flatten 8 3 3\nfc head fc 72 2\nhead gmp 8 3 3\nfc head fc 8 2\n"
                   "head gap 8 3 3\nfc head fc 8 2\n");
    INFO(s.error);
    REQUIRE(s.ok);
    CHECK(s.names() == "tiny.c1 tiny.c3 tiny.p1 tiny.c4 tiny.p2 tiny.gmp");
    const shape *c1 = s.find("tiny.c1");
    REQUIRE(c1);
    CHECK((c1->kind == SHAPE_CONV && c1->c == 3 && c1->h == 8 && c1->w == 8));
    CHECK(window_is(c1->window, 3, 3, 2, 1, 0, 1, 1, 1));
    CHECK(window_is(s.find("tiny.c3")->window, 1, 1, 2, 2, 0, 0, 0, 0));
    const shape *p1 = s.find("tiny.p1");
    CHECK((p1->kind == SHAPE_AVGPOOL && p1->c == 8 && p1->h == 2 && p1->w == 4));
    CHECK(window_is(p1->window, 1, 3, 1, 1, 0, 1, 0, 1));
    CHECK(s.find("tiny.p2")->kind == SHAPE_MAXPOOL);
    const shape *g = s.find("tiny.gmp"); // the first global head names the one shape
    CHECK((g->kind == SHAPE_GLOBAL && g->c == 8 && g->h == 3 && g->w == 3));
    CHECK(window_is(g->window, 1, 1, 1, 1, 0, 0, 0, 0));
}

TEST_CASE("suite= on a global pooling head names the global shape", "[shapes]")
{
    const Shapes s("maxpool a p1 8 8 8 k=2 s=2\nhead flatten 8 4 4\nfc head fc 128 2\n"
                   "head gmp 8 4 4 suite=head\nfc head fc 8 2\n");
    REQUIRE(s.ok);
    CHECK(s.names() == "tiny.p1 tiny.head");
    network net;
    char error[512];
    const std::string flatten = "net t\nmaxpool a p 8 4 4 k=2 s=2\nhead flatten 8 2 2 suite=x\n"
                                "fc head fc 32 2\n";
    CHECK(!network_parse(flatten.data(), flatten.size(), "t.net", &net, error, sizeof error));
    CHECK(std::string(error) == "t.net:3: suite=: a Flatten head is not in the kernel suite");
    const std::string other = "net t\nmaxpool a p 8 4 4 k=2 s=2\nhead gap 8 2 2 bn\n"
                              "fc head fc 8 2\n";
    CHECK(!network_parse(other.data(), other.size(), "t.net", &net, error, sizeof error));
    CHECK(std::string(error) == "t.net:3: expected: head flatten|gap|gmp c h w [suite=NAME]");
}

TEST_CASE("a network with a Flatten head alone has no global shape", "[shapes]")
{
    const Shapes s("maxpool a p1 8 8 8 k=2 s=2\nhead flatten 8 4 4\nfc head fc 128 2\n");
    REQUIRE(s.ok);
    CHECK(s.names() == "tiny.p1");
}

TEST_CASE("identical layers give one shape, named after the one standing for most copies",
          "[shapes]")
{
    // a's dw has first's shape and b's dw that of b's 3x3, which stands for
    // 3 copies (a repeat of 3): the shape is named after it, with its stage,
    // since c has a 3x3 too (another conv of the same input and window:
    // the same im2col).
    const Shapes s(std::string("conv a first 8 4 4 out=8 k=3 p=1\n"
                               "conv a dw    8 4 4 out=8 k=3 p=1 g=8\n"
                               "conv b b_first 8 4 4 out=8 k=3 p=1 s=2\n"
                               "conv b dw    8 2 2 out=8 k=3 p=1 g=8\n"
                               "repeat 3\n"
                               "  conv b 3x3 8 2 2 out=8 k=3 p=1\n"
                               "end\n"
                               "conv c 3x3 8 2 2 out=4 k=3 p=1\n"
                               "head gap 4 2 2\nfc head fc 4 2\n"));
    INFO(s.error);
    REQUIRE(s.ok);
    CHECK(s.names() == "tiny.first tiny.b_first tiny.b_3x3 tiny.gap");
}

TEST_CASE("suite= names a shape, whichever of the identical layers says it", "[shapes]")
{
    const Shapes s("avgpool a p1 8 4 4 k=3 p=1\n"
                   "repeat 2\n  avgpool b p1 8 4 4 k=3 p=1 suite=pool_4x4_8\n end\n"
                   "conv c c1 8 4 4 out=8 k=3 suite=conv_first\n"
                   "head gap 8 2 2\nfc head fc 8 2\n");
    INFO(s.error);
    REQUIRE(s.ok);
    CHECK(s.names() == "tiny.pool_4x4_8 tiny.conv_first tiny.gap");
}

TEST_CASE("shape names that clash, and suite= where it cannot go, are refused", "[shapes]")
{
    const Shapes clash("maxpool a p1 8 8 8 k=2 s=2 suite=same\n"
                       "maxpool b p2 8 4 4 k=2 s=2 suite=same\n"
                       "head gap 8 2 2\nfc head fc 8 2\n");
    CHECK(clash.error == "tiny.net: two different shapes are named tiny.same");
    const Shapes gap_named_twice("maxpool a gap 8 8 8 k=2 s=2\nhead gap 8 4 4\nfc head fc 8 2\n");
    CHECK(gap_named_twice.error == "tiny.net: two different shapes are named tiny.gap");

    network net;
    char error[512];
    const std::string pointwise = "net t\nconv a c 8 4 4 out=8 k=1 suite=x\nhead gap 8 4 4\n"
                                  "fc head fc 8 2\n";
    CHECK(!network_parse(pointwise.data(), pointwise.size(), "t.net", &net, error, sizeof error));
    CHECK(std::string(error).rfind("t.net:2: suite=: a 1x1, stride 1, unpadded conv", 0) == 0);
    const std::string slash = "net t\nmaxpool a p 8 4 4 k=2 suite=a/b\nhead gap 8 3 3\n"
                              "fc head fc 8 2\n";
    CHECK(!network_parse(slash.data(), slash.size(), "t.net", &net, error, sizeof error));
    CHECK(std::string(error).rfind("t.net:2: 'suite=a/b': suite= takes a name", 0) == 0);
}

TEST_CASE("bench/networks gives the suite the shapes it had under their names", "[shapes]")
{
    const Shapes s(SKB_NETWORKS_DIR, true);
    INFO(s.error);
    REQUIRE(s.ok);
    // What the performance gate and the quick run select, and the shapes
    // the tests of other programs name.
    struct {
        const char *name;
        shape_kind kind;
        int64_t c, h, w, k, stride, pad;
    } const expected[] = {
        {"vgg16.pool1", SHAPE_MAXPOOL, 64, 224, 224, 2, 2, 0},
        {"vgg16.pool4", SHAPE_MAXPOOL, 512, 28, 28, 2, 2, 0},
        {"vgg16.conv5_1", SHAPE_CONV, 512, 14, 14, 3, 1, 1},
        {"vgg16.head", SHAPE_GLOBAL, 512, 7, 7, 1, 1, 0},
        {"resnet50.pool1", SHAPE_MAXPOOL, 64, 112, 112, 3, 2, 1},
        {"resnet50.conv1", SHAPE_CONV, 3, 224, 224, 7, 2, 3},
        {"resnet50.conv2_3x3", SHAPE_CONV, 64, 56, 56, 3, 1, 1},
        {"resnet50.conv3_3x3", SHAPE_CONV, 128, 28, 28, 3, 1, 1},
        {"resnet50.conv4_3x3", SHAPE_CONV, 256, 14, 14, 3, 1, 1},
        {"resnet50.gap", SHAPE_GLOBAL, 2048, 7, 7, 1, 1, 0},
        {"inception_v3.maxpool_147", SHAPE_MAXPOOL, 64, 147, 147, 3, 2, 0},
        {"inception_v3.pool_35x35_256", SHAPE_AVGPOOL, 256, 35, 35, 3, 1, 1},
        {"inception_v3.pool_35x35_288", SHAPE_AVGPOOL, 288, 35, 35, 3, 1, 1},
        {"inception_v3.pool_17x17_768", SHAPE_AVGPOOL, 768, 17, 17, 3, 1, 1},
        {"inception_v3.gap", SHAPE_GLOBAL, 2048, 8, 8, 1, 1, 0},
        {"keras150.pool4", SHAPE_MAXPOOL, 256, 15, 15, 2, 2, 0},
        {"cifar_small.pool1", SHAPE_MAXPOOL, 20, 30, 30, 3, 2, 0},
        {"cifar_small.conv3", SHAPE_CONV, 20, 5, 5, 3, 1, 0},
        {"mobilenetv2.gap", SHAPE_GLOBAL, 1280, 7, 7, 1, 1, 0},
    };
    for (const auto &e : expected) {
        INFO(e.name);
        const shape *got = s.find(e.name);
        REQUIRE(got);
        CHECK((got->kind == e.kind && got->c == e.c && got->h == e.h && got->w == e.w));
        CHECK(window_is(got->window, e.k, e.k, e.stride, e.stride, e.pad, e.pad, e.pad, e.pad));
    }
    // No conv that needs no im2col, and no name twice.
    for (size_t i = 0; i < s.list.count; i++) {
        const shape &a = s.list.items[i];
        INFO(a.name);
        const skb_window &w = a.window;
        CHECK(!(a.kind == SHAPE_CONV && w.kernel_h == 1 && w.kernel_w == 1 && w.stride_h == 1 &&
                w.stride_w == 1 && w.pad_top == 0 && w.pad_left == 0 && w.pad_bottom == 0 &&
                w.pad_right == 0));
        for (size_t j = 0; j < i; j++)
            CHECK(std::string(a.name) != s.list.items[j].name);
    }
}

TEST_CASE("a directory without networks, or a network that does not read, is named",
          "[shapes]")
{
    const Shapes missing("/nonexistent-networks", true);
    CHECK(missing.error.find("/nonexistent-networks") != std::string::npos);
}
