// Syscall suggestions for problem descriptions (remote/suggest.h) against
// sctrace's own x86_64 syscall table (BuiltinCatalog) and a recorded
// tracefs tree that has only a few syscalls.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "decode/syscall_classes.h"
#include "gen/builtin_catalog.h"
#include "gen/generator.h"
#include "gen/syscall_table.h"
#include "remote/suggest.h"
#include "remote/suggest_table.h"
#include "spec/parser.h"

namespace sctrace::remote {
namespace {

using ::testing::HasSubstr;
using Names = std::set<std::string>;

const gen::BuiltinCatalog& builtin() {
  static const gen::BuiltinCatalog c;
  return c;
}

std::vector<Suggestion> must_suggest(std::string_view text,
                                     const gen::KernelCatalog& catalog) {
  auto r = suggest(text, catalog);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : std::vector<Suggestion>{};
}

Names syscalls_of(std::string_view text) {
  Names out;
  for (const auto& s : must_suggest(text, builtin()))
    out.insert(s.syscall);
  return out;
}

const Names kMissingFile = {"open",   "openat",     "openat2",
                            "stat",   "newfstatat", "statx",
                            "access", "faccessat",  "faccessat2"};
const Names kPermission = {"open",      "openat",     "openat2", "access",
                           "faccessat", "faccessat2", "execve"};
const Names kDiskIo = {"read",  "write",  "pread64", "pwrite64",
                       "readv", "writev", "fsync",   "fdatasync"};
const Names kNetwork = {"socket", "connect",  "accept",  "accept4",
                        "sendto", "recvfrom", "sendmsg", "recvmsg"};
const Names kDns = {"openat",   "socket",   "connect", "sendto",
                    "recvfrom", "sendmmsg", "poll"};
const Names kTimeout = {"poll",       "ppoll",       "select", "pselect6",
                        "epoll_wait", "epoll_pwait", "connect"};
const Names kProcess = {"execve", "execveat", "clone",     "clone3",
                        "fork",   "vfork",    "exit_group"};
const Names kCrash = {"kill", "tgkill", "tkill", "exit_group", "execve"};
const Names kMemory = {"mmap", "munmap", "mremap", "brk", "mprotect"};
const Names kHang = {"futex", "epoll_wait", "epoll_pwait",    "poll",
                     "flock", "nanosleep",  "clock_nanosleep"};

Names join(std::initializer_list<Names> sets) {
  Names out;
  for (const auto& s : sets)
    out.insert(s.begin(), s.end());
  return out;
}

// Typical problem descriptions and exactly what they suggest.
struct Case {
  std::string text;
  Names expected;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> c = {
      {"file not found error", kMissingFile},
      {"ENOENT when loading the plugin", kMissingFile},
      {"nginx returns 502 connection refused", kNetwork},
      {"app is slow writing to disk", kDiskIo},
      {"Slow I/O on the database volume", kDiskIo},
      {"process keeps crashing", join({kProcess, kCrash})},
      {"worker segfaults after an hour", kCrash},
      {"OUT OF MEMORY", kMemory},
      {"the service leaks memory until the OOM killer fires", kMemory},
      {"permission denied opening config", kPermission},
      {"DNS lookups time out", join({kDns, kTimeout})},
      {"deadlock / hang", kHang},
      {"requests hang, threads stuck on a mutex", kHang},
      {"EACCES on /var/log/app.log", kPermission},
      {"fork fails under load", kProcess},
      {"upstream timed out (110) while reading",
       join({kDiskIo, kNetwork, kTimeout})},
  };
  return c;
}

TEST(RemoteSuggest, typical_descriptions_give_exactly_these_syscalls) {
  for (const auto& c : cases())
    EXPECT_EQ(syscalls_of(c.text), c.expected) << c.text;
}

TEST(RemoteSuggest, every_spec_parses_and_generates_on_this_catalog) {
  gen::GenOptions opt;
  for (const auto& c : cases())
    for (const auto& s : must_suggest(c.text, builtin())) {
      auto spec = spec::parse_probe(s.spec);
      ASSERT_TRUE(spec.ok()) << s.spec << ": " << spec.error().message;
      auto program = gen::generate({*spec}, builtin(), opt);
      EXPECT_TRUE(program.ok())
          << s.spec << ": " << (program.ok() ? "" : program.error().message);
    }
}

TEST(RemoteSuggest, specs_and_reasons_say_what_to_look_for) {
  auto s = must_suggest("file not found error", builtin());
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0].syscall, "open");
  EXPECT_EQ(s[0].strace_class, "%file");
  EXPECT_EQ(s[0].topic, "missing-file");
  EXPECT_EQ(s[0].keyword, "not found");
  EXPECT_EQ(s[0].reason,
            "'not found' matches missing-file errors: open fails with ENOENT "
            "when the path it is given does not exist");
  EXPECT_EQ(s[0].spec, "r::sys_open ((int)retval == -2) "
                       "\"open(filename=%s) failed: %d\", arg1, retval");
  // stat's tracepoint is newstat; the suggestion names the syscall.
  auto stat = std::find_if(s.begin(), s.end(),
                           [](const auto& x) { return x.syscall == "stat"; });
  ASSERT_NE(stat, s.end());
  EXPECT_EQ(stat->spec, "r::sys_newstat ((int)retval == -2) "
                        "\"stat(filename=%s) failed: %d\", arg1, retval");
  auto perm = must_suggest("permission denied", builtin());
  ASSERT_FALSE(perm.empty());
  EXPECT_EQ(perm[1].spec,
            "r::sys_openat ((int)retval == -13 || (int)retval == -1) "
            "\"openat(filename=%s) failed: %d\", arg2, retval");
}

