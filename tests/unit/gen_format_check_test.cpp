// Issue 16 item 3: format specifiers are checked against the tracefs type
// of the field they print, and char[N] fields print without str(). Over
// the recorded tracefs tree (tests/data/tracefs): no root, no kernel.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gen/binary_literal.h"
#include "gen/generator.h"
#include "gen/tracefs.h"
#include "spec/parser.h"

namespace sctrace::gen {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const TracefsCatalog& catalog() {
  static TracefsCatalog c(std::string(SCTRACE_TEST_DATA) + "/tracefs");
  return c;
}

Result<GeneratedProgram> gen_spec(const std::string& text,
                                  GenOptions opt = {}) {
  auto s = spec::parse_probe(text);
  if (!s.ok())
    return s.error();
  return generate({*s}, catalog(), opt);
}

std::string program(const std::string& text, GenOptions opt = {}) {
  auto p = gen_spec(text, opt);
  EXPECT_TRUE(p.ok()) << text << ": " << (p.ok() ? "" : p.error().message);
  return p.ok() ? p->text : "";
}

Error refused(const std::string& text, GenOptions opt = {}) {
  auto p = gen_spec(text, opt);
  EXPECT_FALSE(p.ok()) << text;
  return p.ok() ? Error{} : p.error();
}

TEST(FormatCheck, tracefs_fields_know_arrays_and_their_kind) {
  auto fields = catalog().tracepoint_fields("sched", "sched_switch");
  ASSERT_TRUE(fields.ok());
  const TracepointField& prev_comm = (*fields)[0];
  EXPECT_EQ(prev_comm.name, "prev_comm");
  EXPECT_EQ(prev_comm.array_length, 16);
  EXPECT_EQ(prev_comm.kind(), FieldKind::CharArray);
  EXPECT_EQ(prev_comm.declaration(), "char prev_comm[16]");
  EXPECT_EQ((*fields)[1].kind(), FieldKind::Integer);
  auto openat = catalog().tracepoint_fields("syscalls", "sys_enter_openat");
  ASSERT_TRUE(openat.ok());
  EXPECT_EQ((*openat)[2].kind(), FieldKind::CharPointer); // filename
  auto fork = catalog().tracepoint_fields("sched", "sched_process_fork");
  ASSERT_TRUE(fork.ok());
  EXPECT_EQ((*fork)[0].kind(), FieldKind::DynamicString);
}

// `sys_read "%s", arg3` printed empty strings: arg3 is the count.
TEST(FormatCheck, string_of_an_integer_field_is_refused_with_its_position) {
  Error e = refused("sys_read \"%s\", arg3");
  EXPECT_EQ(e.message, "%s prints a string, but arg3 of sys_read is `size_t "
                       "count`, an integer; print it with %d (or %lu, %lx), "
                       "or write arg3@user if it holds a user-space address");
  ASSERT_TRUE(e.pos.has_value());
  EXPECT_EQ(e.pos->column, 16);
  Error field = refused("t:sched:sched_switch \"%s\", args->prev_pid");
  EXPECT_THAT(field.message, HasSubstr("args->prev_pid of sched:sched_switch "
                                       "is `pid_t prev_pid`, an integer"));
  // Return probes read the stashed arguments: the same check.
  EXPECT_THAT(refused("r::sys_read \"%s\", arg3").message,
              HasSubstr("`size_t count`"));
  // argN@user says the number is a user address.
  EXPECT_THAT(program("sys_read \"%s\", arg3@user"),
              HasSubstr("str(uptr(args->count))"));
}

// `sys_openat "%d", arg2` printed the pointer's low 32 bits.
TEST(FormatCheck, number_of_a_string_field_is_refused_but_its_address_is_not) {
  Error e = refused("sys_openat \"%d\", arg2");
  EXPECT_EQ(e.message, "%d prints a number, but arg2 of sys_openat is `const "
                       "char * filename`, a string; print its text with %s, "
                       "or its address with %lx");
  ASSERT_TRUE(e.pos.has_value());
  EXPECT_EQ(e.pos->column, 18);
  for (const char* spec : {"%u", "%ld", "%llu", "%c", "%hd"})
    EXPECT_THAT(
        refused(std::string("sys_openat \"") + spec + "\", arg2").message,
        HasSubstr("a string; print its text with %s"))
        << spec;
  for (const char* spec : {"%x", "%lx", "%llx", "%s"})
    EXPECT_THAT(program(std::string("sys_openat \"") + spec + "\", arg2"),
                HasSubstr("args->filename"))
        << spec;
  // Other pointers (char *const *, struct sockaddr *) take every specifier.
  EXPECT_THAT(program("sys_execve \"%lu %s\", arg2, arg2"),
              HasSubstr("args->argv"));
  EXPECT_THAT(program("sys_connect \"%d\", arg2"),
              HasSubstr("args->uservaddr"));
  EXPECT_THAT(refused("t:sched:sched_switch \"%d\", args->prev_comm").message,
              HasSubstr("args->prev_comm of sched:sched_switch is `char "
                        "prev_comm[16]`, a string stored in the event; print "
                        "it with %s"));
  EXPECT_THAT(refused("t:sched:sched_switch \"%lx\", args->next_comm").message,
              HasSubstr("print it with %s"));
  EXPECT_THAT(
      refused("t:sched:sched_process_fork \"%d\", args->child_comm").message,
      HasSubstr("`__data_loc char[] child_comm`, a string"));
}

// bpftrace refused str() of a string[16]; it prints the array itself.
TEST(FormatCheck, char_array_fields_print_without_str) {
  std::string p = program("t:sched:sched_switch (args->prev_comm == \"bash\" "
                          "|| STRCMP(\"ba\", args->next_comm)) \"%s %s %d\", "
                          "args->prev_comm, args->next_comm, args->next_pid");
  EXPECT_THAT(p, HasSubstr("args->prev_comm, args->next_comm, args->next_pid"));
  EXPECT_THAT(p, HasSubstr("(args->prev_comm == \"bash\")"));
  EXPECT_THAT(p, HasSubstr("strncmp(args->next_comm, \"ba\", 2)"));
  EXPECT_THAT(p, Not(HasSubstr("str(args->prev_comm")));
  EXPECT_THAT(p, Not(HasSubstr("str(args->next_comm")));
}

// -Z N shows N characters: str() gets N + 1 bytes.
TEST(FormatCheck, string_size_counts_characters) {
  GenOptions opt;
  opt.string_size = 10;
  auto p = gen_spec("sys_openat \"%s\", arg2", opt);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->string_size, 11);
  EXPECT_EQ(p->env[0].second, "11");
  opt.string_size = 1;
  EXPECT_EQ(gen_spec("sys_openat \"%s\", arg2", opt)->string_size, 2);
  opt.string_size = 159; // 0.17: 160-byte budget, 200-byte str() at most
  EXPECT_TRUE(gen_spec("sys_openat \"%s\", arg2", opt).ok());
  opt.string_size = 199;
  EXPECT_THAT(refused("sys_openat \"%s\", arg2", opt).message,
              HasSubstr("1 string arguments of 199 characters"));
  opt.string_size = 200;
  EXPECT_EQ(refused("sys_openat \"%s\", arg2", opt).message,
            "string size (-Z) 200 is out of range: with bpftrace 0.17.0 a %s "
            "shows 1 to 199 characters");
  opt.version = {0, 23, 2};
  opt.string_size = 1000;
  EXPECT_EQ(gen_spec("sys_openat \"%s\", arg2", opt)->string_size, 1001);
}

