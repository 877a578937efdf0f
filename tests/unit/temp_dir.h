// A fresh temporary directory for a test, removed with everything in it.
//
// Contract: the constructor makes $TMPDIR/PREFIX-XXXXXX (or under /tmp)
// with mkdtemp, mode 0700, and throws std::runtime_error when it cannot;
// the destructor removes the tree without following symlinks in it and
// ignores errors. file() and write() name and fill files inside it.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace sctrace::test {

class TempDir {
public:
  explicit TempDir(const std::string& prefix = "sctrace-test") {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX"))
            .string();
    if (::mkdtemp(tmpl.data()) == nullptr)
      throw std::runtime_error("mkdtemp " + tmpl + " failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name), std::ios::binary) << text;
    return file(name);
  }

private:
  std::string path_;
};

} // namespace sctrace::test
