// Numbers (src/output/number.h).
#include <gtest/gtest.h>

#include <cmath>

#include "output/number.h"

namespace sctrace::output {
namespace {

std::string number(double v) {
  std::string out;
  append_number(out, v);
  return out;
}

TEST(Number, shortest_text_that_reads_back_exactly) {
  EXPECT_EQ(number(1.5), "1.5");
  EXPECT_EQ(number(0.25), "0.25");
  EXPECT_EQ(number(2 / 1.5), "1.3333333333333333");
  EXPECT_EQ(number(3), "3");
  EXPECT_EQ(number(0), "0");
  EXPECT_EQ(number(-0.5), "-0.5");
  EXPECT_EQ(number(123456.789), "123456.789");
  EXPECT_EQ(number(1e-7), "1e-07");
}

TEST(Number, nan_and_infinity_are_zero) {
  EXPECT_EQ(number(std::nan("")), "0");
  EXPECT_EQ(number(INFINITY), "0");
  EXPECT_EQ(number(-INFINITY), "0");
}

} // namespace
} // namespace sctrace::output
