// The Prometheus text exposition format 0.0.4, written line by line: one
// family's # HELP and # TYPE, then its samples.
//
// Contract:
//  - Label values are escaped as the format asks: a backslash as \\, a
//    double quote as \", a newline as \n; every other byte is kept (the
//    format is UTF-8 and says nothing more). HELP text escapes backslash
//    and newline.
//  - Labels are written in the order given; callers give them sorted by
//    name so that output is deterministic.
//  - Integer counters are written exactly (no double rounding past 2^53);
//    other values as the shortest decimal that reads back as the same
//    double (output/number.h); +Inf as "+Inf".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sctrace::exporter {

using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

// "a\"b" for a"b, and so on (see the contract).
std::string escape_label_value(std::string_view value);

// {name="value",...}, or "" for no labels.
std::string format_labels(const Labels& labels);

class ExpositionWriter {
public:
  // TYPE is counter, gauge, histogram or summary.
  void family(std::string_view name, std::string_view type,
              std::string_view help);
  void sample(std::string_view name, const Labels& labels, std::uint64_t value);
  void sample(std::string_view name, const Labels& labels, double value);
  // A sample whose value the caller formatted.
  void sample_text(std::string_view name, const Labels& labels,
                   std::string_view value);

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

private:
  std::string out_;
};

// The shortest decimal text of a double ("1.023e-06", "0.5", "3").
std::string format_double(double value);

} // namespace sctrace::exporter
