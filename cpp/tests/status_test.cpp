// The checks are pure functions of plain numbers: every case is a line.
#include "status.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace rosetta {
namespace {

constexpr std::uint64_t kPage = 65536;
constexpr std::uint64_t kMemory = 16 * kPage;

// constexpr checks can also be asserted at compile time.
static_assert(image_len(1, 1) == 4);
static_assert(check_image(0, 1, 1, kMemory) == Status::out_of_bounds);

TEST(Status, CodesAreTheContracts) {
    EXPECT_EQ(code(Status::ok), 0);
    EXPECT_EQ(code(Status::bad_dimensions), 1);
    EXPECT_EQ(code(Status::out_of_bounds), 2);
    EXPECT_EQ(code(Status::overlap), 3);
}

TEST(ImageLen, IsWidthTimesHeightTimesFour) {
    EXPECT_EQ(image_len(1, 1), 4u);
    EXPECT_EQ(image_len(3, 2), 24u);
    EXPECT_EQ(image_len(3840, 2160), 3840u * 2160u * 4u);
}

TEST(ImageLen, RejectsASideOfZeroOrLess) {
    EXPECT_EQ(image_len(0, 5), 0u);
    EXPECT_EQ(image_len(5, 0), 0u);
    EXPECT_EQ(image_len(-1, 5), 0u);
    EXPECT_EQ(image_len(5, INT32_MIN), 0u);
}

TEST(ImageLen, RejectsALengthPastInt32Max) {
    EXPECT_EQ(image_len(1, 536870911), 2147483644u);  // the largest that fits
    EXPECT_EQ(image_len(1, 536870912), 0u);           // 2^31
    EXPECT_EQ(image_len(65536, 65536), 0u);           // 2^34: wraps u32 to 0 if computed in 32 bits
    EXPECT_EQ(image_len(INT32_MAX, INT32_MAX), 0u);
}

TEST(CheckBuffer, NullIsOutOfBounds) { EXPECT_EQ(check_buffer(0, 4, kMemory), Status::out_of_bounds); }

TEST(CheckBuffer, MayEndExactlyAtTheEndOfMemory) {
    EXPECT_EQ(check_buffer(8, 4, kMemory), Status::ok);
    EXPECT_EQ(check_buffer(kMemory - 4, 4, kMemory), Status::ok);
    EXPECT_EQ(check_buffer(kMemory - 3, 4, kMemory), Status::out_of_bounds);
    EXPECT_EQ(check_buffer(kMemory, 4, kMemory), Status::out_of_bounds);
}

TEST(CheckBuffer, DoesNotWrapPast32Bits) {
    EXPECT_EQ(check_buffer(UINT32_MAX, 4, kMemory), Status::out_of_bounds);
    EXPECT_EQ(check_buffer(UINT32_MAX - 3, 4, 1ull << 32), Status::ok);  // a full 4 GiB memory
    EXPECT_EQ(check_buffer(UINT32_MAX - 2, 4, 1ull << 32), Status::out_of_bounds);
}

TEST(CheckNoOverlap, AdjacentRangesDoNotOverlap) {
    EXPECT_EQ(check_no_overlap(100, 104, 4), Status::ok);
    EXPECT_EQ(check_no_overlap(104, 100, 4), Status::ok);
    EXPECT_EQ(check_no_overlap(100, 1000, 4), Status::ok);
}

TEST(CheckNoOverlap, OneSharedByteIsAnOverlap) {
    EXPECT_EQ(check_no_overlap(100, 103, 4), Status::overlap);
    EXPECT_EQ(check_no_overlap(103, 100, 4), Status::overlap);
    EXPECT_EQ(check_no_overlap(100, 100, 4), Status::overlap);
}

TEST(CheckNoOverlap, DoesNotWrapPast32Bits) {
    EXPECT_EQ(check_no_overlap(UINT32_MAX - 3, 0, 8), Status::ok);
    EXPECT_EQ(check_no_overlap(UINT32_MAX - 7, UINT32_MAX - 3, 8), Status::overlap);
}

TEST(CheckImage, ChecksInContractOrder) {
    EXPECT_EQ(check_image(64, 2, 2, kMemory), Status::ok);
    EXPECT_EQ(check_image(0, 0, 2, kMemory), Status::bad_dimensions);  // dimensions before the pointer
    EXPECT_EQ(check_image(0, 2, 2, kMemory), Status::out_of_bounds);
    EXPECT_EQ(check_image(kMemory - 15, 2, 2, kMemory), Status::out_of_bounds);
    EXPECT_EQ(check_image(kMemory - 16, 2, 2, kMemory), Status::ok);
}

TEST(CheckBlur, ChecksInContractOrder) {
    EXPECT_EQ(check_blur(64, 1024, 2, 2, kMemory), Status::ok);
    EXPECT_EQ(check_blur(0, 0, 2, -1, kMemory), Status::bad_dimensions);       // dimensions first
    EXPECT_EQ(check_blur(0, 64, 2, 2, kMemory), Status::out_of_bounds);        // then src
    EXPECT_EQ(check_blur(64, kMemory, 2, 2, kMemory), Status::out_of_bounds);  // then dst
    EXPECT_EQ(check_blur(64, 0, 2, 2, kMemory), Status::out_of_bounds);
    EXPECT_EQ(check_blur(64, 64, 2, 2, kMemory), Status::overlap);  // then overlap
    EXPECT_EQ(check_blur(64, 79, 2, 2, kMemory), Status::overlap);
    EXPECT_EQ(check_blur(64, 80, 2, 2, kMemory), Status::ok);
}

}  // namespace
}  // namespace rosetta
