#include "counter.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace rosetta {
namespace {

TEST(Counter, StartsAtZero) { EXPECT_EQ(Counter{}.get(), 0); }

TEST(Counter, IncrementReturnsTheNewValue) {
    Counter c;
    EXPECT_EQ(c.increment(), 1);
    EXPECT_EQ(c.increment(), 2);
    EXPECT_EQ(c.get(), 2);
}

TEST(Counter, WrapsFromInt32MaxToInt32Min) {
    Counter c;
    for (std::int64_t i = 0; i < INT32_MAX; ++i) c.increment();
    EXPECT_EQ(c.get(), INT32_MAX);
    EXPECT_EQ(c.increment(), INT32_MIN);
    EXPECT_EQ(c.increment(), INT32_MIN + 1);
}

TEST(Counter, CountersAreIndependent) {
    Counter a;
    Counter b;
    a.increment();
    a.increment();
    b.increment();
    EXPECT_EQ(a.get(), 2);
    EXPECT_EQ(b.get(), 1);
}

}  // namespace
}  // namespace rosetta
