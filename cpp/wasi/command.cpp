// The C++ kernel as a WASI preview-1 command (contract/README.md, "WASI commands"):
//
//     command grayscale|blur INPUT.pam OUTPUT.pam
//
// Both files are in the directory the host preopens; no environment is used.
// The pixels go through the kernel's own functions (src/grayscale.cpp,
// src/blur.cpp), the very code the module builds export. On any error: one
// line on stderr and exit code 1. The format is PAM (Netpbm P7, RGBA8), read
// and written by hand: C++ has no PNG codec of its own, and no small one.
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../src/blur.hpp"
#include "../src/grayscale.hpp"
#include "../src/status.hpp"

namespace {

// An RGBA8 image, row-major, no row padding.
struct Image {
    std::int32_t width = 0;
    std::int32_t height = 0;
    std::vector<std::uint8_t> pixels;
};

// The one error path: a line on stderr, then exit code 1.
[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "command: %s\n", message.c_str());
    std::exit(1);
}

std::string system_error(const char* what, const char* path) {
    return std::string(what) + " " + path + ": " + std::strerror(errno);
}

std::vector<std::uint8_t> read_file(const char* path) {
    std::FILE* file = std::fopen(path, "rb");
    if (file == nullptr) fail(system_error("cannot read", path));
    constexpr std::size_t kChunk = 1 << 16;
    std::vector<std::uint8_t> bytes;
    for (std::size_t got = kChunk; got == kChunk;) {
        const std::size_t have = bytes.size();
        bytes.resize(have + kChunk);
        got = std::fread(bytes.data() + have, 1, kChunk, file);
        bytes.resize(have + got);
    }
    const bool failed = std::ferror(file) != 0;
    std::fclose(file);
    if (failed) fail(system_error("cannot read", path));
    return bytes;
}

// A positive decimal number, digits only, at most INT32_MAX.
bool parse_number(std::string_view text, std::int32_t& out) {
    if (text.empty()) return false;
    std::uint64_t n = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
        if (n > INT32_MAX) return false;
    }
    out = static_cast<std::int32_t>(n);
    return n > 0;
}

// PAM with exactly the header the contract names (and Netpbm writes):
// P7, WIDTH, HEIGHT, DEPTH 4, MAXVAL 255, TUPLTYPE RGB_ALPHA, ENDHDR, one
// line each, then width * height * 4 bytes and nothing more.
Image read_pam(const char* path) {
    const std::vector<std::uint8_t> bytes = read_file(path);
    const std::string bad = std::string(path) + ": not a PAM this command reads: ";
    std::size_t at = 0;
    const auto line = [&]() -> std::string_view {
        const auto* start = bytes.data() + at;
        const auto* end = static_cast<const std::uint8_t*>(std::memchr(start, '\n', bytes.size() - at));
        if (end == nullptr) fail(bad + "the header ends early");
        at += static_cast<std::size_t>(end - start) + 1;
        return {reinterpret_cast<const char*>(start), static_cast<std::size_t>(end - start)};
    };
    const auto expect = [&](std::string_view want) {
        const std::string_view got = line();
        if (got != want) fail(bad + "header line `" + std::string(got) + "` where `" + std::string(want) + "` belongs");
    };
    const auto field = [&](std::string_view key) {
        const std::string_view got = line();
        std::int32_t value = 0;
        if (!got.starts_with(key) || !parse_number(got.substr(key.size()), value)) {
            fail(bad + "header line `" + std::string(got) + "` where `" + std::string(key) +
                 "<positive number>` belongs");
        }
        return value;
    };
    if (bytes.size() < 3 || std::memcmp(bytes.data(), "P7\n", 3) != 0) fail(bad + "it does not start with `P7`");
    expect("P7");
    Image image;
    image.width = field("WIDTH ");
    image.height = field("HEIGHT ");
    expect("DEPTH 4");
    expect("MAXVAL 255");
    expect("TUPLTYPE RGB_ALPHA");
    expect("ENDHDR");
    const std::string size = std::to_string(image.width) + "x" + std::to_string(image.height);
    const std::uint32_t len = rosetta::image_len(image.width, image.height);
    if (len == 0) fail(std::string(path) + ": " + size + " is too large (width * height * 4 must fit in an i32)");
    if (bytes.size() - at != len) {
        fail(std::string(path) + ": " + std::to_string(bytes.size() - at) + " bytes of pixels where a " + size +
             " image has " + std::to_string(len));
    }
    image.pixels.assign(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.end());
    return image;
}

void write_pam(const char* path, const Image& image) {
    std::FILE* file = std::fopen(path, "wb");
    if (file == nullptr) fail(system_error("cannot write", path));
    const bool ok = std::fprintf(file, "P7\nWIDTH %d\nHEIGHT %d\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n",
                                 image.width, image.height) > 0 &&
                    std::fwrite(image.pixels.data(), 1, image.pixels.size(), file) == image.pixels.size();
    if (std::fclose(file) != 0 || !ok) fail(system_error("cannot write", path));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        fail("usage: command grayscale|blur INPUT.pam OUTPUT.pam (got " + std::to_string(argc - 1) + " arguments)");
    }
    const std::string_view op = argv[1];
    if (op != "grayscale" && op != "blur") fail("unknown op `" + std::string(op) + "` (want grayscale or blur)");
    Image image = read_pam(argv[2]);
    if (op == "grayscale") {
        rosetta::grayscale(image.pixels.data(), image.pixels.size());
    } else {
        std::vector<std::uint8_t> out(image.pixels.size());
        rosetta::blur(image.pixels.data(), out.data(), static_cast<std::size_t>(image.width),
                      static_cast<std::size_t>(image.height));
        image.pixels = std::move(out);
    }
    write_pam(argv[3], image);
    return 0;
}
