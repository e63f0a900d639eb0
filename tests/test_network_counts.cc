// Parameter and multiply-add counts of the networks in bench/networks,
// against figures computed by hand or published elsewhere: never against
// numbers the counting code printed.
#include "network.h"

#include <catch2/catch.hpp>

#include <cstdio>

#include <string>

#include <stdlib.h>
#include <unistd.h>

namespace {

struct Net {
    network net{};
    explicit Net(const std::string &file)
    {
        char error[512];
        const std::string path = std::string(SKB_NETWORKS_DIR) + "/" + file;
        INFO(path);
        REQUIRE(network_read(path.c_str(), &net, error, sizeof error));
    }
    ~Net() { network_free(&net); }
    const head &head_of(head_kind kind) const
    {
        for (size_t i = 0; i < net.head_count; i++)
            if (net.heads[i].kind == kind)
                return net.heads[i];
        FAIL("no such head");
        return net.heads[0];
    }
    const layer &find(const std::string &name) const
    {
        for (size_t i = 0; i < net.layer_count; i++)
            if (name == net.layers[i].name)
                return net.layers[i];
        FAIL("no layer " << name);
        return net.layers[0];
    }
};

} // namespace

TEST_CASE("Keras 150x150x3 network: 6,811,969 parameters with Flatten, 520,513 with GAP",
          "[networks]")
{
    // The totals Keras's model.summary() prints for the two models in
    // SEEDS.md.
    Net k("keras150.net");
    const uint64_t body = network_body_params(&k.net);
    // By hand: convs (3*9+1)*32 + (32*9+1)*64 + (64*9+1)*128 + (128*9+1)*256.
    CHECK(body == 896u + 18496u + 73856u + 295168u);
    CHECK(body + head_params(&k.head_of(HEAD_FLATTEN)) == 6811969u);
    CHECK(body + head_params(&k.head_of(HEAD_GAP)) == 520513u);
    CHECK(head_params(&k.head_of(HEAD_GMP)) == head_params(&k.head_of(HEAD_GAP)));
}

TEST_CASE("VGG16: first FC layer 102,764,544 parameters, 138,357,544 in all", "[networks]")
{
    Net v("vgg16.net");
    const head &flatten = v.head_of(HEAD_FLATTEN);
    REQUIRE(flatten.fc_count == 3);
    CHECK(layer_params(&flatten.fc[0]) == 25088u * 4096u + 4096u);
    CHECK(layer_params(&flatten.fc[0]) == 102764544u);
    // The published total of VGG16 (conv and FC weights and biases).
    CHECK(network_body_params(&v.net) + head_params(&flatten) == 138357544u);
    // A GAP head on 512 channels: the 512x1000 classifier only.
    CHECK(head_params(&v.head_of(HEAD_GAP)) == 512u * 1000u + 1000u);
}

TEST_CASE("VGG16 block3 and block4 3x3 convs: 1,849,688,064 MACs each, not 7,398,752,256",
          "[networks]")
{
    Net v("vgg16.net");
    // 56 x 56 outputs x 256 channels x (256 x 3 x 3) taps, and
    // 28 x 28 outputs x 512 channels x (512 x 3 x 3) taps.
    const uint64_t true_cost = 56ull * 56 * 256 * 256 * 9;
    CHECK(true_cost == 1849688064ull);
    const layer &block3 = v.find("conv3_x");
    const layer &block4 = v.find("conv4_x");
    CHECK(layer_macs(&block3) == 2 * true_cost); // count=2: conv3_2 and conv3_3
    CHECK(layer_macs(&block4) == 2 * true_cost);
    // The article's figure uses block4's channels at block3's size: 4x.
    const uint64_t article = 512ull * 512 * 3 * 3 * 56 * 56;
    CHECK(article == 7398752256ull);
    CHECK(article == 4 * true_cost);
}

