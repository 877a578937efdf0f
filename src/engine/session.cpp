#include "engine/session.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "engine/session_run.h"
#include "gen/layout.h"
#include "run/bpftrace.h"
#include "run/pipe_write.h"

namespace sctrace::engine {

namespace {

// Tokens are unique within the process; with the marker probe's pid test
// that makes them unique on the machine. 0 is never used.
std::uint32_t next_marker_token() {
  static std::atomic<std::uint32_t> last{0};
  std::uint32_t t = ++last;
  return t ? t : ++last;
}

void set_nonblocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// How long bpftrace may take to read its program once the pipe is full
// (only a program larger than the pipe waits at all).
constexpr std::chrono::milliseconds kProgramWriteTimeout{30'000};
// How long a bpftrace that closed its program's pipe has to exit.
constexpr int kExitGraceMs = 1000;

int default_buffer_pages(const gen::Dialect& d) {
  // 0.17: pages per CPU; 0.18+ with ringbuf: one ring shared by all CPUs.
  return d.shared_ring ? 8192 : 1024;
}

// The process (Tgid in /proc/TID/status) thread TID belongs to, or 0.
std::int64_t thread_group_of(std::int64_t tid) {
  std::ifstream in("/proc/" + std::to_string(tid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("Tgid:", 0) == 0)
      return std::atoll(line.c_str() + 5);
  return 0;
}

Error system_error(const std::string& what) {
  return make_error(ErrorKind::System,
                    what + " failed: " + std::strerror(errno));
}

} // namespace

Session::Session(SessionOptions options, Environment environment,
                 Dependencies deps)
    : options_(std::move(options)), environment_(std::move(environment)),
      deps_(complete(std::move(deps))), token_(next_marker_token()) {}

SessionResult Session::run(events::EventSink& sink) {
  SessionRun r(options_, environment_, deps_, token_, stop_requests_);
  return r.run(sink);
}

Result<gen::GeneratedProgram> make_program(const SessionOptions& options,
                                           const gen::KernelCatalog& catalog,
                                           const gen::GenOptions& gen) {
  return options.generator
             ? options.generator(catalog, gen)
             : gen::generate(options.specs, catalog, gen, options);
}

SessionOptions options_for(const spec::TracePlan& plan) {
  SessionOptions out;
  static_cast<spec::SessionOptions&>(out) = plan.options;
  out.specs = {plan.spec};
  return out;
}

SessionResult run_session(SessionOptions options, const Environment& env,
                          events::EventSink& sink, const Diagnostics& diag) {
  if (diag.raw_line)
    options.on_raw_line = diag.raw_line;
  Dependencies deps;
  deps.logger = diag.log;
  Session session(std::move(options), env, std::move(deps));
  return session.run(sink);
}

SessionResult run_session(const SessionOptions& options,
                          events::EventSink& sink, const Diagnostics& diag) {
  auto env = resolve_environment(options.bpftrace);
  if (!env.ok()) {
    SessionResult res;
    res.error = env.error();
    return res;
  }
  return run_session(options, *env, sink, diag);
}

// ---- setting up ----------------------------------------------------------

SessionRun::SessionRun(const SessionOptions& options, const Environment& env,
                       Dependencies& deps, std::uint32_t token,
                       const std::atomic<unsigned>& stop_requests)
    : opt_(options), env_(env), deps_(deps), stop_requests_(stop_requests),
      catalog_(env.tracefs, gen::kVmlinuxBtf), facts_(catalog_, env.tracefs),
      drainer_(*deps.markers, *deps.clock, kArmRefire) {
  gen_.version = env.version;
  gen_.string_size = opt_.string_size;
  gen_.binary_strcmp = opt_.binary_strcmp;
  gen_.marker_token = token;
}

Result<gen::GeneratedProgram> SessionRun::generate() const {
  return make_program(opt_, memo_, gen_);
}

Result<void> validate_engine_options(const SessionOptions& options) {
  int pages = options.buffer_pages;
  if (pages < 0 || (pages & (pages - 1)) != 0)
    return make_error(ErrorKind::Invalid,
                      "buffer pages (-b) " + std::to_string(pages) +
                          " is not a power of two; bpftrace's output buffer "
                          "takes 1, 2, 4, 8, ... pages (e.g. -b 1024)");
  return Ok{};
}

// A first generation validates the specs before any process is started.
// Its environment (BPFTRACE_STRLEN, ...) is what bpftrace runs with.
Result<void> SessionRun::validate() {
  SCTRACE_TRY(validate_engine_options(opt_));
  SCTRACE_TRY_ASSIGN(first, generate());
  facts_.save();
  bpftrace_env_ = std::move(first.env);
  return Ok{};
}

// -p targets, watched through pidfds: gone before the start is an error,
// gone during the trace ends it.
Result<void> SessionRun::watch_targets() {
  for (std::int64_t pid : opt_.target_pids) {
    int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (fd < 0 && errno == ESRCH)
      return make_error(ErrorKind::NotFound,
                        "process " + std::to_string(pid) +
                            " does not exist (it may have exited already); "
                            "check the pid with ps -e");
    if (fd >= 0)
      targets_.emplace_back(fd);
  }
  for (std::int64_t tid : opt_.target_tids)
    SCTRACE_TRY(watch_thread(tid));
  return Ok{};
}

// A -L thread: a thread pidfd (PIDFD_THREAD, Linux 6.9+) becomes readable
// when the thread exits; older kernels refuse the flag, and then the
// thread's /proc/TGID/task/TID entry is watched instead.
Result<void> SessionRun::watch_thread(std::int64_t tid) {
  constexpr unsigned kPidfdThread = O_EXCL; // PIDFD_THREAD, linux/pidfd.h
  int fd = static_cast<int>(::syscall(SYS_pidfd_open, tid, kPidfdThread));
  if (fd >= 0) {
    targets_.emplace_back(fd);
    return Ok{};
  }
  int err = errno;
  std::int64_t tgid = thread_group_of(tid);
  if (err == ESRCH || tgid <= 0)
    return make_error(ErrorKind::NotFound,
                      "thread " + std::to_string(tid) +
                          " does not exist (it may have exited already); "
                          "check the thread id with ps -eL");
  thread_paths_.push_back("/proc/" + std::to_string(tgid) + "/task/" +
                          std::to_string(tid));
  return Ok{};
}

// The command, paused until the probes are attached.
Result<void> SessionRun::spawn_command() {
  if (opt_.command.empty())
    return Ok{};
  run::SpawnOptions so;
  so.argv = opt_.command;
  so.stdout_to_stderr = opt_.command_stdout_to_stderr;
  SCTRACE_TRY_ASSIGN(p, deps_.launcher->spawn(so));
  command_ = std::move(p);
  return Ok{};
}

// bpftrace starts at once and reads its program from a pipe: it loads
// LLVM and the kernel's BTF (30-50 ms) while the session generates the
// program (hand_over_program), and blocks on the read until then.
Result<void> SessionRun::spawn_bpftrace() {
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0)
    return system_error("pipe2");
  run::Fd program_in(ends[0]);
  program_fd_ = run::Fd(ends[1]);
  // Room for the whole program (about 15 KiB for syscalls), so the write
  // never waits for bpftrace; best effort.
  ::fcntl(program_fd_.get(), F_SETPIPE_SZ, 1 << 20);
  run::SpawnOptions bo;
  bo.argv = {env_.bpftrace, "-f", "json",
             "/proc/self/fd/" + std::to_string(program_in.get())};
  bo.env = bpftrace_env_;
  int pages = opt_.buffer_pages ? opt_.buffer_pages
                                : default_buffer_pages(env_.dialect);
  bo.env.emplace_back("BPFTRACE_PERF_RB_PAGES", std::to_string(pages));
  // bpftrace must never symbolise user addresses (gen::stack_print): 0.17
  // would close a junk fd in libbcc; sctrace resolves them (ProcSymbols).
  bo.env.emplace_back(gen::kNoUserSymbolsEnv, "1");
  bo.capture_stdout = true;
  bo.capture_stderr = true;
  bo.death_signal = SIGKILL;
  // Ctrl-C reaches sctrace alone: bpftrace ending by itself at the same
  // moment would look like a crash (explain_end) and skip the drain.
  bo.own_process_group = true;
  bo.inherit_fds = {program_in.get()};
  // The binds are made before exec; show_only() fills the list before the
  // program is written, and bpftrace reads the list only after it.
  event_list_ = run::EventListOverlay::prepare();
  bo.private_binds = event_list_.binds();
  SCTRACE_TRY_ASSIGN(p, deps_.launcher->spawn(bo));
  bpftrace_ = std::move(p);
  return bpftrace_->release();
}

// Whether bpftrace has exited, or does within ms.
bool SessionRun::bpftrace_exited_within(int ms) {
  auto exited = bpftrace_->wait(ms);
  return exited.ok() && *exited;
}

// The program, now that the pids to exclude and follow are known, through
// the pipe bpftrace waits on.
Result<void> SessionRun::hand_over_program() {
  gen_.marker_pid = ::getpid();
  if (!opt_.include_self)
    gen_.exclude_pids = {::getpid(), bpftrace_->pid()};
  if (command_)
    gen_.follow_root = command_->pid();
  SCTRACE_TRY_ASSIGN(program, generate());
  if (opt_.on_program)
    opt_.on_program(program.text);
  program_text_ = program.text;
  event_list_.show_only(program_text_);
  auto written = run::write_to_child(program_fd_.get(), program_text_,
                                     bpftrace_->pidfd(), kProgramWriteTimeout);
  program_fd_.reset(); // bpftrace's end of file
  // A bpftrace that exited before reading its program is explained as
  // any failed start is, with what it said (explain_end).
  if (!written.ok() && !bpftrace_exited_within(kExitGraceMs))
    return written.error();
  res_.clock_offset_ns = events::realtime_offset_ns();
  SCTRACE_TRY_ASSIGN(parser, events::OutputParser::create(
                                 program.layout, res_.clock_offset_ns));
  parser_.emplace(std::move(parser));
  parser_->use_marker_token(gen_.marker_token);
  parser_->set_symbol_resolver(&symbols_); // %K, %U
  event_list_.remove_file();               // bpftrace's bind holds the list now
  set_nonblocking(bpftrace_->stdout_fd());
  // A large pipe lets bpftrace keep draining its kernel buffers while the
  // session is busy; a blocked bpftrace is how events get lost.
  ::fcntl(bpftrace_->stdout_fd(), F_SETPIPE_SZ, 1 << 20);
  set_nonblocking(bpftrace_->stderr_fd());
  return Ok{};
}

SessionResult SessionRun::run(events::EventSink& sink) {
  started_ = phase_at_ = deps_.clock->now();
  counting_.emplace(sink, DeliveryLimits{opt_.max_events, opt_.comm_substring,
                                         opt_.message_substring});
  Result<void> r = validate();
  if (r.ok())
    r = watch_targets();
  if (r.ok() && opt_.before_start)
    r = opt_.before_start();
  if (r.ok())
    r = spawn_command();
  if (r.ok())
    r = spawn_bpftrace();
  if (r.ok())
    r = hand_over_program();
  if (!r.ok()) {
    res_.error = r.error(); // nothing ran: the destructors clean up
    return std::move(res_);
  }
  if (auto l = loop(); !l.ok()) {
    res_.error = l.error();
    (void)bpftrace_->signal(SIGKILL);
  }
  finish_command();
  fill_summary();
  explain_end();
  return std::move(res_);
}

} // namespace sctrace::engine
