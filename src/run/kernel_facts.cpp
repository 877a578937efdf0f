#include "run/kernel_facts.h"

#include <sys/vfs.h>

#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>

#include "util/strings.h"

namespace sctrace::run {
namespace {

constexpr std::string_view kHeader = "sctrace kernel-facts 1";
constexpr std::size_t kMaxFile = 4 << 20;  // about 45 KiB in practice
constexpr long kTracefsMagic = 0x74726163; // linux/magic.h TRACEFS_MAGIC

bool is_tracefs(const std::string& root) {
  struct statfs fs {};
  return ::statfs(root.c_str(), &fs) == 0 && fs.f_type == kTracefsMagic;
}

std::string read_boot_id() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(in, id);
  return std::string(util::trim(id));
}

// Text that fits one tab-separated field of one line.
bool plain_text(std::string_view s) {
  return !s.empty() && s.find_first_of("\t\n\r") == std::string_view::npos;
}

// "boot ID tracefs ROOT", or "" when ROOT's facts are not to be kept.
std::string cache_key(const std::string& root) {
  if (!plain_text(root) || !is_tracefs(root))
    return "";
  std::string boot = read_boot_id();
  return boot.empty() ? "" : "boot " + boot + " tracefs " + root;
}

// Whether TEXT starts with the header and KEY's line, as a file made for
// KEY does.
bool made_for(std::string_view text, const std::string& key) {
  const std::string head = std::string(kHeader) + "\n" + key + "\n";
  return text.substr(0, head.size()) == head;
}

std::string file_name(const std::string& root) {
  std::ostringstream name;
  name << "kernel-facts-" << std::hex << std::hash<std::string>{}(root);
  return name.str();
}

template <typename T> bool to_uint(std::string_view s, T& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

bool to_flag(std::string_view s, bool& out) {
  out = s == "1";
  return s == "0" || s == "1";
}

// A C type as tracefs prints one ("const char *", "unsigned long",
// "char[16]"): the names in a program come from here, so nothing else.
bool plain_type(std::string_view s) {
  return !s.empty() &&
         s.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                             "0123456789_ *[]") == std::string_view::npos;
}

// "F<TAB>type<TAB>name<TAB>size<TAB>signed<TAB>array_length"
bool parse_field(const std::vector<std::string>& f, gen::TracepointField& out) {
  unsigned size = 0, length = 0;
  if (f.size() != 6 || !plain_type(f[1]) || !gen::is_plain_name(f[2]) ||
      !to_uint(f[3], size) || !to_flag(f[4], out.is_signed) ||
      !to_uint(f[5], length) || size > 1u << 16 || length > 1u << 16)
    return false;
  out.type = f[1];
  out.name = f[2];
  out.size = static_cast<int>(size);
  out.array_length = static_cast<int>(length);
  return true;
}

// "M<TAB>struct:path<TAB>offset<TAB>int|chars<TAB>size<TAB>signed<TAB>derefs"
// with derefs comma-separated ("-" for none).
bool parse_member(const std::vector<std::string>& f, gen::MemberAccess& out) {
  if (f.size() != 7 || !plain_text(f[1]) || !to_uint(f[2], out.offset) ||
      (f[3] != "int" && f[3] != "chars") || !to_uint(f[4], out.size) ||
      !to_flag(f[5], out.is_signed) || f[6].empty())
    return false;
  out.kind = f[3] == "int" ? gen::MemberAccess::Kind::Int
                           : gen::MemberAccess::Kind::Chars;
  if (f[6] == "-")
    return true;
  for (const std::string& d : util::split(f[6], ',')) {
    std::uint32_t v = 0;
    if (!to_uint(d, v))
      return false;
    out.derefs.push_back(v);
  }
  return true;
}

std::string member_line(const std::string& key, const gen::MemberAccess& m) {
  std::string derefs;
  for (std::uint32_t d : m.derefs)
    derefs += (derefs.empty() ? "" : ",") + std::to_string(d);
  return "M\t" + key + "\t" + std::to_string(m.offset) + "\t" +
         (m.kind == gen::MemberAccess::Kind::Int ? "int" : "chars") + "\t" +
         std::to_string(m.size) + "\t" + (m.is_signed ? "1" : "0") + "\t" +
         (derefs.empty() ? "-" : derefs) + "\n";
}

// One line of a cache file into FACTS; CURRENT is the event the F lines
// after an E line belong to.
bool parse_line(const std::string& line, KernelFactSet& facts,
                std::vector<gen::TracepointField>*& current) {
  std::vector<std::string> f = util::split(line, '\t');
  gen::TracepointField field;
  gen::MemberAccess member;
  if (f.size() == 2 && f[0] == "E" && gen::is_plain_name(f[1]))
    current = &facts.syscall_fields[f[1]];
  else if (current && f[0] == "F" && parse_field(f, field))
    current->push_back(std::move(field));
  else if (f[0] == "M" && parse_member(f, member))
    facts.members.emplace(f[1], std::move(member));
  else
    return false;
  return true;
}

} // namespace