TEST_CASE("ResNet-50 and the small networks count what their papers and libraries say",
          "[networks]")
{
    Net r("resnet50.net");
    // torchvision 0.14's resnet50: 25,557,032 parameters (conv weights,
    // batch-norm scales and shifts, the 2048x1000 classifier and its bias).
    CHECK(network_body_params(&r.net) + head_params(&r.head_of(HEAD_GAP)) == 25557032u);
    // The usual "4.1 GFLOPs" for one 224x224 image are multiply-adds of its
    // convs and FC: 4,089,184,256 when counted over torchvision's Conv2d and
    // Linear modules (output elements x input channels per group x kernel).
    CHECK(network_body_macs(&r.net) + head_macs(&r.head_of(HEAD_GAP)) == 4089184256ull);

    Net c("cifar_small.net");
    // By hand: three convs of (c*9+1)*20: 560 + 3620 + 3620.
    CHECK(network_body_params(&c.net) == 560u + 3620u + 3620u);
    CHECK(head_params(&c.head_of(HEAD_FLATTEN)) == 181u * 120 + 121u * 84 + 85u * 2);
    CHECK(head_params(&c.head_of(HEAD_GAP)) == 21u * 2);
}

TEST_CASE("MobileNetV2: 3,504,872 parameters and 300,774,272 multiply-adds, as torchvision's",
          "[networks]")
{
    Net m("mobilenetv2.net");
    // torchvision's mobilenet_v2 publishes 3,504,872 parameters: conv
    // weights (no conv has a bias), batch norm's scale and shift per
    // channel (34,112 of them) and the 1280x1000 classifier with its bias.
    // The .net file counts batch norm the same way ("bn"), so the figure is
    // matched exactly, not within a tolerance.
    const head &gap = m.head_of(HEAD_GAP);
    CHECK(network_body_params(&m.net) + head_params(&gap) == 3504872u);
    CHECK(head_params(&gap) == 1281000u);
    // "About 300 M multiply-adds" (the paper's 300 M, torchvision's 0.30
    // GFLOPS) is 300,774,272 counted over torchvision's Conv2d and Linear
    // modules at 224x224; batch norm, ReLU6 and the residual adds are not
    // multiply-adds of a layer and are left out on both sides.
    CHECK(network_body_macs(&m.net) + head_macs(&gap) == 300774272ull);

    // Its structure: 17 inverted-residual blocks, each with one 3x3
    // depthwise conv (groups = channels); the stride-2 ones are the first
    // blocks of the 24-, 32-, 64- and 160-channel stages; every block but
    // the first expands its input 6-fold.
    int64_t depthwise = 0, strided = 0, expands = 0;
    for (size_t i = 0; i < m.net.layer_count; i++) {
        const layer &l = m.net.layers[i];
        if (l.kind == LAYER_CONV && l.groups > 1) {
            CHECK(l.groups == l.c);
            CHECK(l.out == l.c);
            CHECK(l.kh == 3);
            CHECK(l.kw == 3);
            depthwise += l.count;
            if (l.sh == 2)
                strided += l.count;
        }
        if (std::string(l.name).rfind("expand", 0) == 0) {
            CHECK(l.out == 6 * l.c);
            expands += l.count;
        }
    }
    CHECK(depthwise == 17);
    CHECK(strided == 4);
    CHECK(expands == 16);
    // The stem and the last 1x1 conv, by hand: 3x3/2 pad 1 on 224x224
    // gives 112x112; 32*27 weights + 2*32 batch norm, 112*112*32*27 MACs.
    // Last conv: 1280*320 + 2*1280, 7*7*1280*320.
    const layer &stem = m.find("conv1");
    CHECK(layer_out_h(&stem) == 112);
    CHECK(layer_params(&stem) == 928u);
    CHECK(layer_macs(&stem) == 10838016u);
    CHECK(layer_params(&m.find("conv_1x1")) == 412160u);
    CHECK(layer_macs(&m.find("conv_1x1")) == 20070400u);
}