TEST(RemoteSuggest, one_spec_per_look) {
  auto spec_of = [](std::string_view text, std::string_view syscall) {
    for (const auto& s : must_suggest(text, builtin()))
      if (s.syscall == syscall)
        return s.spec;
    return std::string();
  };
  EXPECT_EQ(spec_of("slow disk", "write"),
            "r::sys_write \"write(fd=%lu, count=%lu) = %ld\", arg1, arg3, "
            "retval");
  EXPECT_EQ(spec_of("connection refused", "connect"),
            "r::sys_connect ((int)retval < 0) \"connect(fd=%ld) failed: "
            "%d\", arg1, retval");
  EXPECT_EQ(spec_of("timeout", "poll"),
            "r::sys_poll (retval == 0) \"poll(nfds=%lu, timeout_msecs=%ld) "
            "timed out\", arg2, arg3");
  EXPECT_EQ(spec_of("crash", "kill"),
            "sys_kill \"kill(pid=%ld, sig=%ld)\", arg1, arg2");
  // execve on entry: a successful exec replaces its file name's memory.
  EXPECT_EQ(spec_of("exec", "execve"),
            "sys_execve \"execve(filename=%s)\", arg1");
  EXPECT_EQ(spec_of("memory", "mmap"),
            "sys_mmap \"mmap(addr=%lx, len=%lu)\", arg1, arg2");
  // sys_exit_group would name a syscall "group".
  EXPECT_EQ(spec_of("crash", "exit_group"),
            "__x64_sys_exit_group \"exit_group(error_code=%ld)\", arg1");
  EXPECT_EQ(spec_of("fork", "clone3"), "r::sys_clone3 \"clone3() = %ld\", "
                                       "retval");
}

TEST(RemoteSuggest, words_match_case_insensitively_on_word_boundaries) {
  EXPECT_EQ(syscalls_of("Connection REFUSED"), kNetwork);
  // "io" is a word, not part of "ratio" or "violin"; "oom" not of "room".
  EXPECT_TRUE(syscalls_of("the ratio of violin rooms").empty());
  // Apostrophes stay inside words: "can't find" is "cant find".
  EXPECT_EQ(syscalls_of("it can't find libfoo.so"), kMissingFile);
  EXPECT_EQ(syscalls_of("it can\u2019t find libfoo.so"), kMissingFile);
  // A '*' keyword matches the start of a word only.
  EXPECT_EQ(syscalls_of("CRASHED twice"), kCrash);
  EXPECT_TRUE(syscalls_of("overcrash").empty());
}

TEST(RemoteSuggest, a_syscall_is_suggested_once_for_its_first_topic) {
  auto s = must_suggest("process keeps crashing", builtin());
  auto n = std::count_if(s.begin(), s.end(),
                         [](const auto& x) { return x.syscall == "execve"; });
  EXPECT_EQ(n, 1);
  auto exec = std::find_if(s.begin(), s.end(),
                           [](const auto& x) { return x.syscall == "execve"; });
  EXPECT_EQ(exec->topic, "process");
}

