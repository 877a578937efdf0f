// Throughput of the event path: bpftrace JSON line -> OutputParser ->
// writer, the work sctrace does per traced event (trace.py mode here; the
// syscalls mode's path is syscall_parser_bench.cpp, in the same binary).
// Target (issue 17): >= 4 million events/s on one core for JSONL.
//
//   ninja -C build parser_bench && build/tests/bench/parser_bench
//   build/tests/bench/parser_bench --dump-jsonl > out.jsonl   (what the
//   JSONL benchmarks write, to compare two builds byte for byte)
#include <benchmark/benchmark.h>

#include <iostream>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "bench_inputs.h"

#include "events/bpftrace_parser.h"
#include "events/writer.h"

namespace sctrace::events {
namespace {

using bench::NullBuf;

gen::ProgramLayout openat_layout() {
  gen::ProbeLayout p;
  p.function = "openat";
  p.probe = "tracepoint:syscalls:sys_enter_openat";
  p.format = "%s %d";
  p.values = {{gen::ValueKind::String, "arg2"}, {gen::ValueKind::Int, "arg3"}};
  p.format_args = 2;
  gen::ProgramLayout layout;
  layout.probes = {p};
  return layout;
}

// Recorded-style lines (as bpftrace 0.17 prints them), spread over 4 CPUs;
// one in 8 paths has a byte >= 0x80 (the \uffffffXX escape) and one in 16
// an escaped quote, so the slow string path is exercised too.
std::vector<std::string> make_lines(std::size_t n) {
  const auto& paths = bench::kPaths;
  std::vector<std::string> lines;
  std::uint64_t seq[4] = {};
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned cpu = i % 4;
    std::string path = paths[i % 8];
    if (i % 16 == 3)
      path = "/tmp/q\\\"uote,name";
    lines.push_back("{\"type\": \"value\", \"data\": [0," +
                    std::to_string(++seq[cpu]) + "," +
                    std::to_string(277010152685ULL + i * 1733) + ",2548," +
                    std::to_string(2548 + i % 3) + "," + std::to_string(cpu) +
                    ",\"nginx\",\"" + path + "\"," +
                    std::to_string(524288 + (i % 5)) + "]}");
  }
  return lines;
}

class WriterSink : public EventSink {
public:
  explicit WriterSink(EventWriter& writer) : writer_(writer) {}
  void on_event(const TraceEvent& event) override { writer_.event(event); }

private:
  EventWriter& writer_;
};

class CountSink : public EventSink {
public:
  void on_event(const TraceEvent& event) override {
    bytes += event.message.size();
  }
  std::size_t bytes = 0;
};

void run_pipeline(benchmark::State& state, OutputFormat format) {
  const auto lines = make_lines(4096);
  auto parser =
      OutputParser::create(openat_layout(), 1'700'000'000'000'000'000);
  NullBuf buf;
  std::ostream out(&buf);
  auto writer = make_writer(format, out, {});
  writer->begin();
  WriterSink sink(*writer);
  for (auto _ : state)
    for (const std::string& line : lines)
      parser->feed(line, sink);
  if (parser->stats().malformed_lines != 0)
    state.SkipWithError("malformed lines in the benchmark input");
  state.SetItemsProcessed(state.iterations() *
                          static_cast<std::int64_t>(lines.size()));
}

void BM_LineToJsonl(benchmark::State& state) {
  run_pipeline(state, OutputFormat::Jsonl);
}
void BM_LineToText(benchmark::State& state) {
  run_pipeline(state, OutputFormat::Text);
}
void BM_LineToCsv(benchmark::State& state) {
  run_pipeline(state, OutputFormat::Csv);
}

void BM_ParseOnly(benchmark::State& state) {
  const auto lines = make_lines(4096);
  auto parser = OutputParser::create(openat_layout(), 0);
  CountSink sink;
  for (auto _ : state)
    for (const std::string& line : lines)
      parser->feed(line, sink);
  benchmark::DoNotOptimize(sink.bytes);
  state.SetItemsProcessed(state.iterations() *
                          static_cast<std::int64_t>(lines.size()));
}

// Into a reused std::string via an ostringstream that is reset per batch:
// the cost a caller pays when it keeps output in memory.
void BM_LineToJsonlString(benchmark::State& state) {
  const auto lines = make_lines(4096);
  auto parser = OutputParser::create(openat_layout(), 0);
  std::ostringstream out;
  auto writer = make_writer(OutputFormat::Jsonl, out, {});
  WriterSink sink(*writer);
  for (auto _ : state) {
    out.str(std::string());
    for (const std::string& line : lines)
      parser->feed(line, sink);
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<std::int64_t>(lines.size()));
}

BENCHMARK(BM_LineToJsonl);
BENCHMARK(BM_LineToText);
BENCHMARK(BM_LineToCsv);
BENCHMARK(BM_ParseOnly);
BENCHMARK(BM_LineToJsonlString);

} // namespace

void dump_trace_jsonl(std::ostream& out) {
  const auto lines = make_lines(4096);
  auto parser =
      OutputParser::create(openat_layout(), 1'700'000'000'000'000'000);
  auto writer = make_writer(OutputFormat::Jsonl, out, {});
  writer->begin();
  WriterSink sink(*writer);
  for (const std::string& line : lines)
    parser->feed(line, sink);
}

} // namespace sctrace::events

// --dump-jsonl: the JSONL both JSONL benchmarks write for their inputs
// (trace.py mode, then syscalls), to compare two builds byte for byte.
int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "--dump-jsonl") {
    sctrace::events::dump_trace_jsonl(std::cout);
    sctrace::syscalls::dump_syscall_jsonl(std::cout);
    return std::cout.good() ? 0 : 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
