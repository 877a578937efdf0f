#include "gen/tracefs.h"

#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/strings.h"

namespace fs = std::filesystem;

namespace sctrace::gen {

bool TracepointField::is_string() const {
  // "const char *", "char *", "const char __user *" but not "char **".
  auto star = type.find('*');
  return type.find("char") != std::string::npos && star != std::string::npos &&
         type.find('*', star + 1) == std::string::npos;
}

FieldKind TracepointField::kind() const {
  if (type.find("__data_loc") != std::string::npos)
    return FieldKind::DynamicString;
  if (array_length > 0) {
    bool chars = type == "char" || type == "unsigned char" ||
                 type == "signed char" || type == "const char";
    return chars ? FieldKind::CharArray : FieldKind::Array;
  }
  if (is_string())
    return FieldKind::CharPointer;
  if (type.find('*') != std::string::npos)
    return FieldKind::Pointer;
  return FieldKind::Integer;
}

std::string TracepointField::declaration() const {
  std::string out = type + " " + name;
  if (array_length > 0)
    out += "[" + std::to_string(array_length) + "]";
  return out;
}

Result<std::vector<TracepointField>> parse_format_file(std::string_view text) {
  std::vector<TracepointField> fields;
  for (const auto& raw : util::split(text, '\n')) {
    std::string_view line = util::trim(raw);
    if (line.rfind("field:", 0) != 0)
      continue;
    // field:const char * filename;\toffset:24;\tsize:8;\tsigned:0;
    auto parts = util::split(line, ';');
    std::string decl(util::trim(std::string_view(parts[0]).substr(6)));
    TracepointField f;
    std::size_t name_start = decl.find_last_of(" *");
    if (name_start == std::string::npos)
      continue;
    f.name = decl.substr(name_start + 1);
    f.type = std::string(
        util::trim(std::string_view(decl).substr(0, name_start + 1)));
    auto bracket = f.name.find('[');
    if (bracket != std::string::npos) {
      f.array_length = std::atoi(f.name.c_str() + bracket + 1);
      f.name = f.name.substr(0, bracket);
    }
    for (const auto& p : parts) {
      std::string_view kv = util::trim(p);
      if (kv.rfind("size:", 0) == 0)
        f.size = std::atoi(std::string(kv.substr(5)).c_str());
      else if (kv.rfind("signed:", 0) == 0)
        f.is_signed = kv.substr(7) == "1";
    }
    if (f.name.rfind("common_", 0) == 0)
      continue;
    fields.push_back(std::move(f));
  }
  if (fields.empty())
    return make_error(ErrorKind::Invalid, "tracepoint format has no fields");
  return fields;
}

bool is_plain_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

Result<std::vector<TracepointField>>
TracefsCatalog::tracepoint_fields(std::string_view category,
                                  std::string_view event) const {
  // Names become path components: never let one climb out of the tree.
  if (!is_plain_name(category) || !is_plain_name(event))
    return make_error(ErrorKind::NotFound, "invalid tracepoint name '" +
                                               std::string(category) + ":" +
                                               std::string(event) + "'");
  fs::path p = fs::path(root_) / "events" / std::string(category) /
               std::string(event) / "format";
  std::ifstream in(p);
  if (!in)
    return make_error(ErrorKind::NotFound,
                      "tracepoint " + std::string(category) + ":" +
                          std::string(event) + " does not exist");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_format_file(ss.str());
}

std::vector<std::string>
TracefsCatalog::events(std::string_view category) const {
  std::vector<std::string> out;
  if (!is_plain_name(category))
    return out;
  std::error_code ec;
  fs::directory_iterator it(fs::path(root_) / "events" / std::string(category),
                            ec);
  if (ec)
    return out;
  for (const auto& e : it)
    if (e.is_directory(ec))
      out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> TracefsCatalog::categories() const {
  std::vector<std::string> out;
  std::error_code ec;
  fs::directory_iterator it(fs::path(root_) / "events", ec);
  if (ec)
    return out;
  for (const auto& e : it)
    if (e.is_directory(ec) && is_plain_name(e.path().filename().string()))
      out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

bool TracefsCatalog::kprobes_available() const {
  std::error_code ec;
  return fs::exists(fs::path(root_) / "kprobe_events", ec);
}

std::vector<std::string> TracefsCatalog::kernel_functions() const {
  // One function per line, "name" or "name [module]".
  std::vector<std::string> out;
  std::ifstream in(fs::path(root_) / "available_filter_functions");
  std::string line;
  while (std::getline(in, line)) {
    auto end = line.find_first_of(" \t");
    out.push_back(line.substr(0, end));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<MemberAccess>
TracefsCatalog::kernel_member(std::string_view struct_name,
                              std::string_view path) const {
  std::call_once(btf_->once,
                 [this] { btf_->btf = KernelBtf::shared(btf_->path); });
  if (!btf_->btf)
    return std::nullopt;
  return btf_->btf->member(struct_name, path);
}

std::optional<std::string> find_tracefs() {
  for (const char* dir : {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"}) {
    std::error_code ec; // EACCES when not root: treat as not usable here
    if (fs::exists(fs::path(dir) / "events", ec))
      return std::string(dir);
  }
  return std::nullopt;
}

Result<std::string> ensure_tracefs() {
  if (auto dir = find_tracefs())
    return *dir;
  const char* target = "/sys/kernel/tracing";
  if (::mount("tracefs", target, "tracefs", 0, nullptr) != 0) {
    int err = errno;
    return make_error(
        ErrorKind::Unsupported,
        std::string("tracefs is not mounted and mounting it on ") + target +
            " failed: " + std::strerror(err) +
            "; mount it with `mount -t tracefs tracefs " + target +
            "` (as root) and try again");
  }
  return std::string(target);
}

} // namespace sctrace::gen
