#include "cli/json_input.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "spec/json_text.h"

namespace sctrace::cli {

namespace {

Result<std::string> read_text(const std::string& path,
                              const std::string& option,
                              std::size_t max_bytes) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
      return make_error(ErrorKind::Invalid,
                        option + " '" + path +
                            "' is a directory; give a JSON file, or - for "
                            "stdin");
    file.open(path, std::ios::binary);
    if (!file)
      return make_error(ErrorKind::NotFound,
                        "cannot open " + option + " file '" + path +
                            "': " + std::strerror(errno) +
                            "; give a readable JSON file, or - for stdin");
    in = &file;
  }
  std::string text(max_bytes + 1, '\0');
  in->read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in->gcount()));
  if (in->bad())
    return make_error(ErrorKind::Invalid,
                      "reading " + option + " '" + path +
                          "' failed: " + std::strerror(errno));
  if (text.size() > max_bytes)
    return make_error(ErrorKind::Invalid,
                      option + " is larger than " + std::to_string(max_bytes) +
                          " bytes; give a smaller document");
  return text;
}

} // namespace

Result<nlohmann::json> read_json_input(const std::string& path,
                                       const std::string& option,
                                       std::size_t max_bytes) {
  SCTRACE_TRY_ASSIGN(text, read_text(path, option, max_bytes));
  return spec::parse_json_text(text, path == "-" ? "<stdin>" : path);
}

} // namespace sctrace::cli
