// What the kernel offers to trace: tracepoints with their fields, and
// whether kprobes exist. Read from tracefs (events/<cat>/<event>/format).
//
// The generator asks a KernelCatalog rather than the file system, so unit
// tests can point it at recorded tracefs trees under tests/data.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gen/kernel_btf.h"
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
  // How to read member PATH of kernel struct STRUCT_NAME by offset
  // (gen/kernel_btf.h), or nullopt when the layout is unknown.
  virtual std::optional<MemberAccess>
  kernel_member(std::string_view struct_name, std::string_view path) const {
    (void)struct_name;
    (void)path;
    return std::nullopt;
  }
};

// A KernelCatalog over a tracefs mount point (or a recorded copy of one).
// With BTF_PATH (gen::kVmlinuxBtf on a live system), it also knows the
// kernel's struct layouts, loaded on first use
// (once per process: KernelBtf::shared); without, it knows none.
class TracefsCatalog final : public KernelCatalog {
public:
  explicit TracefsCatalog(std::string root, std::string btf_path = "")
      : root_(std::move(root)), btf_(std::make_shared<BtfState>()) {
    btf_->path = std::move(btf_path);
  }
  Result<std::vector<TracepointField>>
  tracepoint_fields(std::string_view category,
                    std::string_view event) const override;
  std::vector<std::string> events(std::string_view category) const override;
  std::vector<std::string> categories() const override;
  bool kprobes_available() const override;
  std::vector<std::string> kernel_functions() const override;
  std::optional<MemberAccess>
  kernel_member(std::string_view struct_name,
                std::string_view path) const override;
  const std::string& root() const { return root_; }

private:
  struct BtfState { // shared by copies; loaded once, from any thread
    std::string path;
    std::once_flag once;
    std::shared_ptr<const KernelBtf> btf; // KernelBtf::shared
  };
  std::string root_;
  std::shared_ptr<BtfState> btf_;
};

// True when S is a tracepoint category or event name that is safe as a
// path component: one or more ASCII letters, digits or '_'.
bool is_plain_name(std::string_view s);

// The mounted tracefs directory: /sys/kernel/tracing, or the debugfs
// fallback /sys/kernel/debug/tracing, or nullopt when neither is mounted.
std::optional<std::string> find_tracefs();

// Mounts tracefs on /sys/kernel/tracing when it is not mounted (needs
// root). Returns the mount point.
Result<std::string> ensure_tracefs();

} // namespace sctrace::gen