TEST_CASE("Inception-v3 without the auxiliary head: 23,834,568 parameters, 5.71 G multiply-adds",
          "[networks]")
{
    Net v("inception_v3.net");
    const head &gap = v.head_of(HEAD_GAP);
    REQUIRE(gap.c == 2048);
    REQUIRE(gap.h == 8);
    // torchvision publishes 27,161,264 parameters for inception_v3, which
    // includes the auxiliary classifier used in training: a 1x1 conv
    // 768->128 and a 5x5 conv 128->768 (no biases, batch norm after each)
    // and an FC 768->1000.  Without it, 23,834,568 (what torchvision's
    // model has with aux_logits=False).
    const uint64_t aux = 768u * 128 + 2 * 128 + 128u * 768 * 25 + 2 * 768 + 768u * 1000 + 1000;
    CHECK(aux == 3326696u);
    CHECK(network_body_params(&v.net) + head_params(&gap) == 27161264u - aux);
    // Torchvision's 5.71 GFLOPS are multiply-adds: 5,713,216,096 counted
    // over its Conv2d and Linear modules without the auxiliary head (which
    // runs only in training).  Pooling and concatenation are not counted.
    CHECK(network_body_macs(&v.net) + head_macs(&gap) == 5713216096ull);
    // The factorized convs are there: 1x7 and 7x1 in mixed_6b..6e and
    // mixed_7a, 1x3 and 3x1 in mixed_7b and 7c.
    int64_t one_by_seven = 0, seven_by_one = 0, one_by_three = 0, three_by_one = 0;
    for (size_t i = 0; i < v.net.layer_count; i++) {
        const layer &l = v.net.layers[i];
        one_by_seven += (l.kh == 1 && l.kw == 7) ? l.count : 0;
        seven_by_one += (l.kh == 7 && l.kw == 1) ? l.count : 0;
        one_by_three += (l.kh == 1 && l.kw == 3) ? l.count : 0;
        three_by_one += (l.kh == 3 && l.kw == 1) ? l.count : 0;
    }
    CHECK(one_by_seven == 4 * 3 + 1); // three per InceptionC block, one in 7a
    CHECK(seven_by_one == 4 * 3 + 1);
    CHECK(one_by_three == 2 * 2);
    CHECK(three_by_one == 2 * 2);
}

TEST_CASE("VGG16's Flatten head and body, by hand", "[networks]")
{
    Net v("vgg16.net");
    // fc6 25088*4096 + 4096, fc7 4096*4096 + 4096, fc8 4096*1000 + 1000:
    // 102,764,544 + 16,781,312 + 4,097,000; weights alone 123,633,664
    // floats, the ~495 MB a batch-1 pass streams.
    CHECK(head_params(&v.head_of(HEAD_FLATTEN)) == 123642856u);
    CHECK(head_macs(&v.head_of(HEAD_FLATTEN)) == 123633664u);
    // The 13 convs by hand: 224*224*64*3*9 = 86,704,128 once; six layers of
    // 1,849,688,064 (conv1_2, conv2_2, conv3_2, conv3_3, conv4_2, conv4_3);
    // three of 924,844,032 (conv2_1, conv3_1, conv4_1, each halving the
    // plane and doubling the channels); three of 14*14*512*512*9 =
    // 462,422,016 (block5).  With the head's 123,633,664 that is the
    // 15.47 G multiply-adds usually quoted for VGG16.
    CHECK(network_body_macs(&v.net) == 15346630656ull);
}

namespace {

// Reads `text` as a .net file; returns the error with the temporary file's
// name replaced by "FILE", or "" if it parsed.
std::string parse_error(const std::string &text)
{
    char path[] = "/tmp/skb-bad-netXXXXXX";
    const int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, text.data(), text.size()) == (ssize_t)text.size());
    close(fd);
    network net{};
    char error[512] = "";
    const bool ok = network_read(path, &net, error, sizeof error);
    unlink(path);
    if (ok) {
        network_free(&net);
        return "";
    }
    std::string e(error);
    const size_t at = e.find(path);
    return at == std::string::npos ? e : e.replace(at, std::string(path).size(), "FILE");
}

} // namespace

TEST_CASE("a network file that does not parse names the file and line", "[networks]")
{
    network net{};
    char error[512];
    CHECK(!network_read("/nonexistent.net", &net, error, sizeof error));
    CHECK(std::string(error).find("/nonexistent.net") != std::string::npos);

    CHECK(parse_error("# a comment\nnet bad\nconv s c1 3 8 8 out=4 k=3 q=1\n") ==
          "FILE:3: 'q=1': unknown option (out=, k=, s=, p=, g=, count=, suite=, bn)");
    CHECK(parse_error("net bad\nmaxpool s p1 3 8 8 k=9 s=2\n").rfind("FILE:2: ", 0) == 0);
    CHECK(parse_error("net bad\nfc head fc 10 2\n") == "FILE:2: fc before any head line");
    CHECK(parse_error("net bad\nconv s c1 8 7 7 out=8\nhead gap 8 7 7\n") ==
          "FILE: head 1 (gap) has no fc line after it");
    CHECK(parse_error("net ok\nconv s c1 3 8 8 out=4 k=3\nhead gap 4 6 6\nfc head fc 4 2\n")
              .empty());
}

