// Random access to the bytes of a file that is parsed as untrusted input
// (ELF libraries named by uprobe specs), so a parser reads only the ranges
// it needs instead of the whole file.
//
// Contract:
//  - ByteSource::read() fills all of `out` from `offset`, or fails: a range
//    that runs past size() (overflow safe) is an Invalid error, a failing
//    read an Io error. It never reads outside the range asked for.
//  - MemorySource reads from bytes it does not own (tests, fuzzing).
//  - open_file_source() opens with O_RDONLY|O_CLOEXEC|O_NONBLOCK|O_NOCTTY
//    and refuses anything that is not a regular file (a FIFO, a device
//    such as /dev/zero, a directory) with an Invalid error, so such a path
//    can neither block the open nor feed endless bytes. Reads use pread.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "util/result.h"

namespace sctrace::gen {

class ByteSource {
public:
  virtual ~ByteSource() = default;
  // Size in bytes, fixed when the source was created.
  virtual std::uint64_t size() const = 0;
  // Reads exactly out.size() bytes at offset (see the contract above).
  virtual Result<void> read(std::uint64_t offset,
                            std::span<char> out) const = 0;
  // Names the source in error messages (the path, or "<memory>").
  virtual const std::string& name() const = 0;
};

class MemorySource final : public ByteSource {
public:
  explicit MemorySource(std::string_view bytes, std::string name = "<memory>")
      : bytes_(bytes), name_(std::move(name)) {}
  std::uint64_t size() const override { return bytes_.size(); }
  Result<void> read(std::uint64_t offset, std::span<char> out) const override;
  const std::string& name() const override { return name_; }

private:
  std::string_view bytes_;
  std::string name_;
};

// Whether [offset, offset + length) lies within size, without overflow.
bool range_fits(std::uint64_t offset, std::uint64_t length, std::uint64_t size);

// A regular file opened for pread (see the contract above). NotFound when
// path does not exist, Permission when it may not be read.
Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path);

} // namespace sctrace::gen