// A literal longer than -Z never matched on 0.17 and failed on 0.23.
TEST(FormatCheck, literals_must_fit_the_string_size) {
  GenOptions opt;
  opt.string_size = 10;
  EXPECT_EQ(refused("sys_openat (STRCMP(\"/etc/hostname\", arg2)) \"%s\", "
                    "arg2",
                    opt)
                .message,
            "a string literal of 13 characters does not fit the strings of "
            "10 characters bpftrace 0.17.0 compares here (-Z 10); use -Z 13 "
            "or more, or a shorter literal (STRCMP compares a prefix)");
  opt.string_size = 13;
  EXPECT_TRUE(
      gen_spec("sys_openat (arg2 == \"/etc/hostname\") \"%s\", arg2", opt)
          .ok());
  opt.string_size = 5;
  opt.binary_strcmp = true; // a byte list is shorter than its text
  EXPECT_TRUE(
      gen_spec("sys_openat (STRCMP(\"{0x2f,0x65,0x00}\", arg2))", opt).ok());
}

// -B: STRCMP compares a byte list, all but its last byte (trace.py).
TEST(FormatCheck, binary_strcmp_compares_bytes) {
  GenOptions opt;
  opt.binary_strcmp = true;
  EXPECT_THAT(program("sys_openat (STRCMP(\"{0x2f, 0x65, 0x74, 0x00}\", "
                      "arg2))",
                      opt),
              HasSubstr("strncmp(str(args->filename), \"/et\", 3) == 0"));
  // A NUL as the last compared byte: the string must end there.
  EXPECT_THAT(program("sys_openat (STRCMP(\"{47,0,0}\", arg2))", opt),
              HasSubstr("strncmp(str(args->filename), \"/\", 2) == 0"));
  EXPECT_THAT(program("sys_openat (STRCMP(\"{0x80,0xff,0}\", arg2))", opt),
              HasSubstr("\"\\x80\\xff\", 2)"));
  EXPECT_THAT(program("sys_openat (STRCMP(\"{0x2f}\", arg2))", opt),
              Not(HasSubstr("strncmp")));
  Error after_nul = refused("sys_openat (STRCMP(\"{0,0x2f,0}\", arg2))", opt);
  EXPECT_THAT(after_nul.message, HasSubstr("0x00 only as its last"));
  ASSERT_TRUE(after_nul.pos.has_value());
  EXPECT_EQ(after_nul.pos->column, 20);
  EXPECT_THAT(refused("sys_openat (STRCMP(\"{0x100}\", arg2))", opt).message,
              HasSubstr("'0x100' is not a byte"));
  EXPECT_THAT(refused("sys_openat (STRCMP(\"{0x2f,}\", arg2))", opt).message,
              HasSubstr("an item is empty"));
  // Without -B the braces are text.
  EXPECT_THAT(program("sys_openat (STRCMP(\"{0x2f}\", arg2))"),
              HasSubstr("\"{0x2f}\", 6)"));
}

TEST(FormatCheck, binary_literals_parse_c_integers) {
  EXPECT_EQ(*parse_binary_literal("{0x41, 66,0103 }"), "ABC");
  EXPECT_EQ(*parse_binary_literal("{}"), "");
  EXPECT_FALSE(parse_binary_literal("0x41").ok());
  EXPECT_FALSE(parse_binary_literal("{-1}").ok());
  EXPECT_FALSE(parse_binary_literal("{'a'}").ok());
}

} // namespace
} // namespace sctrace::gen
