// run/kernel_facts.h without a kernel: the cache file's text round-trips,
// anything malformed or made under another key is refused as a whole,
// and over a recorded tracefs tree (not a mounted tracefs) KernelFacts
// passes every question through and writes nothing. The cache over the
// real tracefs is tested live (kernel_facts_live_test.cpp).
#include "run/kernel_facts.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "temp_dir.h"

namespace sctrace::run {
namespace {

KernelFactSet sample_facts() {
  KernelFactSet f;
  f.syscall_fields["sys_enter_openat"] = {
      {"int", "__syscall_nr", 4, true, 0},
      {"const char *", "filename", 8, false, 0},
      {"int", "flags", 8, false, 0}};
  f.syscall_fields["sys_enter_getpid"] = {};
  gen::MemberAccess m;
  m.derefs = {1288, 2376};
  m.offset = 96;
  m.size = 8;
  f.members["task_struct:parent->cgroups->dfl_cgrp->kn->id"] = m;
  gen::MemberAccess comm;
  comm.offset = 1752;
  comm.kind = gen::MemberAccess::Kind::Chars;
  comm.size = 16;
  f.members["task_struct:comm"] = comm;
  return f;
}

constexpr char kKey[] = "boot 1234 tracefs /sys/kernel/tracing";

TEST(KernelFactsText, RoundTrips) {
  const KernelFactSet facts = sample_facts();
  auto back = parse_kernel_facts(kernel_facts_text(kKey, facts), kKey);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, facts);
}

TEST(KernelFactsText, RefusesAnotherBootOrRoot) {
  const std::string text = kernel_facts_text(kKey, sample_facts());
  EXPECT_FALSE(
      parse_kernel_facts(text, "boot 9999 tracefs /sys/kernel/tracing"));
  EXPECT_FALSE(parse_kernel_facts(text, "boot 1234 tracefs /elsewhere"));
}

TEST(KernelFactsText, RefusesAnyMalformedLineAsAWhole) {
  const std::string good = kernel_facts_text(kKey, sample_facts());
  for (const auto& [from, to] :
       std::vector<std::pair<std::string, std::string>>{
           {"\tfilename\t8\t0\t0", "\tfilename\t8\t2\t0"}, // signed 2
           {"\tfilename\t8\t0\t0", "\tfilename\tx\t0\t0"}, // size
           {"E\tsys_enter_openat", "E\tsys_enter/../x"},   // event name
           {"\tfilename\t8\t0\t0", "\tfile;name\t8\t0\t0"},
           {"const char *", "const char *); system("},
           {"\t96\tint\t8\t0\t1288,2376", "\t96\tlong\t8\t0\t1288,2376"},
           {"\t96\tint\t8\t0\t1288,2376", "\t96\tint\t8\t0\t1288,,2376"},
           {"sctrace kernel-facts 1", "sctrace kernel-facts 2"}}) {
    std::string bad = good;
    auto at = bad.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    bad.replace(at, from.size(), to);
    EXPECT_FALSE(parse_kernel_facts(bad, kKey)) << to;
  }
  // Cut short: the last line has no newline (a torn write).
  EXPECT_FALSE(parse_kernel_facts(good.substr(0, good.size() - 1), kKey));
  // An F line before any E line belongs to no event.
  std::string orphan = std::string("sctrace kernel-facts 1\n") + kKey +
                       "\nF\tint\tfd\t8\t0\t0\n";
  EXPECT_FALSE(parse_kernel_facts(orphan, kKey));
}

// A catalog that counts the questions it is asked.
class CountingCatalog final : public gen::KernelCatalog {
public:
  Result<std::vector<gen::TracepointField>>
  tracepoint_fields(std::string_view, std::string_view) const override {
    ++fields;
    return std::vector<gen::TracepointField>{{"int", "fd", 8, false, 0}};
  }
  std::vector<std::string> events(std::string_view) const override {
    return {};
  }
  bool kprobes_available() const override { return false; }
  std::optional<gen::MemberAccess>
  kernel_member(std::string_view, std::string_view) const override {
    ++members;
    return gen::MemberAccess{};
  }
  mutable int fields = 0, members = 0;
};

TEST(KernelFacts, KeepsNothingForATreeThatIsNotTracefs) {
  test::TempDir cache;
  CountingCatalog live;
  const std::string tree = std::string(SCTRACE_TEST_DATA) + "/tracefs";
  for (int round = 0; round < 2; ++round) {
    KernelFacts facts(live, tree, cache.path());
    ASSERT_TRUE(facts.tracepoint_fields("syscalls", "sys_enter_read").ok());
    ASSERT_TRUE(facts.kernel_member("task_struct", "comm").has_value());
    facts.save();
  }
  EXPECT_EQ(live.fields, 2);
  EXPECT_EQ(live.members, 2);
  EXPECT_TRUE(std::filesystem::is_empty(cache.path()));
  EXPECT_FALSE(KernelFacts::known(tree, cache.path()));
}

} // namespace
} // namespace sctrace::run
