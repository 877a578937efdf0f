// A fake bpftrace for the engine's unit tests: it plays a script instead
// of tracing, answers drain markers asked for through a FIFO, and honours
// SIGINT as bpftrace does (prints the @sctrace_seq map, exits 0).
//
//   fake_bpftrace --version   (FAKE_BPFTRACE_VERSION, _LOG: print_version)
//   fake_bpftrace --script FILE --markers FIFO [--program-copy FILE]
//                 -f json PROGRAM
//
// Script lines (one command each, run in order; at the end: `wait`):
//   attach N         print attached_probes N
//   events N [COMM]  N events of probe 0 (no format values; the process
//                    start slot), alternating CPUs 0, 1
//   trickle N US     N such events, each written on its own US
//                    microseconds after the last (as bpftrace writes a
//                    stream of events: one write each)
//   lose CPU N       N events the "kernel" dropped on CPU (a gap in SEQ)
//   line TEXT        print TEXT as it is (a recorded line)
//   stderr TEXT      print TEXT on stderr
//   sleep MS         wait MS milliseconds, answering markers
//   wait             wait for SIGINT, answering markers
//   deaf             ignore SIGINT from now on (a stalled bpftrace)
//   mute             stop answering markers
//   unmute           answer markers again (those asked for meanwhile too)
//   attaching MS     for MS milliseconds drop every marker asked for (the
//                    probe that answers them is not attached yet)
//   exit CODE        exit with CODE
//   die SIG          kill itself with SIG (no core dump)
// A marker request is a line "CPU ARG" in the FIFO; the answer is the
// marker record [-1, SEQ, CPU, ARG] with that CPU's event count. As the
// generated marker probe does, only requests whose ARG carries the
// program's marker token (ARG >> 32) are answered.
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace {

volatile std::sig_atomic_t g_sigint = 0;
bool g_deaf = false, g_mute = false, g_drop = false;
int g_markers = -1;
long long g_token = -1; // the program's marker token; -1: answer every ARG
std::string g_pending;
std::vector<unsigned long long> g_seq(2, 0);
// The pretend process start time every event carries.
const unsigned long long g_start_ns = 1'000'000'000ULL;

unsigned long long monotonic_ns() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000ULL + t.tv_nsec;
}

void answer_markers() {
  char buf[4096];
  ssize_t n = g_markers < 0 ? 0 : read(g_markers, buf, sizeof buf);
  if (n > 0)
    g_pending.append(buf, static_cast<std::size_t>(n));
  if (g_drop)
    g_pending.clear(); // no probe to answer them: lost
  if (g_mute)
    return; // kept for later: a marker behind a stalled buffer
  std::size_t nl;
  while ((nl = g_pending.find('\n')) != std::string::npos) {
    std::istringstream req(g_pending.substr(0, nl));
    g_pending.erase(0, nl + 1);
    unsigned cpu = 0;
    unsigned long long arg = 0;
    if (!(req >> cpu >> arg) || cpu >= g_seq.size())
      continue;
    if (g_token >= 0 && (arg >> 32) != static_cast<unsigned long long>(g_token))
      continue; // another session's marker (or a round without the token)
    std::printf("{\"type\": \"value\", \"data\": [-1,%llu,%u,%llu]}\n",
                g_seq[cpu], cpu, arg);
  }
  std::fflush(stdout);
}

// bpftrace's end of run after SIGINT: the maps, then exit 0.
[[noreturn]] void finish() {
  std::printf("{\"type\": \"map\", \"data\": {\"@sctrace_seq\": "
              "{\"0\": %llu, \"1\": %llu}}}\n",
              g_seq[0], g_seq[1]);
  std::fflush(stdout);
  std::_Exit(0);
}

// Waits up to ms (forever if < 0), answering markers; ends on SIGINT.
void idle(long ms) {
  unsigned long long until = monotonic_ns() + ms * 1000000ULL;
  while (ms < 0 || monotonic_ns() < until) {
    if (g_sigint && !g_deaf)
      finish();
    pollfd p{g_markers, POLLIN, 0};
    poll(&p, g_markers < 0 ? 0 : 1, 10);
    answer_markers();
  }
}

