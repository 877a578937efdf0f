// Kernel struct layouts from BTF (/sys/kernel/btf/vmlinux, read with
// libbpf): where a member such as task_struct's group_leader->start_time
// lies, so that a program can read it by offset. bpftrace 0.17 turns every
// `curtask->...` into C declarations of the structs it crosses and parses
// them with clang at start-up (about 0.4 s for the syscalls program);
// reads by offset need none of that (gen/task_fields.h).
//
// Contract: a path names members separated by "->" (follow the pointer)
// or "." (a struct member in place); anonymous struct and union members
// are searched through, as C does. Resolution fails (nullopt) for a
// missing member, a bitfield, a "->" on a non-pointer, or a last member
// that is neither an integer of 1, 2, 4 or 8 bytes nor a char array.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct btf;

namespace sctrace::gen {

// The vmlinux BTF the kernel exports.
inline constexpr char kVmlinuxBtf[] = "/sys/kernel/btf/vmlinux";

// How to read a member from a pointer P to its struct: follow the
// pointers at P + derefs[0], then at that + derefs[1], ..., and read the
// value at `offset` from the last address.
struct MemberAccess {
  enum class Kind { Int, Chars };
  std::vector<std::uint32_t> derefs; // byte offsets of the pointers
  std::uint32_t offset = 0;          // byte offset of the value
  Kind kind = Kind::Int;
  std::uint32_t size = 0; // Int: bytes (1, 2, 4, 8); Chars: array length
  bool is_signed = false; // Int
  bool operator==(const MemberAccess&) const = default;
};

class KernelBtf {
public:
  // Parses the BTF file at PATH; nullptr when it cannot be read.
  static std::unique_ptr<KernelBtf> load(const std::string& path);
  // The BTF at PATH, parsed once per process and shared: the kernel's BTF
  // does not change while it runs, and parsing it takes about 10 ms. Safe
  // from any thread (a second caller waits for the first's parse). A
  // failure is not remembered: the next call tries again.
  static std::shared_ptr<const KernelBtf> shared(const std::string& path);
  // Starts shared(path) on a thread of its own and returns at once, so the
  // parse overlaps the caller's work; a later shared(path) waits for it.
  // Once per path and process (a server's sessions start one thread in
  // all); the thread is joined at exit. Without a thread, nothing happens.
  static void prefetch(const std::string& path);
  ~KernelBtf();
  KernelBtf(const KernelBtf&) = delete;
  KernelBtf& operator=(const KernelBtf&) = delete;

  // PATH of struct STRUCT_NAME ("group_leader->start_time" of
  // "task_struct"), or nullopt (see the contract above).
  std::optional<MemberAccess> member(std::string_view struct_name,
                                     std::string_view path) const;

private:
  explicit KernelBtf(struct btf* btf) : btf_(btf) {}
  struct btf* btf_;
};

} // namespace sctrace::gen
