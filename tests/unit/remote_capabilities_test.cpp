// What the machine can trace (remote/capabilities.h), decided from facts
// and recorded tracefs trees: tests/data/tracefs (no kprobes, like this
// machine) and tests/data/tracefs-kprobes (kprobe_events present).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "remote/capabilities.h"

namespace sctrace::remote {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

std::string data(const std::string& name) {
  return std::string(SCTRACE_TEST_DATA) + "/" + name;
}

// A machine where everything but what a test takes away is there.
MachineFacts good_facts(const std::string& tracefs) {
  MachineFacts f;
  f.kernel_release = "6.18.0";
  f.bpf_syscall = true;
  f.btf = true;
  f.debugfs_mounted = true;
  f.tracefs = tracefs;
  f.bpftrace = run::BpftraceInfo{"/usr/bin/bpftrace", {0, 17, 0}};
  return f;
}

const char* const kNoKprobes =
    "the kernel has no kprobes (CONFIG_KPROBES is off): {T}/kprobe_events is "
    "missing; syscall targets (sys_NAME) are traced with tracepoints "
    "instead, and other kernel functions cannot be traced: use tracepoints "
    "(t:CATEGORY:EVENT)";
const char* const kNoUprobes =
    "the kernel has no uprobes (CONFIG_UPROBE_EVENTS is off): "
    "{T}/uprobe_events is missing; user-space functions (p:LIB:FUNC, "
    "r:LIB:FUNC) and USDT probes (u:BIN:PROBE) cannot be traced: trace the "
    "syscalls they make instead";

std::string with_tracefs(std::string text, const std::string& tracefs) {
  for (auto at = text.find("{T}"); at != std::string::npos;
       at = text.find("{T}"))
    text.replace(at, 3, tracefs);
  return text;
}

TEST(RemoteCapabilities, without_kprobes_like_this_machine) {
  std::string t = data("tracefs");
  json got = capabilities_json(probe_capabilities(good_facts(t)));
  json want = {
      {"checks",
       {{"kernel_ebpf", {{"available", true}}},
        {"bpftrace", {{"available", true}}},
        {"root_access", {{"available", true}}},
        {"debugfs_access", {{"available", true}}},
        {"tracefs", {{"available", true}}},
        {"syscall_tracepoints", {{"available", true}}},
        {"btf", {{"available", true}}},
        {"kprobes",
         {{"available", false}, {"reason", with_tracefs(kNoKprobes, t)}}},
        {"uprobes",
         {{"available", false}, {"reason", with_tracefs(kNoUprobes, t)}}}}},
      {"bpftrace", {{"path", "/usr/bin/bpftrace"}, {"version", "0.17.0"}}},
      {"kernel", {{"release", "6.18.0"}}},
      {"probe_kinds", {"syscall", "tracepoint"}}};
  EXPECT_EQ(got, want) << got.dump(2);
}

TEST(RemoteCapabilities, with_kprobes) {
  std::string t = data("tracefs-kprobes");
  auto caps = probe_capabilities(good_facts(t));
  json got = capabilities_json(caps);
  json want = {
      {"checks",
       {{"kernel_ebpf", {{"available", true}}},
        {"bpftrace", {{"available", true}}},
        {"root_access", {{"available", true}}},
        {"debugfs_access", {{"available", true}}},
        {"tracefs", {{"available", true}}},
        {"syscall_tracepoints", {{"available", true}}},
        {"btf", {{"available", true}}},
        {"kprobes", {{"available", true}}},
        {"uprobes",
         {{"available", false}, {"reason", with_tracefs(kNoUprobes, t)}}}}},
      {"bpftrace", {{"path", "/usr/bin/bpftrace"}, {"version", "0.17.0"}}},
      {"kernel", {{"release", "6.18.0"}}},
      {"probe_kinds", {"syscall", "tracepoint", "kprobe", "kretprobe"}}};
  EXPECT_EQ(got, want) << got.dump(2);
  EXPECT_TRUE(caps.check("kprobes").available);
  EXPECT_FALSE(caps.check("no_such_check").available);
}

TEST(RemoteCapabilities, uprobes_when_uprobe_events_exists) {
  fs::path dir = fs::path(::testing::TempDir()) /
                 ("sctrace-caps-" + std::to_string(::getpid()));
  fs::create_directories(dir / "events" / "sched");
  std::ofstream(dir / "uprobe_events").put('\n');
  json got = capabilities_json(probe_capabilities(good_facts(dir.string())));
  fs::remove_all(dir);
  EXPECT_EQ(got["checks"]["uprobes"], (json{{"available", true}}));
  // No events/syscalls: no syscall probes, but tracepoints and uprobes.
  EXPECT_EQ(got["checks"]["syscall_tracepoints"]["available"], false);
  EXPECT_THAT(got["checks"]["syscall_tracepoints"]["reason"].get<std::string>(),
              HasSubstr("CONFIG_FTRACE_SYSCALLS is off"));
  EXPECT_EQ(got["probe_kinds"],
            (json{"tracepoint", "uprobe", "uretprobe", "usdt"}));
}

TEST(RemoteCapabilities, a_bare_machine_says_why_for_every_check) {
  MachineFacts f; // nothing: no bpf(), tracefs, bpftrace, BTF or debugfs
  f.kernel_release = "5.4.0";
  f.privileges_error = "sctrace needs root to load BPF programs (it runs as "
                       "uid 1000); run it with sudo";
  f.bpftrace_error = "bpftrace is not installed";
  auto caps = probe_capabilities(f);
  for (const auto& [name, check] : caps.checks) {
    EXPECT_FALSE(check.available) << name;
    EXPECT_FALSE(check.reason.empty()) << name;
  }
  json got = capabilities_json(caps);
  EXPECT_EQ(got["bpftrace"], nullptr);
  EXPECT_EQ(got["probe_kinds"], json::array());
  EXPECT_EQ(got["checks"]["bpftrace"]["reason"], "bpftrace is not installed");
  EXPECT_EQ(got["checks"]["root_access"]["reason"], *f.privileges_error);
  EXPECT_EQ(got["checks"]["kernel_ebpf"]["reason"],
            "the kernel has no bpf() syscall (CONFIG_BPF_SYSCALL is off): "
            "/proc/sys/kernel/unprivileged_bpf_disabled is missing; eBPF "
            "tracing needs a kernel built with CONFIG_BPF_SYSCALL and "
            "CONFIG_BPF_EVENTS");
  EXPECT_EQ(got["checks"]["kprobes"]["reason"],
            "cannot tell whether the kernel has kprobes because tracefs is "
            "not mounted; mount it with `mount -t tracefs tracefs "
            "/sys/kernel/tracing` (as root)");
  EXPECT_THAT(got["checks"]["btf"]["reason"].get<std::string>(),
              HasSubstr("/sys/kernel/btf/vmlinux is missing"));
  EXPECT_THAT(got["checks"]["debugfs_access"]["reason"].get<std::string>(),
              HasSubstr("mount -t debugfs debugfs /sys/kernel/debug"));
  EXPECT_THAT(got["checks"]["tracefs"]["reason"].get<std::string>(),
              HasSubstr("tracefs is not mounted"));
}

TEST(RemoteCapabilities, an_environment_supplies_bpftrace_and_tracefs) {
  MachineFacts f;
  f.bpftrace_error = "bpftrace is not installed";
  f.tracefs_error = "tracefs is not mounted";
  auto env =
      engine::make_environment("/opt/bpftrace", {0, 23, 2}, data("tracefs"));
  auto got = capabilities_json(probe_capabilities(with_environment(f, env)));
  EXPECT_EQ(got["bpftrace"],
            (json{{"path", "/opt/bpftrace"}, {"version", "0.23.2"}}));
  EXPECT_EQ(got["checks"]["tracefs"], (json{{"available", true}}));
}

} // namespace
} // namespace sctrace::remote
