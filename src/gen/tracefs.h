// What the kernel offers to trace: tracepoints with their fields, and
// whether kprobes exist. Read from tracefs (events/<cat>/<event>/format).
//
// The generator asks a KernelCatalog rather than the file system, so unit
// tests can point it at recorded tracefs trees under tests/data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace sctrace::gen {

// What a field holds, as far as printing it is concerned.
enum class FieldKind {
  Integer,       // "size_t", "int", "unsigned long", ...
  CharPointer,   // "const char *", "char *": a NUL-terminated string
  Pointer,       // any other pointer ("void *", "char **", "struct x *")
  CharArray,     // "char comm[16]": the string is in the record itself
  DynamicString, // "__data_loc char[]": a string stored after the record
  Array,         // any other fixed-size array ("unsigned long args[6]")
};

struct TracepointField {
  std::string type; // C type as tracefs prints it, e.g. "const char *"
  std::string name; // field name, e.g. "filename"
  int size = 0;     // bytes
  bool is_signed = false;
  int array_length = 0;   // N of "type name[N]"; 0 when not an array
  bool is_string() const; // a char pointer: read it with str()
  FieldKind kind() const;
  // The declaration as tracefs prints it: "size_t count", "char comm[16]".
  std::string declaration() const;
  bool operator==(const TracepointField&) const = default;
};

// Parses the text of a tracefs format file into its fields, skipping the
// common_* header fields. Fails when no "field:" line is found.
Result<std::vector<TracepointField>> parse_format_file(std::string_view text);

class KernelCatalog {
public:
  virtual ~KernelCatalog() = default;
  // Fields of tracepoint category:event, or NotFound.
  virtual Result<std::vector<TracepointField>>
  tracepoint_fields(std::string_view category,
                    std::string_view event) const = 0;
  // Every event name of a category (for "did you mean" hints); empty when
  // the category does not exist.
  virtual std::vector<std::string> events(std::string_view category) const = 0;
  // Every tracepoint category, sorted (for hints); empty when unknown.
  virtual std::vector<std::string> categories() const { return {}; }
  // Whether the kernel can attach kprobes (CONFIG_KPROBES and
  // CONFIG_KPROBE_EVENTS).
  virtual bool kprobes_available() const = 0;
  // Kernel functions kprobes can attach to (available_filter_functions),
  // sorted; empty when unknown.
  virtual std::vector<std::string> kernel_functions() const { return {}; }
};

// A KernelCatalog over a tracefs mount point (or a recorded copy of one).
class TracefsCatalog final : public KernelCatalog {
public:
  explicit TracefsCatalog(std::string root) : root_(std::move(root)) {}
  Result<std::vector<TracepointField>>
  tracepoint_fields(std::string_view category,
                    std::string_view event) const override;
  std::vector<std::string> events(std::string_view category) const override;
  std::vector<std::string> categories() const override;
  bool kprobes_available() const override;
  std::vector<std::string> kernel_functions() const override;
  const std::string& root() const { return root_; }

private:
  std::string root_;
};

// The mounted tracefs directory: /sys/kernel/tracing, or the debugfs
// fallback /sys/kernel/debug/tracing, or nullopt when neither is mounted.
std::optional<std::string> find_tracefs();

// Mounts tracefs on /sys/kernel/tracing when it is not mounted (needs
// root). Returns the mount point.
Result<std::string> ensure_tracefs();

} // namespace sctrace::gen
