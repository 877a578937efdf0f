#include "remote/suggest.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "decode/errno_names.h"
#include "gen/syscall_table.h"
#include "remote/suggest_table.h"
#include "util/strings.h"

namespace sctrace::remote {

namespace {

// Fields printed per probe at most (keeps specs short and in budget).
constexpr std::size_t kMaxFields = 3;

Result<void> check_length(std::string_view description) {
  if (description.size() <= kMaxDescriptionBytes)
    return Ok{};
  return make_error(ErrorKind::Invalid,
                    "the description is " + std::to_string(description.size()) +
                        " bytes, over the limit of " +
                        std::to_string(kMaxDescriptionBytes) +
                        "; shorten it to the symptom, e.g. 'connection "
                        "refused' or 'file not found'");
}

// Lower-case ASCII words of letters and digits; apostrophes (' and the
// UTF-8 of U+2019) are dropped inside a word, every other byte ends one.
std::vector<std::string> words_of(std::string_view text) {
  constexpr std::string_view kRightQuote = "\xe2\x80\x99";
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c) && c < 0x80) {
      word.push_back(static_cast<char>(std::tolower(c)));
      continue;
    }
    if (!word.empty() && c == '\'')
      continue;
    if (!word.empty() && text.substr(i, 3) == kRightQuote) {
      i += 2;
      continue;
    }
    if (!word.empty())
      words.push_back(std::move(word));
    word.clear();
  }
  if (!word.empty())
    words.push_back(std::move(word));
  return words;
}

bool word_matches(const std::string& word, std::string_view pattern) {
  if (!pattern.empty() && pattern.back() == '*')
    return word.starts_with(pattern.substr(0, pattern.size() - 1));
  return word == pattern;
}

// Whether the keyword's words appear consecutively in words.
bool contains_keyword(const std::vector<std::string>& words,
                      std::string_view keyword) {
  auto pattern = util::split(keyword, ' ');
  if (pattern.empty() || pattern.size() > words.size())
    return false;
  for (std::size_t at = 0; at + pattern.size() <= words.size(); ++at) {
    std::size_t i = 0;
    while (i < pattern.size() && word_matches(words[at + i], pattern[i]))
      ++i;
    if (i == pattern.size())
      return true;
  }
  return false;
}

// The first keyword of topic the words contain.
std::optional<std::string_view>
topic_keyword(const std::vector<std::string>& words, const Topic& topic) {
  for (std::string_view k : topic.keywords)
    if (contains_keyword(words, k))
      return k;
  return std::nullopt;
}

// The syscalls:sys_enter_ event suffix of a kernel syscall name.
std::string event_of(std::string_view name) {
  for (const auto& e : gen::syscall_table())
    if (e.name == name)
      return e.event.empty() ? e.name : e.event;
  return std::string(name);
}

bool is_return(Look look) {
  return look != Look::Calls;
}

// Signed as tracefs says, or by its C type where a catalog does not know
// (BuiltinCatalog): int, long, pid_t, loff_t, clockid_t.
bool is_signed(const gen::TracepointField& f) {
  if (f.is_signed)
    return true;
  std::string_view type = f.type;
  if (type.starts_with("const "))
    type.remove_prefix(6);
  for (std::string_view t : {"int", "long", "pid_t", "loff_t", "clockid_t"})
    if (type == t)
      return true;
  return false;
}

std::string specifier_for(const gen::TracepointField& f) {
  if (f.is_string())
    return "%s";
  bool address = f.name == "addr" || f.name == "new_addr" ||
                 f.name == "start" || f.name == "brk";
  if (address || f.type.find('*') != std::string::npos)
    return "%lx";
  if (f.size == 8)
    return is_signed(f) ? "%ld" : "%lu";
  return is_signed(f) ? "%d" : "%u";
}

// The spec target of a syscall's tracepoints. sys_exit_group would be read
// as the exit tracepoint of a syscall "group" (gen::syscall_name_of strips
// "sys_exit_" first), so events that start like a tracepoint prefix use
// the kernel's __x64_sys_ spelling, which resolves to the same tracepoints.
std::string target_of(const std::string& event) {
  if (event.starts_with("exit_") || event.starts_with("enter_"))
    return "__x64_sys_" + event;
  return "sys_" + event;
}

// "name=%s, fd=%d" and "arg2, arg1" for the group's fields present in the
// tracepoint (argN is the N-th field after __syscall_nr).
std::pair<std::string, std::vector<std::string>>
printed_fields(const Group& group,
               const std::vector<gen::TracepointField>& fields) {
  std::vector<gen::TracepointField> args;
  for (const auto& f : fields)
    if (f.name != "__syscall_nr")
      args.push_back(f);
  std::vector<std::string> shown, refs;
  for (std::string_view want : group.fields) {
    for (std::size_t i = 0; i < args.size() && refs.size() < kMaxFields; ++i)
      if (args[i].name == want) {
        shown.push_back(args[i].name + "=" + specifier_for(args[i]));
        refs.push_back("arg" + std::to_string(i + 1));
      }
  }
  return {util::join(shown, ", "), refs};
}

