// run/kernel_facts.h over the real tracefs and BTF: a first KernelFacts
// asks the live catalog and keeps what it learned; a second one, as the
// next session of this boot, answers the same syscall formats and task
// members from the file without asking tracefs or BTF, with the same
// answers. Other categories are never kept, and a file others could have
// written, or one made for another boot, is not believed.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "gen/tracefs.h"
#include "live_util.h"
#include "run/kernel_facts.h"

namespace sctrace::live {
namespace {

// The live catalog, counting the questions that reach it.
class Counting final : public gen::KernelCatalog {
public:
  explicit Counting(const gen::KernelCatalog& base) : base_(base) {}
  Result<std::vector<gen::TracepointField>>
  tracepoint_fields(std::string_view c, std::string_view e) const override {
    ++fields;
    return base_.tracepoint_fields(c, e);
  }
  std::vector<std::string> events(std::string_view c) const override {
    return base_.events(c);
  }
  bool kprobes_available() const override { return false; }
  std::optional<gen::MemberAccess>
  kernel_member(std::string_view s, std::string_view p) const override {
    ++members;
    return base_.kernel_member(s, p);
  }
  mutable int fields = 0, members = 0;

private:
  const gen::KernelCatalog& base_;
};

const char* const kEvents[] = {"sys_enter_openat", "sys_enter_read",
                               "sys_enter_execve", "sys_enter_getpid"};
const char* const kMembers[] = {"exit_code", "parent->tgid", "comm"};

// Asks FACTS every question above; the answers, as text, to compare.
std::string ask_all(const gen::KernelCatalog& facts) {
  std::ostringstream out;
  for (const char* e : kEvents) {
    auto f = facts.tracepoint_fields("syscalls", e);
    EXPECT_TRUE(f.ok()) << e;
    for (const auto& field : f.ok() ? *f : std::vector<gen::TracepointField>{})
      out << e << " " << field.declaration() << " " << field.size << "\n";
  }
  for (const char* m : kMembers) {
    auto a = facts.kernel_member("task_struct", m);
    EXPECT_TRUE(a.has_value()) << m;
    out << m << " " << (a ? a->offset : 0) << " " << (a ? a->size : 0) << "\n";
  }
  return out.str();
}

class LiveKernelFacts : public ::testing::Test {
protected:
  void SetUp() override {
    auto root = gen::ensure_tracefs();
    ASSERT_TRUE(root.ok()) << root.error().message;
    root_ = *root;
    tracefs_.emplace(root_, gen::kVmlinuxBtf);
  }
  std::string root_;
  TempDir cache_;
  std::optional<gen::TracefsCatalog> tracefs_;
};

TEST_F(LiveKernelFacts, ASecondSessionAsksNeitherTracefsNorBtf) {
  SCTRACE_REQUIRE_LIVE();
  Counting first_live(*tracefs_);
  run::KernelFacts first(first_live, root_, cache_.path());
  const std::string answers = ask_all(first);
  EXPECT_EQ(first_live.fields, 4);
  EXPECT_EQ(first_live.members, 3);
  EXPECT_FALSE(run::KernelFacts::known(root_, cache_.path()));
  first.save();
  EXPECT_TRUE(run::KernelFacts::known(root_, cache_.path()));

  Counting second_live(*tracefs_);
  run::KernelFacts second(second_live, root_, cache_.path());
  EXPECT_EQ(ask_all(second), answers);
  EXPECT_EQ(second_live.fields, 0);
  EXPECT_EQ(second_live.members, 0);
  EXPECT_EQ(ask_all(*tracefs_), answers); // what the kernel says today
  // Another category goes to tracefs every time.
  ASSERT_TRUE(second.tracepoint_fields("sched", "sched_process_exit").ok());
  EXPECT_EQ(second_live.fields, 1);
}

TEST_F(LiveKernelFacts, AFileOthersCouldWriteOrOfAnotherBootIsNotBelieved) {
  SCTRACE_REQUIRE_LIVE();
  Counting live(*tracefs_);
  {
    run::KernelFacts facts(live, root_, cache_.path());
    ask_all(facts);
    facts.save();
  }
  std::string file;
  for (const auto& e : std::filesystem::directory_iterator(cache_.path()))
    file = e.path().string();
  ASSERT_FALSE(file.empty());
  ::chmod(file.c_str(), 0622); // group and others may write
  live.fields = live.members = 0;
  run::KernelFacts loose(live, root_, cache_.path());
  ask_all(loose);
  EXPECT_EQ(live.fields, 4);

  ::chmod(file.c_str(), 0600);
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  const auto boot = text.find("boot ");
  ASSERT_NE(boot, std::string::npos);
  text[boot + 5] = text[boot + 5] == '0' ? '1' : '0'; // another boot id
  std::ofstream(file) << text;
  live.fields = live.members = 0;
  run::KernelFacts stale(live, root_, cache_.path());
  ask_all(stale);
  EXPECT_EQ(live.fields, 4);
  EXPECT_EQ(live.members, 3);
}

} // namespace
} // namespace sctrace::live
