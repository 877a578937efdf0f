#include "trace/session.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "events/aggregator.h"
#include "gen/builtin_catalog.h"
#include "run/bpftrace.h"
#include "run/process.h"
#include "trace/drain.h"

namespace sctrace::trace {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Counts, aggregates and limits the events on their way to the user's sink.
class CountingSink final : public events::EventSink {
public:
  CountingSink(events::EventSink& inner, const SessionOptions& opt)
      : inner_(inner), max_(opt.max_events), comm_(opt.comm_substring),
        message_(opt.message_substring) {}
  // Events stamped after the stop are outside the trace (bpftrace emits a
  // few while it detaches, some without their entry probe): not delivered.
  void set_stop(std::uint64_t monotonic_ns) { stop_ns_ = monotonic_ns; }
  void on_event(const events::TraceEvent& e) override {
    if (max_ && delivered_ >= max_)
      return;
    if (stop_ns_ && e.monotonic_ns > stop_ns_) {
      ++after_stop_;
      return;
    }
    if (!comm_.empty() && e.comm.find(comm_) == std::string::npos)
      return;
    if (!message_.empty() && e.message.find(message_) == std::string::npos)
      return;
    ++delivered_;
    aggregator_.add(e);
    inner_.on_event(e);
  }
  bool on_record(const nlohmann::json& record) override {
    return inner_.on_record(record);
  }
  bool full() const { return max_ && delivered_ >= max_; }
  std::uint64_t delivered() const { return delivered_; }
  std::uint64_t after_stop() const { return after_stop_; }
  const events::TraceEventAggregator& aggregator() const { return aggregator_; }

private:
  events::EventSink& inner_;
  std::uint64_t max_;
  std::string comm_, message_;
  std::uint64_t delivered_ = 0;
  std::uint64_t stop_ns_ = 0;
  std::uint64_t after_stop_ = 0;
  events::TraceEventAggregator aggregator_;
};

// Splits a byte stream into lines.
class LineReader {
public:
  // Reads what is available; calls fn(line) per complete line. Returns
  // false at EOF or on a read error.
  template <typename Fn> bool read_from(int fd, Fn&& fn) {
    char buf[1 << 16];
    ssize_t n;
    do {
      n = ::read(fd, buf, sizeof buf);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
      if (n < 0 && errno == EAGAIN)
        return true;
      if (!pending_.empty())
        fn(std::string_view(pending_));
      pending_.clear();
      return false;
    }
    std::string_view chunk(buf, static_cast<std::size_t>(n));
    while (true) {
      auto nl = chunk.find('\n');
      if (nl == std::string_view::npos) {
        pending_.append(chunk);
        return true;
      }
      if (pending_.empty()) {
        fn(chunk.substr(0, nl));
      } else {
        pending_.append(chunk.substr(0, nl));
        fn(std::string_view(pending_));
        pending_.clear();
      }
      chunk.remove_prefix(nl + 1);
    }
  }

private:
  std::string pending_;
};

void set_nonblocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// CPU time (user + system) of this process and of bpftrace (still running,
// so read from /proc), in s.
double cpu_seconds(pid_t bpftrace) {
  rusage self{};
  ::getrusage(RUSAGE_SELF, &self);
  auto tv = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  double total = tv(self.ru_utime) + tv(self.ru_stime);
  std::ifstream in("/proc/" + std::to_string(bpftrace) + "/stat");
  std::string stat;
  std::getline(in, stat);
  // Fields after the ") " that ends comm: state is field 3, utime 14,
  // stime 15.
  auto close = stat.rfind(") ");
  if (close != std::string::npos) {
    std::istringstream rest(stat.substr(close + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14)
        utime = std::stoull(field);
      if (i == 15)
        stime = std::stoull(field);
    }
    total += static_cast<double>(utime + stime) /
             static_cast<double>(::sysconf(_SC_CLK_TCK));
  }
  return total;
}

gen::GenOptions make_gen_options(const SessionOptions& opt,
                                 const gen::BpftraceVersion& version) {
  gen::GenOptions g;
  g.version = version;
  g.string_size = opt.string_size;
  return g;
}

int default_buffer_pages(const gen::Dialect& d) {
  // 0.17: pages per CPU; 0.18+ with ringbuf: one ring shared by all CPUs.
  return d.shared_ring ? 8192 : 1024;
}

} // namespace

