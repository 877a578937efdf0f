// The text exposition primitives (exporter/exposition.h): escaping, label
// sets, numbers, and a family's lines.
#include <gtest/gtest.h>

#include "exporter/exposition.h"

namespace sctrace::exporter {
namespace {

TEST(ExporterExposition, EscapesBackslashQuoteAndNewlineOnly) {
  EXPECT_EQ(escape_label_value("plain"), "plain");
  EXPECT_EQ(escape_label_value("a\\b"), "a\\\\b");
  EXPECT_EQ(escape_label_value("say \"hi\""), "say \\\"hi\\\"");
  EXPECT_EQ(escape_label_value("two\nlines"), "two\\nlines");
  EXPECT_EQ(escape_label_value("tab\tand\xc3\xa9"), "tab\tand\xc3\xa9");
}

TEST(ExporterExposition, FormatsLabelSets) {
  EXPECT_EQ(format_labels({}), "");
  EXPECT_EQ(format_labels({{"syscall", "read"}}), "{syscall=\"read\"}");
  EXPECT_EQ(format_labels({{"comm", "x\"y"}, {"syscall", "read"}}),
            "{comm=\"x\\\"y\",syscall=\"read\"}");
}

TEST(ExporterExposition, NumbersAreExactOrShortest) {
  EXPECT_EQ(format_double(0.5), "0.5");
  EXPECT_EQ(format_double(1023 / 1e9), "1.023e-06");
  EXPECT_EQ(format_double(3), "3");
  EXPECT_EQ(format_double(1.0 / 0.0), "+Inf");
  ExpositionWriter w;
  w.sample("big_total", {}, std::uint64_t{18446744073709551615ull});
  EXPECT_EQ(w.text(), "big_total 18446744073709551615\n");
}

TEST(ExporterExposition, WritesHelpTypeAndSamples) {
  ExpositionWriter w;
  w.family("x_total", "counter", "Help with \\ and\nnewline.");
  w.sample("x_total", {{"a", "b"}}, std::uint64_t{3});
  w.sample("x_total", {}, 0.25);
  EXPECT_EQ(w.text(), "# HELP x_total Help with \\\\ and\\nnewline.\n"
                      "# TYPE x_total counter\n"
                      "x_total{a=\"b\"} 3\n"
                      "x_total 0.25\n");
}

} // namespace
} // namespace sctrace::exporter