TEST(RemoteSuggest, only_syscalls_the_kernel_can_trace) {
  // The recorded tree has open/openat with exit events, connect without.
  gen::TracefsCatalog small(std::string(SCTRACE_TEST_DATA) + "/tracefs");
  Names got;
  for (const auto& s : must_suggest("file not found", small))
    got.insert(s.syscall);
  EXPECT_EQ(got, (Names{"open", "openat"}));
  auto refused = suggest_json("connection refused", small);
  ASSERT_TRUE(refused.ok());
  EXPECT_TRUE((*refused)["suggestions"].empty());
  EXPECT_THAT((*refused)["hint"].get<std::string>(),
              HasSubstr("have no tracepoints on this kernel"));
}

TEST(RemoteSuggest, unknown_descriptions_give_no_suggestions_and_a_hint) {
  for (std::string_view text :
       {"", "   ", "the blue widget is wobbly", "\xff\xfe\x01 binary"}) {
    auto j = suggest_json(text, builtin());
    ASSERT_TRUE(j.ok());
    EXPECT_EQ((*j)["suggestions"], nlohmann::json::array());
    EXPECT_EQ((*j)["matched"], nlohmann::json::array());
    EXPECT_THAT((*j)["hint"].get<std::string>(),
                HasSubstr("no known symptom in the description"));
    EXPECT_THAT((*j)["hint"].get<std::string>(),
                HasSubstr("sctrace syscalls -p PID -Z"));
  }
}

TEST(RemoteSuggest, json_lists_matched_keywords_and_no_hint) {
  auto j = suggest_json("DNS lookups time out", builtin());
  ASSERT_TRUE(j.ok());
  EXPECT_EQ((*j)["matched"], (nlohmann::json{"dns", "lookup*", "time out"}));
  EXPECT_FALSE(j->contains("hint"));
  const auto& first = (*j)["suggestions"][0];
  EXPECT_EQ(first["syscall"], "openat");
  EXPECT_EQ(first["class"], "%file");
  EXPECT_EQ(first["topic"], "dns");
  EXPECT_EQ(first["keyword"], "dns");
  EXPECT_EQ(first["spec"], "sys_openat \"openat(filename=%s)\", arg2");
}

TEST(RemoteSuggest, the_description_is_never_echoed) {
  std::string text = "file not found: <script>zq9x</script> \"' {}";
  auto j = suggest_json(text, builtin());
  ASSERT_TRUE(j.ok());
  EXPECT_THAT(j->dump(), ::testing::Not(HasSubstr("zq9x")));
  auto none = suggest_json("zq9x", builtin());
  ASSERT_TRUE(none.ok());
  EXPECT_THAT(none->dump(), ::testing::Not(HasSubstr("zq9x")));
}

TEST(RemoteSuggest, descriptions_over_the_limit_are_refused) {
  std::string text(kMaxDescriptionBytes, 'a');
  text.replace(0, 14, "file not found");
  EXPECT_TRUE(suggest(text, builtin()).ok());
  text.push_back('a');
  for (auto r :
       {suggest(text, builtin()).ok(), suggest_json(text, builtin()).ok(),
        matched_keywords(text).ok()})
    EXPECT_FALSE(r);
  auto e = suggest(text, builtin());
  EXPECT_EQ(e.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(e.error().message,
            "the description is 4097 bytes, over the limit of 4096; shorten "
            "it to the symptom, e.g. 'connection refused' or 'file not "
            "found'");
}

// suggest_table.h's contract.
TEST(RemoteSuggestTable, syscalls_are_real_and_in_their_strace_class) {
  for (const Topic& t : suggestion_topics())
    for (const Group& g : t.groups)
      for (std::string_view name : g.syscalls) {
        EXPECT_TRUE(gen::syscall_number(name).has_value()) << name;
        EXPECT_NE(g.why.find('$'), std::string_view::npos) << t.name;
        if (g.strace_class.empty())
          continue;
        const auto& members = decode::syscalls_in_class(g.strace_class);
        EXPECT_TRUE(std::binary_search(members.begin(), members.end(), name))
            << name << " is not in " << g.strace_class;
      }
}

TEST(RemoteSuggestTable, keywords_are_lower_case_words) {
  for (const Topic& t : suggestion_topics())
    for (std::string_view k : t.keywords) {
      bool ok = !k.empty() && k.front() != ' ' && k.back() != ' ' &&
                k.find("  ") == std::string_view::npos;
      for (char c : k)
        ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == ' ' || c == '*');
      EXPECT_TRUE(ok) << "'" << k << "' in " << t.name;
    }
}

TEST(RemoteSuggestTable, seed_test_names_are_never_suggested) {
  for (const auto& c : cases())
    for (const auto& s : must_suggest(c.text, builtin()))
      EXPECT_EQ(s.syscall.rfind("test_", 0), std::string::npos);
}

} // namespace
} // namespace sctrace::remote