Result<gen::GeneratedProgram> dry_run(const SessionOptions& opt) {
  gen::BpftraceVersion version;
  if (auto info = run::find_bpftrace(opt.bpftrace); info.ok())
    version = info->version;
  gen::GenOptions g = make_gen_options(opt, version);
  g.marker_pid = ::getpid();
  if (!opt.include_self)
    g.exclude_pids = {::getpid()};
  if (!opt.command.empty())
    g.follow_root = 0; // the command's pid is only known at run time
  auto make = [&](const gen::KernelCatalog& catalog) {
    return opt.generator ? opt.generator(catalog, g)
                         : gen::generate(opt.specs, catalog, g);
  };
  auto dir = gen::find_tracefs();
  if (dir && ::access((*dir + "/events/syscalls").c_str(), R_OK | X_OK) == 0)
    return make(gen::TracefsCatalog(*dir));
  return make(gen::BuiltinCatalog());
}

// Options with the specs' own duration and max_events filled in.
SessionOptions effective_options(const SessionOptions& in) {
  SessionOptions opt = in;
  for (const auto& s : opt.specs) {
    if (in.duration_seconds == 0)
      opt.duration_seconds = std::max<double>(opt.duration_seconds, s.duration);
    if (in.max_events == 0)
      opt.max_events = std::max(opt.max_events, s.max_events);
  }
  return opt;
}

