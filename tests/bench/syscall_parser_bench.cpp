// Throughput of `sctrace syscalls --format jsonl`'s event path: the lines
// bpftrace 0.17 prints with `-f json` for the generated syscalls program
// (gen/syscalls_program.h's tuple) -> OutputParser -> SyscallSink
// (SyscallDecoder, per-syscall counts) -> the syscalls JSONL writer, into
// a null stream. Part of parser_bench (BENCHMARK_MAIN is in
// parser_bench.cpp). Target: >= 4 million events/s on one core.
#include <benchmark/benchmark.h>

#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "bench_inputs.h"

#include "events/bpftrace_parser.h"
#include "gen/builtin_catalog.h"
#include "gen/syscalls_program.h"
#include "modes/syscalls/decoder.h"
#include "modes/syscalls/output.h"
#include "modes/syscalls/syscall_sink.h"

namespace sctrace::syscalls {
namespace {

using bench::NullBuf;

// The program `sctrace syscalls -- CMD` runs (every syscall, bpftrace
// 0.17), for its layout and str() size.
gen::GeneratedProgram syscalls_program() {
  gen::SyscallProgramOptions o;
  o.target.pids = {4242};
  o.target.follow_forks = true;
  gen::GenOptions g;
  g.follow_root = 4242;
  auto prog = gen::generate_syscalls(o, gen::BuiltinCatalog(), g);
  if (!prog.ok())
    return {};
  return std::move(prog).value();
}

// One General tuple: [0, SEQ, NSECS, PID, TID, CPU, COMM, NR, STATE,
// A0..A5, RET, DURATION, PATH]; args->args[] are unsigned longs, so
// AT_FDCWD prints as 2^64 - 100.
std::string tuple(std::uint64_t seq, std::uint64_t ns, unsigned tid,
                  unsigned cpu, const std::string& rest) {
  return "{\"type\": \"value\", \"data\": [0," + std::to_string(seq) + "," +
         std::to_string(ns) + ",2548," + std::to_string(tid) + "," +
         std::to_string(cpu) + ",\"nginx\"," + rest + "]}";
}

// Half read(3, BUF, 4096) = 4096 (no path: ""), half openat(AT_FDCWD,
// PATH, O_RDONLY|O_CLOEXEC) = 3 or -ENOENT, spread over 4 CPUs with
// per-CPU sequence numbers; one path in 8 has bytes >= 0x80 (bpftrace
// 0.17's \uffffffXX) and one in 16 an escaped quote.
std::vector<std::string> make_syscall_lines(std::size_t n) {
  const auto& paths = bench::kPaths;
  std::vector<std::string> lines;
  std::uint64_t seq[4] = {};
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned cpu = i % 4;
    const std::uint64_t ns = 277010152685ULL + i * 1733;
    const std::string duration = std::to_string(900 + i % 700);
    std::string rest;
    if (i % 2 == 0) {
      // 16 buffers, so a buffer address is rarely the last one decoded.
      const std::string buf =
          std::to_string(140737488289792ULL + (i / 2 % 16) * 4096);
      rest = "0,0,3," + buf + ",4096,0,0,0,4096," + duration + ",\"\"";
    } else {
      std::string path = paths[(i / 2) % 8];
      if (i % 16 == 3)
        path = "/tmp/q\\\"uote,name";
      const char* ret = i % 6 == 1 ? "-2" : "3";
      rest = "257,0,18446744073709551516,94558914731536,524288,0,0,0," +
             std::string(ret) + "," + duration + ",\"" + path + "\"";
    }
    lines.push_back(tuple(++seq[cpu], ns, 2548 + i % 3, cpu, rest));
  }
  return lines;
}

// The JSONL of the first lines, through a fresh parser and sink: the
// benchmark checks that its input decodes as the syscalls it means.
std::string sample_jsonl(const gen::GeneratedProgram& prog,
                         const std::vector<std::string>& lines) {
  auto parser = events::OutputParser::create(prog.layout, 0);
  if (!parser.ok())
    return {};
  gen::BuiltinCatalog catalog;
  SyscallDecoder decoder(catalog, prog.string_size);
  std::ostringstream out, notes;
  auto writer = make_syscall_writer("jsonl", out, notes);
  SyscallSink sink(decoder, **writer);
  for (std::size_t i = 0; i < 4 && i < lines.size(); ++i)
    parser->feed(lines[i], sink);
  (*writer)->flush();
  return out.str();
}

void BM_SyscallLineToJsonl(benchmark::State& state) {
  const auto lines = make_syscall_lines(4096);
  gen::GeneratedProgram prog = syscalls_program();
  const std::string sample = sample_jsonl(prog, lines);
  if (sample.find(R"("syscall":"read")") == std::string::npos ||
      sample.find(R"("filename":"/var/log/nginx/access.log")") ==
          std::string::npos) {
    state.SkipWithError("the input does not decode as read and openat");
    return;
  }
  auto parser =
      events::OutputParser::create(prog.layout, 1'700'000'000'000'000'000);
  if (!parser.ok()) {
    state.SkipWithError("the syscalls program's layout does not parse");
    return;
  }
  gen::BuiltinCatalog catalog;
  SyscallDecoder decoder(catalog, prog.string_size);
  NullBuf buf;
  std::ostream out(&buf);
  std::ostringstream notes;
  auto writer = make_syscall_writer("jsonl", out, notes);
  SyscallSink sink(decoder, **writer);
  for (auto _ : state)
    for (const std::string& line : lines)
      parser->feed(line, sink);
  if (parser->stats().malformed_lines != 0 || parser->stats().events == 0)
    state.SkipWithError("malformed lines in the benchmark input");
  state.SetItemsProcessed(state.iterations() *
                          static_cast<std::int64_t>(lines.size()));
}

BENCHMARK(BM_SyscallLineToJsonl);

} // namespace

void dump_syscall_jsonl(std::ostream& out) {
  const auto lines = make_syscall_lines(4096);
  gen::GeneratedProgram prog = syscalls_program();
  auto parser =
      events::OutputParser::create(prog.layout, 1'700'000'000'000'000'000);
  if (!parser.ok())
    return;
  gen::BuiltinCatalog catalog;
  SyscallDecoder decoder(catalog, prog.string_size);
  std::ostringstream notes;
  auto writer = make_syscall_writer("jsonl", out, notes);
  SyscallSink sink(decoder, **writer);
  for (const std::string& line : lines)
    parser->feed(line, sink);
}

} // namespace sctrace::syscalls