// The filter, between parentheses, for what the group looks for.
std::string filter_for(const Group& group) {
  switch (group.look) {
  case Look::Failures:
    return "((int)retval < 0)";
  case Look::Errnos: {
    std::vector<std::string> tests;
    for (std::string_view name : group.errnos)
      if (auto n = decode::errno_from_name(name))
        tests.push_back("(int)retval == -" + std::to_string(*n));
    return "(" + util::join(tests, " || ") + ")";
  }
  case Look::Timeouts:
    return "(retval == 0)";
  case Look::Calls:
  case Look::Returns:
    break;
  }
  return "";
}

// What the format says after "NAME(FIELDS)", with retval when it uses it.
std::pair<std::string, bool> format_tail(Look look) {
  switch (look) {
  case Look::Failures:
  case Look::Errnos:
    return {" failed: %d", true};
  case Look::Timeouts:
    return {" timed out", false};
  case Look::Returns:
    return {" = %ld", true};
  case Look::Calls:
    break;
  }
  return {"", false};
}

std::string build_spec(const std::string& name, const std::string& event,
                       const Group& group,
                       const std::vector<gen::TracepointField>& fields) {
  auto [shown, refs] = printed_fields(group, fields);
  auto [tail, uses_retval] = format_tail(group.look);
  if (uses_retval)
    refs.push_back("retval");
  std::string spec = (is_return(group.look) ? "r::" : "") + target_of(event);
  if (std::string filter = filter_for(group); !filter.empty())
    spec += " " + filter;
  spec += " \"" + name + "(" + shown + ")" + tail + "\"";
  for (const auto& r : refs)
    spec += ", " + r;
  return spec;
}

std::string reason_for(std::string_view keyword, const Topic& topic,
                       const Group& group, const std::string& name) {
  std::string word(keyword);
  word.erase(std::remove(word.begin(), word.end(), '*'), word.end());
  std::string why;
  for (char c : group.why)
    why += c == '$' ? name : std::string(1, c);
  return "'" + word + "' matches " + std::string(topic.summary) + ": " + why;
}

// The suggestion for one syscall of a group, or nullopt when the kernel
// has no tracepoint for it.
std::optional<Suggestion> suggestion_for(std::string_view syscall,
                                         const Topic& topic, const Group& group,
                                         std::string_view keyword,
                                         const gen::KernelCatalog& catalog) {
  std::string name(syscall);
  std::string event = event_of(name);
  auto fields = catalog.tracepoint_fields("syscalls", "sys_enter_" + event);
  if (!fields.ok())
    return std::nullopt;
  if (is_return(group.look) &&
      !catalog.tracepoint_fields("syscalls", "sys_exit_" + event).ok())
    return std::nullopt;
  Suggestion s;
  s.syscall = name;
  s.strace_class = std::string(group.strace_class);
  s.topic = std::string(topic.name);
  s.keyword = std::string(keyword);
  s.reason = reason_for(keyword, topic, group, name);
  s.spec = build_spec(name, event, group, *fields);
  return s;
}

std::string no_suggestion_hint(bool matched) {
  if (matched)
    return "the syscalls of the symptoms found have no tracepoints on this "
           "kernel (see GET /v1/capabilities); trace every failed syscall "
           "of the process instead: `sctrace syscalls -p PID -Z`";
  return "no known symptom in the description; describe it with words such "
         "as 'not found', 'permission denied', 'connection refused', "
         "'timed out', 'dns', 'slow disk', 'crash', 'out of memory' or "
         "'hang', or trace every failed syscall of the process: `sctrace "
         "syscalls -p PID -Z`";
}

} // namespace

Result<std::vector<std::string>>
matched_keywords(std::string_view description) {
  SCTRACE_TRY(check_length(description));
  auto words = words_of(description);
  std::vector<std::string> out;
  for (const Topic& topic : suggestion_topics())
    for (std::string_view k : topic.keywords)
      if (contains_keyword(words, k) &&
          std::find(out.begin(), out.end(), k) == out.end())
        out.emplace_back(k);
  return out;
}

Result<std::vector<Suggestion>> suggest(std::string_view description,
                                        const gen::KernelCatalog& catalog) {
  SCTRACE_TRY(check_length(description));
  auto words = words_of(description);
  std::vector<Suggestion> out;
  auto seen = [&](std::string_view name) {
    return std::any_of(out.begin(), out.end(),
                       [&](const Suggestion& s) { return s.syscall == name; });
  };
  for (const Topic& topic : suggestion_topics()) {
    auto keyword = topic_keyword(words, topic);
    if (!keyword)
      continue;
    for (const Group& group : topic.groups)
      for (std::string_view syscall : group.syscalls)
        if (!seen(syscall))
          if (auto s = suggestion_for(syscall, topic, group, *keyword, catalog))
            out.push_back(std::move(*s));
  }
  return out;
}

Result<nlohmann::json> suggest_json(std::string_view description,
                                    const gen::KernelCatalog& catalog) {
  SCTRACE_TRY_ASSIGN(matched, matched_keywords(description));
  SCTRACE_TRY_ASSIGN(suggestions, suggest(description, catalog));
  nlohmann::json list = nlohmann::json::array();
  for (const Suggestion& s : suggestions)
    list.push_back({{"syscall", s.syscall},
                    {"class", s.strace_class},
                    {"topic", s.topic},
                    {"keyword", s.keyword},
                    {"reason", s.reason},
                    {"spec", s.spec}});
  nlohmann::json out = {{"suggestions", std::move(list)}, {"matched", matched}};
  if (suggestions.empty())
    out["hint"] = no_suggestion_hint(!matched.empty());
  return out;
}

} // namespace sctrace::remote