namespace {

// The error for `body` after a net line, from "FILE:LINE: " on; checks
// that the line is the one named.
std::string error_at(const std::string &body, int line)
{
    const std::string e = parse_error("net bad\n" + body);
    const std::string prefix = "FILE:" + std::to_string(line) + ": ";
    INFO(e);
    CHECK(e.rfind(prefix, 0) == 0);
    return e.rfind(prefix, 0) == 0 ? e.substr(prefix.size()) : e;
}

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

const char *const body = "conv s c1 3 8 8 out=4 k=3\n"; // 3x8x8 -> 4x6x6

} // namespace

TEST_CASE("sizes too large for the counts or the buffers are refused, naming the line",
          "[networks]")
{
    // Each of these once wrapped a byte count or overflowed int64.
    CHECK(contains(error_at(std::string(body) + "head flatten 4611686018427387904 1 1\n", 3),
                   "whole numbers up to 2147483647"));
    CHECK(contains(error_at(std::string(body) +
                                "head gap 4 6 6\nfc head fc 4611686018427387904 2\n",
                            4),
                   "expected: fc stage name inputs outputs"));
    CHECK(contains(error_at("conv s c1 3 8 8 out=4 k=3 p=4611686018427387904\n", 2), "'p="));
    // Every number in range, their products not.
    CHECK(contains(error_at("conv s c1 65536 65536 65536 out=4\n", 2), "more than 2147483647"));
    CHECK(contains(error_at("conv s c1 3 8 8 out=2147483647 k=3\n", 2), "more than 2147483647"));
    CHECK(contains(error_at(std::string(body) + "head gap 4 6 6\nfc head fc 4 2147483647\n"
                                                "fc head fc2 2147483647 2147483647\n",
                            4),
                   "fc weights of more than"));
    // Copies of copies: count= inside nested repeats.
    CHECK(contains(error_at(std::string(body) + "repeat 65536\nrepeat 65536\n"
                                                "conv s c2 4 6 6 out=4 k=1\nend\nend\n",
                            4),
                   "copies"));
    // A line longer than the parser's buffer is not split in two.
    CHECK(contains(error_at("conv s c1 3 8 8 out=4 " + std::string(600, ' ') + "k=3\n", 2),
                   "line longer than"));
}

TEST_CASE("FC widths must chain: head features, then each FC's outputs", "[networks]")
{
    CHECK(error_at(std::string(body) + "head gap 4 6 6\nfc head fc 100000 2\n", 4) ==
          "fc takes 100000 inputs but the head's features gives 4");
    CHECK(error_at(std::string(body) + "head flatten 4 6 6\nfc head fc 4 2\n", 4) ==
          "fc takes 4 inputs but the head's features gives 144");
    CHECK(error_at(std::string(body) + "head gap 4 6 6\nfc head fc1 4 8\nfc head fc2 9 2\n", 5) ==
          "fc takes 9 inputs but the fc before it gives 8");
    CHECK(parse_error("net ok\n" + std::string(body) +
                      "head flatten 4 6 6\nfc head fc1 144 8\nfc head fc2 8 2\n")
              .empty());
}