// Event I of probe 0 of a trace program without format arguments: its
// one value is the process start slot (gen/layout.h start_index).
void print_event(long i, const std::string& comm) {
  unsigned cpu = static_cast<unsigned>(i % 2);
  std::printf("{\"type\": \"value\", \"data\": [0,%llu,%llu,%d,%d,%u,"
              "\"%s\",%llu]}\n",
              ++g_seq[cpu], monotonic_ns(), getpid(), getpid(), cpu,
              comm.c_str(), g_start_ns);
}

void events(long n, const std::string& comm) {
  for (long i = 0; i < n; ++i)
    print_event(i, comm);
  std::fflush(stdout);
}

// Paced by spinning: a sleep would last its timer slack (50 us) at least.
void trickle(long n, long us) {
  for (long i = 0; i < n; ++i) {
    const unsigned long long next = monotonic_ns() + us * 1000ULL;
    print_event(i, "fake");
    std::fflush(stdout);
    while (monotonic_ns() < next) {
    }
  }
}

// Kills itself with sig, without a core dump (SIGABRT, SIGSEGV).
void die(int sig) {
  std::fflush(stdout);
  std::fflush(stderr);
  rlimit none{0, 0};
  setrlimit(RLIMIT_CORE, &none);
  std::raise(sig);
}

void run_command(const std::string& cmd, std::istringstream& in) {
  std::string rest;
  long n = 0;
  if (cmd == "attach" && in >> n)
    std::printf("{\"type\": \"attached_probes\", \"data\": {\"probes\": "
                "%ld}}\n",
                n);
  else if (cmd == "events" && in >> n)
    events(n, (in >> rest) ? rest : "fake");
  else if (cmd == "trickle" && in >> n && in >> rest)
    trickle(n, std::stol(rest));
  else if (cmd == "lose" && in >> n && n >= 0 && n < 2 && in >> rest)
    g_seq[static_cast<std::size_t>(n)] += std::stoull(rest);
  else if (cmd == "line" && std::getline(in >> std::ws, rest))
    std::printf("%s\n", rest.c_str());
  else if (cmd == "stderr" && std::getline(in >> std::ws, rest))
    std::fprintf(stderr, "%s\n", rest.c_str());
  else if (cmd == "sleep" && in >> n)
    idle(n);
  else if (cmd == "wait")
    idle(-1);
  else if (cmd == "deaf")
    g_deaf = true;
  else if (cmd == "mute")
    g_mute = true;
  else if (cmd == "unmute")
    g_mute = false;
  else if (cmd == "attaching" && in >> n) {
    g_drop = true;
    idle(n);
    g_drop = false;
  } else if (cmd == "exit" && in >> n)
    std::fflush(stdout), std::_Exit(static_cast<int>(n));
  else if (cmd == "die" && in >> n)
    die(static_cast<int>(n));
  std::fflush(stdout);
}

// The program, read once: sctrace hands it over through a pipe.
std::string read_program(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// The token the program's marker probe tests getcpu()'s third argument for.
long long marker_token(const std::string& text) {
  const std::string key = "((uint64)args->unused >> 32) == ";
  auto at = text.find(key);
  return at == std::string::npos
             ? -1
             : std::strtoll(text.c_str() + at + key.size(), nullptr, 10);
}

// --version: FAKE_BPFTRACE_VERSION or "bpftrace v0.17.0"; each run adds a
// line to the file FAKE_BPFTRACE_VERSION_LOG names, when set.
int print_version() {
  const char* text = std::getenv("FAKE_BPFTRACE_VERSION");
  std::printf("%s\n", text ? text : "bpftrace v0.17.0");
  if (const char* log = std::getenv("FAKE_BPFTRACE_VERSION_LOG"))
    std::ofstream(log, std::ios::app) << "--version\n";
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "--version")
    return print_version();
  std::string script, markers, copy;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--script")
      script = args[++i];
    else if (args[i] == "--markers")
      markers = args[++i];
    else if (args[i] == "--program-copy")
      copy = args[++i];
  }
  const std::string program = args.empty() ? "" : read_program(args.back());
  if (!copy.empty())
    std::ofstream(copy) << program;
  g_token = marker_token(program);
  std::signal(SIGINT, [](int) { g_sigint = 1; });
  if (!markers.empty())
    g_markers = open(markers.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  std::ifstream in(script);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string cmd;
    if (words >> cmd)
      run_command(cmd, words);
  }
  idle(-1);
}
