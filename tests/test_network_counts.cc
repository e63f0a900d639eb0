// Parameter and multiply-add counts of the networks in bench/networks,
// against figures computed by hand or published elsewhere: never against
// numbers the counting code printed.
#include "network.h"

#include <catch2/catch.hpp>

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
    // torchvision's resnet50 has 25,557,032 parameters, 53,120 of them
    // batch-norm scales and shifts (two per conv output channel); this
    // description has no batch norm but one bias per conv output channel.
    const uint64_t conv_channels = 26560;
    CHECK(network_body_params(&r.net) + head_params(&r.head_of(HEAD_GAP)) ==
          25557032u - 2 * conv_channels + conv_channels);
    // About 4.1 GMACs for one 224x224 image (the usual "4.1 GFLOPs").
    const uint64_t macs = network_body_macs(&r.net) + head_macs(&r.head_of(HEAD_GAP));
    CHECK(macs > 4000000000ull);
    CHECK(macs < 4200000000ull);

    Net c("cifar_small.net");
    // By hand: three convs of (c*9+1)*20: 560 + 3620 + 3620.
    CHECK(network_body_params(&c.net) == 560u + 3620u + 3620u);
    CHECK(head_params(&c.head_of(HEAD_FLATTEN)) == 181u * 120 + 121u * 84 + 85u * 2);
    CHECK(head_params(&c.head_of(HEAD_GAP)) == 21u * 2);
}

TEST_CASE("VGG16's Flatten head and MobileNetV2's stem and head, by hand", "[networks]")
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

    Net m("mobilenetv2.net");
    // Stem: 3x3/2 pad 1 on 224x224 gives 112x112; 32*(27+1) parameters,
    // 112*112*32*27 MACs.  Last conv: 1280*(320+1), 7*7*1280*320.
    const layer &stem = m.find("conv1");
    CHECK(layer_out_h(&stem) == 112);
    CHECK(layer_params(&stem) == 896u);
    CHECK(layer_macs(&stem) == 10838016u);
    CHECK(layer_params(&m.find("conv_1x1")) == 410880u);
    CHECK(layer_macs(&m.find("conv_1x1")) == 20070400u);
    // Its classifier, 1280*1000 + 1000 (the 1,281,000 of torchvision's).
    CHECK(head_params(&m.head_of(HEAD_GAP)) == 1281000u);
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

    CHECK(parse_error("# a comment\nnet bad\nconv s c1 3 8 8 out=4 k=3 q=1\n")
              .rfind("FILE:3: unknown option", 0) == 0);
    CHECK(parse_error("net bad\nmaxpool s p1 3 8 8 k=9 s=2\n").rfind("FILE:2: ", 0) == 0);
    CHECK(parse_error("net bad\nfc head fc 10 2\n") == "FILE:2: fc before any head line");
    CHECK(parse_error("net bad\nhead gap 8 7 7\n") == "FILE: head 1 (gap) has no fc line after it");
    CHECK(parse_error("net ok\nconv s c1 3 8 8 out=4 k=3\nhead gap 4 6 6\nfc head fc 4 2\n")
              .empty());
}