TEST_CASE("a network must be whole: shapes chain through layers, branches and repeats",
          "[networks]")
{
    // A layer left out: the next input is not the previous output.
    CHECK(error_at(std::string(body) + "conv s c3 8 6 6 out=8 k=1\n", 3) ==
          "input 8x6x6 is not the 4x6x6 the layer before gives");
    // The heads read the body's last map, and come after it.
    CHECK(error_at(std::string(body) + "head gap 4 7 7\n", 3) ==
          "head reads 4x7x7 but the body ends with 4x6x6");
    CHECK(error_at(std::string(body) + "head gap 4 6 6\nfc h fc 4 2\nconv s c2 4 6 6 out=4\n",
                   5) == "body layers come before the heads");
    CHECK(error_at("head gap 4 6 6\n", 2) == "head before any layer: a network needs a body");
    // Branches: each starts from the split's input; concat needs one plane,
    // add one shape.
    CHECK(error_at(std::string(body) + "split\nbranch\nconv b x 4 6 6 out=2 k=1\n"
                                       "branch\nconv b y 2 6 6 out=2 k=1\n",
                   7) == "input 2x6x6 is not the 4x6x6 the branch reads");
    CHECK(contains(error_at(std::string(body) + "split\nbranch\nconv b x 4 6 6 out=2 k=1\n"
                                                "branch\nconv b y 4 6 6 out=2 k=3\nconcat\n",
                            8),
                   "concat: branch 2 gives 2x4x4, branch 1 2x6x6"));
    CHECK(contains(error_at(std::string(body) + "split\nbranch\nconv b x 4 6 6 out=2 k=1\n"
                                                "branch\nadd\n",
                            7),
                   "add: branch 2 gives 4x6x6"));
    CHECK(error_at(std::string(body) + "split\nconv b x 4 6 6 out=2 k=1\n", 4) ==
          "a split must be followed by branch");
    CHECK(error_at(std::string(body) + "concat\n", 3) == "concat without an open split");
    CHECK(parse_error("net bad\n" + std::string(body) + "split\nbranch\nbranch\n") ==
          "FILE: the split of line 3 is not closed");
    // A concat's channels add up, and the next layer must read them all.
    CHECK(error_at(std::string(body) + "split\nbranch\nconv b x 4 6 6 out=2 k=1\n"
                                       "branch\nconv b y 4 6 6 out=3 k=1\nconcat\n"
                                       "conv s next 4 6 6 out=4 k=1\n",
                   9) == "input 4x6x6 is not the 5x6x6 the layer before gives");
    // Repeats and count= keep the shape.
    CHECK(contains(error_at(std::string(body) + "repeat 2\nconv r x 4 6 6 out=8 k=1\nend\n", 5),
                   "a repeated block must give its input's shape"));
    CHECK(error_at(std::string(body) + "conv s c2 4 6 6 out=8 k=1 count=2\n", 3) ==
          "count=: only a layer whose output has its input's shape can repeat");
    // Benchmarks are named by stage and name.
    CHECK(error_at(std::string(body) + "conv s c1 4 6 6 out=4 k=1\n", 3) ==
          "s c1: a layer of that stage and name came before");
    // Grouped convs: the groups divide both channel counts.
    CHECK(contains(error_at(std::string(body) + "conv s dw 4 6 6 out=6 k=3 p=1 g=4\n", 3),
                   "g=4: must divide"));
    // Padding as wide as the kernel would leave windows of padding only.
    CHECK(error_at("conv s c1 3 8 8 out=4 k=3 p=3\n", 2) ==
          "p=: padding must be smaller than the kernel on its axis");
}

TEST_CASE("branches, repeats, groups and non-square windows count as written", "[networks]")
{
    network net{};
    char error[512] = "";
    // 3x8x8 -> conv 3x3 -> 4x6x6; split: a 1x3 conv (p=0x1) to 2 channels
    // and a 3x1 conv (p=1x0) to 6 channels, concat to 8x6x6; then two
    // copies of a depthwise 3x3 (g=8) with batch norm; a residual with a
    // strided 1x1 projection to 8x3x3, asymmetric padding on a 2x2 pool.
    const std::string text = "net ok\n" + std::string(body) +
                             "split\nbranch\nconv b a 4 6 6 out=2 k=1x3 p=0x1\n"
                             "branch\nconv b b 4 6 6 out=6 k=3x1 p=1x0\nconcat\n"
                             "repeat 2\nconv d dw 8 6 6 out=8 k=3 p=1 g=8 bn\nend\n"
                             "split\nbranch\nconv r x 8 6 6 out=8 k=1 s=2\nbranch\n"
                             "maxpool r pool 8 6 6 k=2 s=2\nadd\n"
                             "avgpool t pool 8 3 3 k=2 s=2 p=0,0,1,1\n"
                             "head gap 8 2 2\nfc h fc 8 2\n";
    REQUIRE(network_parse(text.data(), text.size(), "t", &net, error, sizeof error));
    REQUIRE(net.layer_count == 7);
    // By hand: c1 4*(27+1) = 112; a 2*(4*3+1) = 26; b 6*(4*3+1) = 78;
    // dw 2 copies of 8*9 + 2*8 = 88; x 8*8 + 8 = 72.
    CHECK(network_body_params(&net) == 112u + 26 + 78 + 2 * 88 + 72);
    // MACs: c1 6*6*4*27 = 3888; a 6*6*2*12 = 864; b 6*6*6*12 = 2592;
    // dw 2 * 6*6*8*9 = 5184; x 3*3*8*8 = 576.
    CHECK(network_body_macs(&net) == 3888u + 864 + 2592 + 5184 + 576);
    CHECK(net.layers[3].count == 2);
    CHECK(layer_out_h(&net.layers[6]) == 2);
    CHECK(layer_out_w(&net.layers[6]) == 2);
    network_free(&net);
}
