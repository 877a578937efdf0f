#include "run/event_list.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <utility>

#include "run/fd.h"
#include "util/safe_open.h"
#include "util/strings.h"

namespace sctrace::run {
namespace {

bool boundary_before(std::string_view text, std::size_t at) {
  if (at == 0)
    return true;
  char c = text[at - 1];
  return c == ',' || std::isspace(static_cast<unsigned char>(c));
}

bool starts_at(std::string_view text, std::size_t at, std::string_view word) {
  return text.substr(at, word.size()) == word && boundary_before(text, at);
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
         c == '.' || c == '*' || c == '?' || c == '[' || c == ']';
}

bool has_wildcard(std::string_view s) {
  return s.find_first_of("*?[") != std::string_view::npos;
}

// The attach point's text at `at`: name characters and colons.
std::string_view name_at(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end < text.size() && (name_char(text[end]) || text[end] == ':'))
    ++end;
  return text.substr(at, end - at);
}

// The "C:N" part at `at` (after "tracepoint:" or "t:"), or "" when the text
// there is not one.
std::string_view attach_point_at(std::string_view text, std::size_t at) {
  std::string_view ap = name_at(text, at);
  std::size_t colon = ap.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon + 1 == ap.size() ||
      ap.find(':', colon + 1) != ap.npos)
    return {};
  return ap;
}

std::string read_all(const std::string& path) {
  int raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (raw < 0)
    return {};
  Fd fd(raw);
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd.get(), buf, sizeof buf)) > 0 ||
         (n < 0 && errno == EINTR))
    if (n > 0)
      out.append(buf, static_cast<std::size_t>(n));
  return n < 0 ? std::string() : out;
}

bool octal(char c) {
  return c >= '0' && c <= '7';
}

// mountinfo's octal escapes (\040 for a space) decoded.
std::string unescape_mount_point(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && octal(s[i + 1]) &&
        octal(s[i + 2]) && octal(s[i + 3])) {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 +
                               (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

// A 0600 file in tmpdir holding text, open for writing; "" on failure.
std::string write_temp(const std::string& tmpdir, const std::string& text,
                       Fd& fd) {
  std::string path = tmpdir + "/sctrace-events-XXXXXX";
  int raw = ::mkostemp(path.data(), O_CLOEXEC);
  if (raw < 0)
    return {};
  fd = Fd(raw);
  if (::write(fd.get(), text.data(), text.size()) !=
      static_cast<ssize_t>(text.size())) {
    ::unlink(path.c_str());
    fd = Fd();
    return {};
  }
  return path;
}

} // namespace

std::optional<std::vector<std::string>>
program_tracepoints(std::string_view program) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < program.size(); ++i) {
    // A named raw tracepoint needs no line (bpftrace 0.23 finds it in
    // the kernel's BTF); a wildcard one might be listed from it.
    std::size_t raw = starts_at(program, i, "rawtracepoint:") ? 14
                      : starts_at(program, i, "rt:")          ? 3
                                                              : 0;
    if (raw != 0 && has_wildcard(name_at(program, i + raw)))
      return std::nullopt;
    std::size_t skip = starts_at(program, i, "tracepoint:") ? 11
                       : starts_at(program, i, "t:")        ? 2
                                                            : 0;
    if (skip == 0)
      continue;
    std::string_view ap = attach_point_at(program, i + skip);
    if (ap.empty())
      continue;
    std::string_view category = ap.substr(0, ap.find(':'));
    if (has_wildcard(category))
      return std::nullopt;
    out.emplace_back(has_wildcard(ap) ? std::string(category) + ":*"
                                      : std::string(ap));
  }
  if (out.empty())
    return std::nullopt;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string filter_event_list(std::string_view all,
                              const std::vector<std::string>& wanted) {
  auto named = [&](std::string_view s) {
    return std::binary_search(wanted.begin(), wanted.end(), s);
  };
  std::string out;
  for (const std::string& line : util::split(all, '\n')) {
    std::size_t colon = line.find(':');
    if (!line.empty() && (named(line) || (colon != std::string::npos &&
                                          named(line.substr(0, colon) + ":*"))))
      out.append(line).push_back('\n');
  }
  return out;
}

std::vector<std::string> tracefs_event_lists(std::string_view mountinfo) {
  std::vector<std::string> out;
  for (const std::string& line : util::split(mountinfo, '\n')) {
    auto f = util::split(line, ' ');
    auto dash = std::find(f.begin(), f.end(), "-");
    if (f.size() > 4 && dash != f.end() && dash + 1 != f.end() &&
        *(dash + 1) == "tracefs")
      out.push_back(unescape_mount_point(f[4]) + "/available_events");
  }
  return out;
}

EventListOverlay EventListOverlay::prepare(const std::string& tmpdir) {
  EventListOverlay o;
  std::vector<std::string> lists;
  for (std::string& l : tracefs_event_lists(read_all("/proc/self/mountinfo")))
    if (::access(l.c_str(), R_OK) == 0)
      lists.push_back(std::move(l));
  if (lists.empty())
    return o;
  o.full_ = read_all(lists.front());
  if (o.full_.empty())
    return o;
  o.file_ =
      write_temp(tmpdir.empty() ? util::temp_dir() : tmpdir, o.full_, o.fd_);
  if (o.file_.empty())
    return o;
  for (const std::string& l : lists)
    o.binds_.push_back({o.file_, l});
  return o;
}

// The short list is written over the start of the full one, then the rest
// cut off: no new space is needed, so it cannot fail half-way for a full
// disk. A failed write puts the full list back.
void EventListOverlay::show_only(std::string_view program) {
  if (!fd_.valid())
    return;
  auto wanted = program_tracepoints(program);
  if (!wanted)
    return;
  std::string kept = filter_event_list(full_, *wanted);
  if (kept.empty())
    return; // bpftrace then reports the missing tracepoint itself
  if (::pwrite(fd_.get(), kept.data(), kept.size(), 0) ==
          static_cast<ssize_t>(kept.size()) &&
      ::ftruncate(fd_.get(), static_cast<off_t>(kept.size())) == 0)
    return;
  (void)!::pwrite(fd_.get(), full_.data(), full_.size(), 0);
}

EventListOverlay::EventListOverlay(EventListOverlay&& other) noexcept {
  *this = std::move(other);
}

EventListOverlay& EventListOverlay::operator=(EventListOverlay&& o) noexcept {
  if (this != &o) {
    remove_file();
    file_ = std::exchange(o.file_, {});
    full_ = std::exchange(o.full_, {});
    fd_ = std::move(o.fd_);
    binds_ = std::exchange(o.binds_, {});
  }
  return *this;
}

EventListOverlay::~EventListOverlay() {
  remove_file();
}

void EventListOverlay::remove_file() {
  if (!file_.empty())
    ::unlink(file_.c_str());
  file_.clear();
  fd_ = Fd();
  full_.clear();
}

} // namespace sctrace::run
