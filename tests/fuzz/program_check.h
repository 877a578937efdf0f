// The invariants every generated program must keep, whatever the spec:
// what fuzz targets check after gen::generate() succeeds.
//
// check_program() re-reads the program text with its own small bpftrace
// lexer (independent of the generator) and aborts (FUZZ_REQUIRE) unless:
//  - every byte is printable ASCII or '\n' (no raw control bytes, tabs or
//    bytes >= 0x80, so nothing can hide in the text);
//  - the program is only top-level "//" comment lines and probe blocks
//    "ATTACH[ /PREDICATE/]\n{\n...\n}", with exactly the expected blocks in
//    order (BEGIN and the follow blocks, one block per entry probe and two
//    per return probe, the drain marker, END) and the attach points the
//    specs and layout name;
//  - code holds only identifiers from closed sets (bpftrace builtins the
//    generator uses, $sctrace_* / @sctrace_* names, argN, cast types,
//    tracepoint field names of the recorded tracefs tree after "->"), calls
//    only print, printf, delete, clear, str, uptr, strncmp, ksym and
//    cgroupid (so no system(), cat(), signal(), exit() ...), decimal
//    numbers, C operators, balanced brackets, no '#' or '/*', '//' only
//    as a whole comment line (the templates'), no ';' or braces in
//    predicates;
//  - every string literal is closed on its line and uses only \xHH and \n
//    escapes; decoded, each one is a template literal or one of the specs'
//    own strings (filter/argument literals, process name, cgroup path), and
//    each of those appears (so the format string never does);
//  - each probe prints exactly one tuple, print((ID, SEQ, NSECS, PID, TID,
//    CPU, COMM, VALUES...)), with as many values as its layout has;
//  - the layout matches the specs (format, argument names, retval slot,
//    stacks) and events::OutputParser accepts it.
#pragma once

#include <string>
#include <vector>

#include "gen/generator.h"
#include "gen/tracefs.h"
#include "spec/trace_spec.h"

namespace sctrace::fuzz {

// Path the fuzz targets substitute for uprobe/USDT libraries, so that no
// input makes the harness read arbitrary files (a regular non-ELF file: the
// generator leaves its symbols to bpftrace). Its canonical path.
const std::string& fake_library_path();

void check_program(const gen::GeneratedProgram& program,
                   const std::vector<spec::TraceSpec>& specs,
                   const spec::SessionOptions& session,
                   const gen::GenOptions& options);

// JSON round trip through text: plan_to_json, dump (strict UTF-8), parse,
// plan_from_json must give back the same plan.
void check_json_round_trip(const spec::TracePlan& plan);

// A KernelCatalog over a recorded tracefs tree that reads each file once.
class CachedCatalog final : public gen::KernelCatalog {
public:
  explicit CachedCatalog(std::string root);
  Result<std::vector<gen::TracepointField>>
  tracepoint_fields(std::string_view category,
                    std::string_view event) const override;
  std::vector<std::string> events(std::string_view category) const override;
  bool kprobes_available() const override { return kprobes_; }
  std::vector<std::string> kernel_functions() const override {
    return functions_;
  }

private:
  gen::TracefsCatalog tracefs_;
  bool kprobes_ = false;
  std::vector<std::string> functions_;
  mutable std::vector<std::pair<std::string, std::vector<std::string>>> events_;
  mutable std::vector<
      std::pair<std::string, Result<std::vector<gen::TracepointField>>>>
      fields_;
};

// The recorded trees: tests/data/tracefs (no kprobes) and
// tests/data/tracefs-kprobes.
const CachedCatalog& recorded_catalog();
const CachedCatalog& recorded_kprobe_catalog();

// generate() options chosen from a selector byte: bpftrace 0.17 or 0.23,
// with or without `-- CMD` following and drain markers, excluded pids.
gen::GenOptions options_for(unsigned char selector);

// Generates specs (libraries replaced by fake_library_path()) and checks
// the program, or checks that the failure is one the grammar cannot rule
// out (an unknown syscall, tracepoint, field or function, no kprobes, the
// string budget). Returns whether a program was generated.
bool generate_and_check(std::vector<spec::TraceSpec> specs,
                        unsigned char selector,
                        const spec::SessionOptions& session = {});

} // namespace sctrace::fuzz
