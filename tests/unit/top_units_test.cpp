#include "top/units.h"

#include <gtest/gtest.h>

#include "top/text.h"

namespace sctrace::top {
namespace {

TEST(TopUnits, Quantities) {
  EXPECT_EQ(format_quantity(0), "0");
  EXPECT_EQ(format_quantity(42), "42");
  EXPECT_EQ(format_quantity(9999), "9999");
  EXPECT_EQ(format_quantity(12345), "12.3k");
  EXPECT_EQ(format_quantity(4560000), "4.56M");
  EXPECT_EQ(format_quantity(-1), "0");
}

TEST(TopUnits, Durations) {
  EXPECT_EQ(format_ns(0), "0");
  EXPECT_EQ(format_ns(850), "850ns");
  EXPECT_EQ(format_ns(1200), "1.20us");
  EXPECT_EQ(format_ns(34e6), "34.0ms");
  EXPECT_EQ(format_ns(2.5e9), "2.50s");
}

TEST(TopUnits, Seconds) {
  EXPECT_EQ(format_seconds(1), "1s");
  EXPECT_EQ(format_seconds(0.25), "250ms");
  EXPECT_EQ(format_percent(12.54), "12.5%");
}

TEST(TopUnits, BucketLabelsAreBpftraceRanges) {
  EXPECT_EQ(bucket_label(0), "0ns");
  EXPECT_EQ(bucket_label(1), "1ns-2ns");
  EXPECT_EQ(bucket_label(10), "512ns-1us");
  EXPECT_EQ(bucket_label(11), "1us-2us");
  EXPECT_EQ(bucket_label(21), "1ms-2ms");
  EXPECT_EQ(bucket_label(31), "1s-2s");
}

TEST(TopText, FitPadsAndCutsByCells) {
  EXPECT_EQ(fit("abc", 5), "abc  ");
  EXPECT_EQ(fit("abcdef", 3), "abc");
  EXPECT_EQ(align_right("7", 3), "  7");
  // A wide CJK character takes two cells and is never cut in half.
  std::string wide = "\xE4\xB8\xAD"; // U+4E2D
  EXPECT_EQ(display_width(wide + "a"), 3u);
  EXPECT_EQ(clip(wide + wide, 3), wide);
}

TEST(TopText, KernelTextIsTerminalSafe) {
  std::string hostile = "x\x1b]0;pwned\x07\x1b[2J\r\n\xc2\x9b"
                        "1m";
  std::string safe = kernel_text(hostile, false);
  for (char c : safe) {
    auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(u >= 0x20 && u != 0x7f) << safe;
  }
  EXPECT_EQ(safe.find('\x1b'), std::string::npos);
  EXPECT_NE(safe.find("\\x1b"), std::string::npos);
  EXPECT_NE(safe.find("\\u009b"), std::string::npos);
  EXPECT_EQ(kernel_text("caf\xc3\xa9", true), "caf?");
}

} // namespace
} // namespace sctrace::top
