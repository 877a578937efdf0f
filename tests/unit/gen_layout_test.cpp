// The wire layout is defined once (gen/layout.h): its bpftrace text puts
// each field at the index the parser reads, and no template writes a tuple
// header, a SEQ step, a STACK record or a marker out by hand.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gen/layout.h"

namespace sctrace::gen {
namespace {

TEST(GenLayout, EventHeaderPutsEachFieldAtItsIndex) {
  EXPECT_EQ(event_header("3"), "3, $sctrace_seq, nsecs, pid, tid, cpu, comm");
  EXPECT_EQ(event_header("0", "$c.0"),
            "0, $sctrace_seq, $c.0, pid, tid, cpu, comm");
  static_assert(kHeaderFields == 7 && kCommField == 6 && kNsecsField == 2);
}

TEST(GenLayout, MarkerTupleAndStackRecord) {
  EXPECT_EQ(marker_tuple("(uint64)args->unused"),
            "-1, @sctrace_seq[cpu], cpu, (uint64)args->unused");
  EXPECT_EQ(stack_print('K'),
            "printf(\"\\x1eSTACK K %d %d\\n%s\", cpu, $sctrace_seq, kstack);");
  EXPECT_EQ(stack_print('U'),
            "printf(\"\\x1eSTACK U %d %d\\n%s\", cpu, $sctrace_seq, ustack);");
  EXPECT_EQ(stack_print('u', true), "printf(\"\\x1eSTACK u %d %d\\n%s\", cpu, "
                                    "$sctrace_seq, ustack(raw));");
  EXPECT_EQ(std::string(kStackTag), "\x1eSTACK ");
}

TEST(GenLayout, NoTemplateWritesTheWireTextOut) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(SCTRACE_SOURCE_DIR).parent_path() / "templates";
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".tmpl")
      continue;
    ++seen;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string t = text.str();
    for (const char* wire : {"pid, tid, cpu, comm", "$sctrace_seq =",
                             "@sctrace_seq[cpu] =", "STACK", "print((-1"})
      EXPECT_EQ(t.find(wire), std::string::npos)
          << entry.path().filename() << " writes out \"" << wire
          << "\": use the values gen/render.h provides";
  }
  EXPECT_GT(seen, 0);
}

} // namespace
} // namespace sctrace::gen
