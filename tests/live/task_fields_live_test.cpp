// gen/task_fields.h reads curtask's members by offset on bpftrace 0.17
// (gen/kernel_btf.h's layout from the kernel's BTF). Proof that those are
// the bytes bpftrace's own curtask->PATH reads: one BEGIN probe, run by the
// real bpftrace of this run (0.17; 0.23 under the compat label), prints
// every member the generated programs read both ways. BEGIN runs in
// bpftrace itself, whose parent is this test process: parent->tgid is
// known exactly.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "gen/kernel_btf.h"
#include "gen/task_fields.h"
#include "live_util.h"

namespace sctrace::live {
namespace {

// The members the programs read (gen/syscalls_program.cpp,
// gen/task_fields.h), and what bpftrace reads them as. utime and stime
// are read from the parent, which waits for bpftrace, so that a tick
// cannot move them between two reads. The cgroup id is the current task's
// (the programs read the parent's, through the same offsets after the
// first): bpftrace 0.17 cannot resolve kernfs_node's id on this kernel,
// and the cgroup builtin (bpf_get_current_cgroup_id) is the kernel's own.
struct Member {
  const char* path;
  std::string bpftrace;
};
const Member kMembers[] = {
    {"exit_code", ""},
    {"parent->utime", ""},
    {"parent->stime", ""},
    {"signal->utime", ""},
    {"signal->stime", ""},
    {"parent->tgid", ""},
    {"parent->pid", ""},
    {"parent->comm", ""},
    {"group_leader->start_time", ""},
    {"signal->live.counter", ""},
    {"cgroups->dfl_cgrp->kn->id", "cgroup"},
};

std::string both_ways_program(const gen::KernelBtf& btf) {
  std::string body;
  for (const Member& m : kMembers) {
    auto access = btf.member("task_struct", m.path);
    EXPECT_TRUE(access) << m.path;
    if (!access)
      continue;
    const bool text = access->kind == gen::MemberAccess::Kind::Chars;
    const std::string fmt = text ? "%s" : "%lld";
    const std::string native =
        m.bpftrace.empty() ? "curtask->" + std::string(m.path) : m.bpftrace;
    body += "  printf(\"" + std::string(m.path) + " " + fmt + " " + fmt +
            "\\n\", " + native + ", " + gen::task_field_by_offset(*access) +
            ");\n";
  }
  return "BEGIN\n{\n" + body + "  exit();\n}\n";
}

std::string bpftrace_bin() {
  const char* b = std::getenv("SCTRACE_BPFTRACE");
  return b && *b ? b : "/usr/bin/bpftrace";
}

TEST(LiveTaskFields, offsets_read_what_bpftrace_reads_through_btf) {
  SCTRACE_REQUIRE_LIVE();
  auto btf = gen::KernelBtf::load(gen::kVmlinuxBtf);
  ASSERT_TRUE(btf) << "cannot read " << gen::kVmlinuxBtf;
  auto r = run({bpftrace_bin(), "-e", both_ways_program(*btf)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::size_t compared = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line.rfind("Attaching ", 0) == 0)
      continue;
    std::istringstream fields(line);
    std::string path, native, by_offset;
    ASSERT_TRUE(fields >> path >> native >> by_offset) << line;
    EXPECT_EQ(native, by_offset) << path;
    if (path == "parent->tgid") {
      EXPECT_EQ(by_offset, std::to_string(::getpid()));
    }
    ++compared;
  }
  EXPECT_EQ(compared, std::size(kMembers)) << r.out;
}

} // namespace
} // namespace sctrace::live