std::string kernel_facts_text(const std::string& key,
                              const KernelFactSet& facts) {
  std::string out = std::string(kHeader) + "\n" + key + "\n";
  for (const auto& [event, fields] : facts.syscall_fields) {
    out += "E\t" + event + "\n";
    for (const auto& f : fields)
      out += "F\t" + f.type + "\t" + f.name + "\t" + std::to_string(f.size) +
             "\t" + (f.is_signed ? "1" : "0") + "\t" +
             std::to_string(f.array_length) + "\n";
  }
  for (const auto& [name, member] : facts.members)
    out += member_line(name, member);
  return out;
}

std::optional<KernelFactSet> parse_kernel_facts(std::string_view text,
                                                const std::string& key) {
  if (!made_for(text, key))
    return std::nullopt;
  std::vector<std::string> lines = util::split(text, '\n');
  if (!lines.back().empty())
    return std::nullopt;
  KernelFactSet facts;
  std::vector<gen::TracepointField>* current = nullptr;
  for (std::size_t i = 2; i + 1 < lines.size(); ++i)
    if (!parse_line(lines[i], facts, current))
      return std::nullopt;
  return facts;
}

KernelFacts::KernelFacts(const gen::KernelCatalog& live, std::string root,
                         std::string dir)
    : live_(live), root_(std::move(root)), dir_(std::move(dir)),
      key_(cache_key(root_)) {}

bool KernelFacts::known(const std::string& root, const std::string& dir) {
  const std::string key = cache_key(root);
  if (key.empty())
    return false;
  auto text =
      read_cache_file(open_cache_dir(dir, false), file_name(root), kMaxFile);
  return text && made_for(*text, key);
}

void KernelFacts::load() const {
  loaded_ = true;
  if (key_.empty())
    return;
  auto text =
      read_cache_file(open_cache_dir(dir_, false), file_name(root_), kMaxFile);
  if (!text)
    return;
  if (auto parsed = parse_kernel_facts(*text, key_))
    facts_ = std::move(*parsed);
}

Result<std::vector<gen::TracepointField>>
KernelFacts::tracepoint_fields(std::string_view category,
                               std::string_view event) const {
  if (category != "syscalls")
    return live_.tracepoint_fields(category, event);
  if (!loaded_)
    load();
  if (auto it = facts_.syscall_fields.find(event);
      it != facts_.syscall_fields.end())
    return it->second;
  auto fields = live_.tracepoint_fields(category, event);
  bool keep = fields.ok() && gen::is_plain_name(event);
  for (std::size_t i = 0; keep && i < fields->size(); ++i)
    keep =
        plain_type((*fields)[i].type) && gen::is_plain_name((*fields)[i].name);
  if (keep) {
    facts_.syscall_fields.emplace(std::string(event), *fields);
    learned_ = true;
  }
  return fields;
}

std::optional<gen::MemberAccess>
KernelFacts::kernel_member(std::string_view struct_name,
                           std::string_view path) const {
  if (!loaded_)
    load();
  const std::string name = std::string(struct_name) + ":" + std::string(path);
  if (auto it = facts_.members.find(name); it != facts_.members.end())
    return it->second;
  auto member = live_.kernel_member(struct_name, path);
  if (member && plain_text(name)) {
    facts_.members.emplace(name, *member);
    learned_ = true;
  }
  return member;
}

void KernelFacts::save() const {
  if (!learned_ || key_.empty())
    return;
  write_cache_file(open_cache_dir(dir_, true), file_name(root_),
                   kernel_facts_text(key_, facts_));
  learned_ = false;
}

} // namespace sctrace::run
