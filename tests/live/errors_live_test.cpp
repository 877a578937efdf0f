// Live tests of sctrace's errors: each says what happened and what to do,
// and exits with the documented code.
#include <dirent.h>

#include <fstream>

#include "live_util.h"

namespace sctrace::live {
namespace {

TEST(LiveErrors, kprobe_on_a_kernel_without_kprobes_suggests_the_tracepoint) {
  SCTRACE_REQUIRE_LIVE();
  if (::access("/sys/kernel/tracing/kprobe_events", F_OK) == 0)
    GTEST_SKIP() << "SKIP: this kernel has kprobes";
  auto r = sctrace({"--duration", "1", "__x64_sys_opena"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  auto k = sctrace({"--duration", "1", "do_sys_openat2"});
  EXPECT_EQ(k.exit_code, 3) << k.err;
  // do_sys_openat2 serves openat and openat2; glibc opens with openat.
  EXPECT_NE(k.err.find("kprobes are not available on this kernel "
                       "(CONFIG_KPROBES is off); trace the syscall through "
                       "its tracepoint instead: sys_openat or "
                       "t:syscalls:sys_enter_openat (glibc opens files with "
                       "openat)"),
            std::string::npos)
      << k.err;
}

TEST(LiveErrors, unknown_syscall_lists_the_closest_names) {
  SCTRACE_REQUIRE_LIVE();
  auto r = sctrace({"--duration", "1", "sys_opnat"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown syscall 'opnat'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sys_openat"), std::string::npos) << r.err;
}

TEST(LiveErrors, spec_syntax_error_has_line_column_and_caret) {
  SCTRACE_REQUIRE_LIVE();
  auto r = sctrace({"sys_read (arg3 > 1024 \"read %d\", arg3"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("spec:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("^"), std::string::npos) << r.err;
}

TEST(LiveErrors, unknown_tracepoint_field_names_the_fields) {
  SCTRACE_REQUIRE_LIVE();
  auto r = sctrace({"t:syscalls:sys_enter_openat \"%s\", args->filenam"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean args->filename?"), std::string::npos)
      << r.err;
}

TEST(LiveErrors, missing_bpftrace_is_reported) {
  SCTRACE_REQUIRE_LIVE();
  auto r = run({"/usr/bin/env", "-u", "SCTRACE_BPFTRACE", "PATH=/nonexistent",
                sctrace_bin(), "--duration", "1", "sys_read"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("bpftrace is not installed"), std::string::npos)
      << r.err;
}

TEST(LiveErrors, not_root_is_reported_and_dry_run_still_works) {
  SCTRACE_REQUIRE_LIVE();
  if (!have_command("setpriv"))
    SCTRACE_SKIP_MISSING("setpriv is not installed (apt-get install "
                         "util-linux)");
  auto r = run({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "--inh-caps=-all", sctrace_bin(),
                "--duration", "1", "sys_read"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("sctrace needs root"), std::string::npos) << r.err;
  // The installed bpftrace answers `--version` for any user; the compat
  // label's SCTRACE_BPFTRACE (a chroot wrapper) needs root, and a dry run
  // refuses a named bpftrace that cannot say its version.
  auto d = run({"/usr/bin/env", "-u", "SCTRACE_BPFTRACE", "/usr/bin/setpriv",
                "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", sctrace_bin(), "--dry-run",
                "sys_read (arg3 > 1024) \"%d\", arg3"});
  EXPECT_EQ(d.exit_code, 0) << d.err;
  EXPECT_NE(d.out.find("tracepoint:syscalls:sys_enter_read"),
            std::string::npos);
  EXPECT_NE(d.out.find("(args->count > 1024)"), std::string::npos) << d.out;
}

// Every spec in specs/ produces a program that the real bpftrace accepts
// and loads (it runs for a second and exits cleanly).
TEST(LiveErrors, every_spec_file_loads_in_bpftrace) {
  SCTRACE_REQUIRE_LIVE();
  DIR* d = ::opendir(SCTRACE_SPECS_DIR);
  ASSERT_NE(d, nullptr);
  int checked = 0;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.size() < 6 || name.substr(name.size() - 5) != ".spec")
      continue;
    std::ifstream in(std::string(SCTRACE_SPECS_DIR) + "/" + name);
    std::string line, spec;
    while (std::getline(in, line))
      if (!line.empty() && line[0] != '#') {
        spec = line;
        break;
      }
    auto r = sctrace({"-o", "/dev/null", "--duration", "1", spec});
    EXPECT_EQ(r.exit_code, 0) << name << ": " << spec << "\n" << r.err;
    ++checked;
  }
  ::closedir(d);
  EXPECT_GE(checked, 6);
}

} // namespace
} // namespace sctrace::live