SessionResult run_session(const SessionOptions& options,
                          events::EventSink& sink) {
  const SessionOptions opt = effective_options(options);
  SessionResult res;
  auto fail = [&](Error e) {
    res.error = std::move(e);
    return res;
  };
  if (auto env = run::check_environment(); !env.ok())
    return fail(env.error());
  auto info = run::find_bpftrace(opt.bpftrace);
  if (!info.ok())
    return fail(info.error());
  auto tracefs = gen::find_tracefs();
  if (!tracefs)
    return fail(make_error(ErrorKind::Unsupported,
                           "tracefs is not mounted; mount it with `mount -t "
                           "tracefs tracefs /sys/kernel/tracing`"));
  gen::TracefsCatalog catalog(*tracefs);
  gen::Dialect dialect = gen::dialect_for(info->version);

  // A first generation validates the specs (and fixes the environment)
  // before any process is started.
  gen::GenOptions g = make_gen_options(opt, info->version);
  auto make = [&]() {
    return opt.generator ? opt.generator(catalog, g)
                         : gen::generate(opt.specs, catalog, g);
  };
  auto first = make();
  if (!first.ok())
    return fail(first.error());

  // -p targets, watched through pidfds: gone before the start is an
  // error, gone during the trace ends it.
  std::vector<run::Fd> targets;
  for (std::int64_t pid : opt.target_pids) {
    int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (fd < 0 && errno == ESRCH)
      return fail(make_error(ErrorKind::NotFound,
                             "process " + std::to_string(pid) +
                                 " does not exist (it may have exited "
                                 "already); check the pid with ps -e"));
    if (fd >= 0)
      targets.emplace_back(fd);
  }
  auto targets_exited = [&] {
    if (targets.empty())
      return false;
    for (const auto& t : targets) {
      pollfd p{t.get(), POLLIN, 0};
      if (::poll(&p, 1, 0) != 1)
        return false;
    }
    return true;
  };

  // The command, paused until the probes are attached.
  std::optional<run::Process> command;
  if (!opt.command.empty()) {
    run::SpawnOptions so;
    so.argv = opt.command;
    auto p = run::Process::spawn(so);
    if (!p.ok())
      return fail(p.error());
    command = std::move(*p);
  }

  int memfd = static_cast<int>(::memfd_create("sctrace-program", MFD_CLOEXEC));
  if (memfd < 0)
    return fail(
        make_error(ErrorKind::System, std::string("memfd_create failed: ") +
                                          std::strerror(errno)));
  run::Fd program_fd(memfd);

  run::SpawnOptions bo;
  bo.argv = {info->path, "-f", "json",
             "/proc/self/fd/" + std::to_string(program_fd.get())};
  bo.env = first->env;
  int pages =
      opt.buffer_pages ? opt.buffer_pages : default_buffer_pages(dialect);
  bo.env.emplace_back("BPFTRACE_PERF_RB_PAGES", std::to_string(pages));
  bo.capture_stdout = true;
  bo.capture_stderr = true;
  bo.death_signal = SIGKILL;
  bo.inherit_fds = {program_fd.get()};
  auto spawned = run::Process::spawn(bo);
  if (!spawned.ok())
    return fail(spawned.error());
  run::Process bpftrace = std::move(*spawned);

  g.marker_pid = ::getpid();
  if (!opt.include_self)
    g.exclude_pids = {::getpid(), bpftrace.pid()};
  if (command)
    g.follow_root = command->pid();
  auto program = make();
  if (!program.ok())
    return fail(program.error());
  if (opt.on_program)
    opt.on_program(program->text);
  const std::string& text = program->text;
  if (::write(program_fd.get(), text.data(), text.size()) !=
      static_cast<ssize_t>(text.size()))
    return fail(make_error(ErrorKind::System, "writing the program failed"));

  res.clock_offset_ns = events::realtime_offset_ns();
  auto parser =
      events::OutputParser::create(program->layout, res.clock_offset_ns);
  if (!parser.ok())
    return fail(parser.error());
  CountingSink counting(sink, opt);

  // CPU used while tracing: from attach to stop, so bpftrace's start-up
  // (compiling and loading) is not counted as tracing overhead.
  double cpu_start = 0, cpu_stop = 0;
  if (auto r = bpftrace.release(); !r.ok())
    return fail(r.error());
  set_nonblocking(bpftrace.stdout_fd());
  // A large pipe lets bpftrace keep draining its kernel buffers while
  // sctrace is busy; a blocked bpftrace is how events get lost.
  ::fcntl(bpftrace.stdout_fd(), F_SETPIPE_SZ, 1 << 20);
  set_nonblocking(bpftrace.stderr_fd());

  // Arming: bpftrace prints attached_probes before every probe is live, so
  // sctrace fires a marker round and starts the command only once the
  // markers (whose probe is declared last) come back.
  enum class Phase { Starting, Arming, Running, Draining, Stopping };
  Phase phase = Phase::Starting;
  Clock::time_point started = Clock::now(), attached_at{}, stop_at{},
                    phase_at = Clock::now();
  std::string stderr_text;
  LineReader out_reader, err_reader;
  bool out_open = true, err_open = true;
  Drainer drainer;
  double next_sigint = 0.25; // seconds into Stopping: SIGINT again
  std::uint64_t dropped_at_limit = 0;
  bool limit_hit = false;
  std::string reason;
  // SCTRACE_RAW_LOG=FILE keeps bpftrace's raw output, for bug reports and
  // for recording parser test data.
  std::ofstream raw_log;
  if (const char* path = std::getenv("SCTRACE_RAW_LOG"); path && *path)
    raw_log.open(path, std::ios::out | std::ios::trunc);

  // SCTRACE_DEBUG=1: the session's phases on stderr, with times.
  const bool debug = std::getenv("SCTRACE_DEBUG") != nullptr;
  auto note = [&](const char* what) {
    if (debug)
      std::fprintf(stderr, "sctrace: %.3f s: %s\n", seconds_since(started),
                   what);
  };
  auto request_stop = [&](const std::string& why, bool drain) {
    if (phase == Phase::Draining || phase == Phase::Stopping)
      return;
    reason = why;
    stop_at = Clock::now();
    if (attached_at != Clock::time_point{})
      cpu_stop = cpu_seconds(bpftrace.pid());
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    res.stop_monotonic_ns =
        static_cast<std::uint64_t>(now.tv_sec) * 1'000'000'000ULL +
        static_cast<std::uint64_t>(now.tv_nsec);
    counting.set_stop(res.stop_monotonic_ns);
    phase_at = stop_at;
    if (drain && drainer.start(parser.value())) {
      phase = Phase::Draining;
      note("stop requested: draining");
      return;
    }
    phase = Phase::Stopping;
    note("stop requested: SIGINT");
    (void)bpftrace.signal(SIGINT);
  };

  while (out_open || err_open) {
    pollfd fds[3];
    int nfds = 0;
    if (out_open)
      fds[nfds++] = {bpftrace.stdout_fd(), POLLIN, 0};
    if (err_open)
      fds[nfds++] = {bpftrace.stderr_fd(), POLLIN, 0};
    int cmd_index = -1;
    if (command && !command->exited() && phase == Phase::Running &&
        command->pidfd() >= 0) {
      cmd_index = nfds;
      fds[nfds++] = {command->pidfd(), POLLIN, 0};
    }
    int r = ::poll(fds, nfds, 50);
    if (r < 0 && errno != EINTR)
      return fail(make_error(ErrorKind::System, std::string("poll failed: ") +
                                                    std::strerror(errno)));
    for (int i = 0; r > 0 && i < nfds; ++i) {
      if (!fds[i].revents)
        continue;
      if (out_open && fds[i].fd == bpftrace.stdout_fd()) {
        out_open = out_reader.read_from(fds[i].fd, [&](std::string_view line) {
          if (raw_log)
            raw_log << line << '\n';
          parser->feed(line, counting);
        });
        if (opt.on_batch)
          opt.on_batch();
      } else if (err_open && fds[i].fd == bpftrace.stderr_fd()) {
        err_open = err_reader.read_from(fds[i].fd, [&](std::string_view line) {
          if (stderr_text.size() < (1 << 16))
            stderr_text.append(line).push_back('\n');
        });
      } else if (i == cmd_index) {
        (void)command->wait(0);
      }
    }

    if (phase == Phase::Starting && parser->stats().attached) {
      phase = drainer.start(parser.value()) ? Phase::Arming : Phase::Running;
      phase_at = Clock::now();
    }
    if (phase == Phase::Arming && drainer.step(parser.value())) {
      drainer = Drainer();
      phase = Phase::Running;
      note("armed: running");
      attached_at = Clock::now();
      cpu_start = cpu_seconds(bpftrace.pid());
      if (opt.on_attached)
        opt.on_attached();
      if (command) {
        if (auto rel = command->release(); !rel.ok()) {
          res.error = rel.error();
          request_stop("command_failed", false);
        }
      }
    }
    if ((phase == Phase::Starting || phase == Phase::Arming) &&
        seconds_since(started) > 120) {
      res.error = make_error(ErrorKind::Child,
                             "bpftrace did not attach its probes within 120 s");
      request_stop("attach_timeout", false);
    }
    if (counting.full() && !limit_hit) {
      limit_hit = true;
      dropped_at_limit = parser->dropped();
      request_stop("max_events", false);
      reason = "max_events"; // also when a drain was already under way
    }
    if (phase != Phase::Stopping && opt.output_failed && opt.output_failed()) {
      if (phase == Phase::Draining)
        phase = Phase::Running; // abandon the drain: nothing can be written
      request_stop("output_failed", false);
    }
    if (phase == Phase::Running) {
      if (opt.stop_flag && *opt.stop_flag)
        request_stop("interrupted", true);
      else if (targets_exited())
        request_stop("target_exited", true);
      else if (opt.duration_seconds > 0 &&
               seconds_since(attached_at) >= opt.duration_seconds)
        request_stop("duration", true);
      else if (command && command->exited())
        request_stop("command_exited", true);
    } else if (phase == Phase::Starting && opt.stop_flag && *opt.stop_flag) {
      // Nothing is attached yet, so there is nothing to drain. (A stop
      // during Arming waits for the marker round, then drains as usual.)
      request_stop("interrupted", false);
    }
    if (phase == Phase::Draining) {
      if (drainer.step(parser.value())) {
        phase = Phase::Stopping;
        phase_at = Clock::now();
        note(drainer.complete() ? "drained: SIGINT" : "drain gave up: SIGINT");
        (void)bpftrace.signal(SIGINT);
      }
    }
    if (phase == Phase::Stopping) {
      double t = seconds_since(phase_at);
      // bpftrace 0.17 only sees SIGINT in epoll_wait (EINTR) or with the
      // next event: a signal that lands while it is busy is noticed only
      // when more output comes, which may be never. So it is repeated
      // every 250 ms (the handler only sets a flag).
      if (t < opt.stop_grace_seconds && t >= next_sigint) {
        next_sigint += 0.25;
        (void)bpftrace.signal(SIGINT);
      }
      if (t > opt.stop_grace_seconds + 2) {
        note("SIGKILL");
        (void)bpftrace.signal(SIGKILL);
      } else if (t > opt.stop_grace_seconds) {
        note("SIGTERM");
        (void)bpftrace.signal(SIGTERM);
      }
    }
  }

  (void)bpftrace.wait(std::nullopt);
  if (cpu_stop == 0 && attached_at != Clock::time_point{})
    cpu_stop = cpu_start; // bpftrace died on its own: not measurable
  double cpu_used = std::max(0.0, cpu_stop - cpu_start);
  if (command) {
    if (!command->exited()) {
      // sctrace stops tracing, not the command: wait only if it is ours
      // to finish (it was started for this trace and is still running
      // because the trace ended by duration or interrupt).
      (void)command->signal(SIGTERM);
    }
    (void)command->wait(std::nullopt);
    if (command->exit_code())
      res.summary.command_exit_code = *command->exit_code();
    else if (command->term_signal())
      res.summary.command_exit_code = 128 + *command->term_signal();
  }

  res.bpftrace_stderr = run::filter_bpftrace_stderr(stderr_text);
  for (const auto& h : parser->helper_errors())
    res.helper_errors.push_back(h.helper + " returned " +
                                std::to_string(h.retcode) +
                                (h.msg.empty() ? "" : " (" + h.msg + ")"));
  res.map_updates_lost = parser->stats().map_updates_lost;
  res.records = parser->records();
  events::Summary& s = res.summary;
  s.duration_seconds =
      attached_at == Clock::time_point{}
          ? 0
          : std::chrono::duration<double>(
                (stop_at == Clock::time_point{} ? Clock::now() : stop_at) -
                attached_at)
                .count();
  counting.aggregator().fill_summary(s);
  parser->fill_summary(s, drainer.cpu_count());
  s.total_events = counting.delivered();
  s.events_after_stop = counting.after_stop();
  if (limit_hit)
    s.events_dropped = dropped_at_limit;
  s.drained = drainer.complete();
  s.bpftrace_exit_code = bpftrace.exit_code();
  s.bpftrace_signal = bpftrace.term_signal();
  s.cpu_seconds = cpu_used;
  if (s.duration_seconds > 0)
    s.events_per_second = s.total_events / s.duration_seconds;
  bool we_stopped = phase == Phase::Stopping;
  if (!we_stopped) {
    // bpftrace ended on its own: before attaching it failed to start;
    // afterwards it died under us.
    s.stop_reason = "bpftrace_exited";
    if (!res.error) {
      // Before Running, bpftrace failed to start, even when it had already
      // printed "Attaching N probes" (it creates maps and loads programs
      // after that): its own message says why.
      if ((phase == Phase::Starting || phase == Phase::Arming) &&
          !bpftrace.term_signal())
        res.error = run::classify_bpftrace_failure(
            stderr_text, bpftrace.exit_code().value_or(-1));
      else
        res.error = make_error(
            ErrorKind::Child,
            "bpftrace exited unexpectedly (" +
                (bpftrace.term_signal()
                     ? "killed by signal " +
                           std::to_string(*bpftrace.term_signal())
                     : "exit code " +
                           std::to_string(bpftrace.exit_code().value_or(-1))) +
                ") after " + std::to_string(s.total_events) +
                " events; the results so far are kept");
    }
  } else {
    s.stop_reason = reason;
  }
  return res;
}

} // namespace sctrace::trace
