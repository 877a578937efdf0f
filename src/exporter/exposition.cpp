// The text exposition format (exposition.h).
#include "exporter/exposition.h"

#include <cmath>

#include "output/number.h"

namespace sctrace::exporter {

namespace {

std::string escape_help(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

} // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string format_labels(const Labels& labels) {
  if (labels.empty())
    return "";
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0)
      out += ',';
    out.append(labels[i].first);
    out += "=\"";
    out += escape_label_value(labels[i].second);
    out += '"';
  }
  out += '}';
  return out;
}

std::string format_double(double value) {
  if (std::isinf(value))
    return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value))
    return "NaN";
  std::string out;
  output::append_number(out, value);
  return out;
}

void ExpositionWriter::family(std::string_view name, std::string_view type,
                              std::string_view help) {
  out_ += "# HELP ";
  out_.append(name);
  out_ += ' ';
  out_ += escape_help(help);
  out_ += "\n# TYPE ";
  out_.append(name);
  out_ += ' ';
  out_.append(type);
  out_ += '\n';
}

void ExpositionWriter::sample_text(std::string_view name, const Labels& labels,
                                   std::string_view value) {
  out_.append(name);
  out_ += format_labels(labels);
  out_ += ' ';
  out_.append(value);
  out_ += '\n';
}

void ExpositionWriter::sample(std::string_view name, const Labels& labels,
                              std::uint64_t value) {
  sample_text(name, labels, std::to_string(value));
}

void ExpositionWriter::sample(std::string_view name, const Labels& labels,
                              double value) {
  sample_text(name, labels, format_double(value));
}

} // namespace sctrace::exporter
