// Live check against the installed strace, root-free: a python3 child makes
// syscalls with known raw arguments, strace prints them, and our decoders
// must print the same text. kill, socket, connect and a few getters get
// injected errors, so they never act. Fails, never skips, when strace or
// python3 is missing or ptrace is not allowed: CI has both.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <netinet/in.h>
#include <regex>
#include <sstream>
#include <sys/un.h>
#include <unistd.h>

#include "decode/errno_names.h"
#include "decode/mmap_flags.h"
#include "decode/open_flags.h"
#include "decode/signals.h"
#include "decode/socket.h"

namespace sctrace::decode {
namespace {

constexpr std::string_view kPathPrefix = "/nonexistent-sctrace-decode/";

struct OpenCase {
  std::int64_t dirfd;
  std::uint64_t flags;
  std::uint64_t mode;
};
const OpenCase kOpens[] = {
    {-100, 0, 0},         {-100, 0x80000, 0},   {-100, 0x241, 0644},
    {5, 0x90800, 0},      {-1, 3, 0},           {0xffffff9c, 0xffffffff, 04755},
    {7, 04010000, 0},     {-100, 04040000, 0},  {-100, 020200002, 0600},
    {-100, 020020000, 0}, {-100, 0x1800000, 0}, {-100, 0100, 0170777},
};

struct MmapCase {
  std::uint64_t prot;
  std::uint64_t flags;
};
// No MAP_FIXED: these calls really run.
const MmapCase kMmaps[] = {
    {0, 0x22},    {3, 0x22},           {7, 0x1},        {1, 0x2},
    {0xff, 0x22}, {0x100000001, 0x22}, {0x10, 0x2},     {3, 0x54040022},
    {3, 0xf},     {3, 0x4020},         {3, 0xfc000002}, {3, 0xffffffef},
};

const int kSignals[] = {0, 1, 9, 15, 16, 19, 31, 32, 33, 50, 64, 65, -1};

struct SocketCase {
  int family;
  int type;
};
const SocketCase kSockets[] = {
    {1, 1},         {2, 2 | 02000000}, {10, 1 | 04000 | 02000000},
    {16, 3},        {12, 5},           {45, 10},
    {46, 0},        {-1, 0xb},         {2, -1},
    {2, 1 | 0x100}, {2, 0xb | 04000},  {17, 04000},
};

struct ErrnoCase {
  const char* syscall;
  int number;
  int err;
};
// Getters python never calls on its own, so only our call gets the error.
const ErrnoCase kErrnos[] = {
    {"getppid", 110, 2},
    {"getpgrp", 111, 41},
    {"getsid", 124, 512},
    {"getpgid", 121, 515},
    {"sched_getscheduler", 145, 133},
};

template <typename T> std::string raw(const T& v, std::size_t n) {
  return std::string(reinterpret_cast<const char*>(&v), n);
}

std::vector<std::string> sockaddrs() {
  sockaddr_in in{};
  in.sin_family = AF_INET;
  in.sin_port = htons(8080);
  inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  in6.sin6_port = htons(443);
  inet_pton(AF_INET6, "::1", &in6.sin6_addr);
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  std::string path = "/run/x.sock";
  path.copy(un.sun_path, path.size());
  std::string abstract = raw(un, 2) + std::string("\0name", 5);
  std::string netlink = raw(in, sizeof in);
  netlink[0] = 16;
  return {
      raw(in, sizeof in), raw(in6, sizeof in6), raw(un, 2 + path.size() + 1),
      abstract,           raw(un, 2),           netlink};
}

std::string hex_bytes(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    out.push_back("0123456789abcdef"[c >> 4]);
    out.push_back("0123456789abcdef"[c & 15]);
  }
  return out;
}

std::string python_script() {
  std::ostringstream py;
  py << "import ctypes\n"
        "libc = ctypes.CDLL(None)\n"
        "S = libc.syscall\n"
        "U = lambda v: ctypes.c_uint64(v & 0xffffffffffffffff)\n";
  int i = 0;
  for (const OpenCase& c : kOpens)
    py << "S(U(257), U(" << c.dirfd << "), b'" << kPathPrefix << i++ << "', U("
       << c.flags << "), U(" << c.mode << "))\n";
  i = 0;
  for (const MmapCase& c : kMmaps)
    py << "S(U(9), U(0), U(" << 4096 * (1000 + i++) << "), U(" << c.prot
       << "), U(" << c.flags << "), U(-1), U(0))\n";
  i = 0;
  for (int sig : kSignals)
    py << "S(U(62), U(" << 100000 + i++ << "), U(" << sig << "))\n";
  for (const SocketCase& c : kSockets)
    py << "S(U(41), U(" << c.family << "), U(" << c.type << "), U(0))\n";
  i = 0;
  for (const std::string& a : sockaddrs())
    py << "b = bytes.fromhex('" << hex_bytes(a) << "'); S(U(42), U("
       << 1000 + i++ << "), b, U(len(b)))\n";
  for (const ErrnoCase& c : kErrnos)
    py << "S(U(" << c.number << "), U(0))\n";
  return py.str();
}

std::string find_program(std::initializer_list<const char*> candidates) {
  for (const char* c : candidates) {
    if (access(c, X_OK) == 0)
      return c;
  }
  return "";
}

// Runs the script under strace once for the whole suite.
class StraceOracle : public testing::Test {
protected:
  static void SetUpTestSuite() {
    std::string strace = find_program(
        {"/usr/bin/strace", "/bin/strace", "/usr/local/bin/strace"});
    std::string python = find_program(
        {"/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"});
    if (strace.empty() || python.empty()) {
      failure_ = "strace or python3 not found; install them (scripts/setup "
                 "does): this oracle runs in CI";
      return;
    }
    // One script and output per process: ctest runs each test of this
    // suite as its own process, in parallel, and each runs this set-up.
    std::string dir = testing::TempDir();
    std::string tag = std::to_string(::getpid());
    std::string script = dir + "sctrace_decode_oracle." + tag + ".py";
    std::string out = dir + "sctrace_decode_oracle." + tag + ".txt";
    std::ofstream(script) << python_script();
    std::string cmd =
        strace + " -qq -o " + out + " -e trace=openat,mmap,kill,socket,connect";
    std::string injects =
        " -e inject=kill:error=ESRCH -e inject=socket:error=EACCES"
        " -e inject=connect:error=ECONNREFUSED";
    for (const ErrnoCase& c : kErrnos) {
      cmd += std::string(",") + c.syscall;
      injects += std::string(" -e inject=") + c.syscall +
                 ":error=" + std::to_string(c.err);
    }
    cmd += injects + " " + python + " -S -E " + script + " 2>/dev/null";
    int rc = std::system(cmd.c_str());
    std::ifstream in(out);
    for (std::string line; std::getline(in, line);)
      lines_.push_back(line);
    std::remove(script.c_str());
    std::remove(out.c_str());
    if (rc != 0 || lines_.empty())
      failure_ = "strace could not trace python3 (exit status " +
                 std::to_string(rc) + ", " + std::to_string(lines_.size()) +
                 " lines); run the command by hand: " + cmd;
  }

  void SetUp() override {
    if (!failure_.empty())
      GTEST_FAIL() << failure_;
  }

  // The lines that start with prefix, in order.
  static std::vector<std::string> lines_with(std::string_view prefix) {
    std::vector<std::string> found;
    for (const std::string& l : lines_) {
      if (l.starts_with(prefix))
        found.push_back(l);
    }
    return found;
  }

  static std::string line_with(std::string_view prefix) {
    auto found = lines_with(prefix);
    return found.empty() ? "" : found.front();
  }

  static inline std::vector<std::string> lines_;
  static inline std::string failure_;
};

// "A, B, C) = ..." -> {"A", "B", "C"}: strace's argument list after an
// opening parenthesis, split on ", " (none of the flag texts contain one).
std::vector<std::string> args_after(const std::string& line,
                                    std::string_view start) {
  std::vector<std::string> args;
  std::size_t pos = line.find(start);
  if (pos == std::string::npos)
    return args;
  pos += start.size();
  std::size_t close = line.find(") ", pos);
  std::string list = line.substr(pos, close - pos);
  for (std::size_t at = 0;;) {
    std::size_t comma = list.find(", ", at);
    args.push_back(list.substr(at, comma - at));
    if (comma == std::string::npos)
      break;
    at = comma + 2;
  }
  return args;
}

TEST_F(StraceOracle, open_flags_modes_and_dirfd) {
  for (std::size_t i = 0; i < std::size(kOpens); ++i) {
    const OpenCase& c = kOpens[i];
    std::string path =
        "\"" + std::string(kPathPrefix) + std::to_string(i) + "\"";
    std::string line;
    for (const std::string& l : lines_with("openat(")) {
      if (l.find(path + ",") != std::string::npos)
        line = l;
    }
    ASSERT_FALSE(line.empty()) << "no openat line for case " << i;
    auto args = args_after(line, "openat(");
    ASSERT_GE(args.size(), 3u) << line;
    EXPECT_EQ(args[0], dirfd(c.dirfd)) << line;
    EXPECT_EQ(args[2], open_flags(c.flags)) << line;
    if (args.size() > 3) {
      EXPECT_EQ(args[3], file_mode(c.mode)) << line;
    }
  }
}

TEST_F(StraceOracle, mmap_prot_and_flags) {
  for (std::size_t i = 0; i < std::size(kMmaps); ++i) {
    std::string start =
        "mmap(NULL, " + std::to_string(4096 * (1000 + i)) + ", ";
    std::string line = line_with(start);
    ASSERT_FALSE(line.empty()) << "no mmap line for case " << i;
    auto args = args_after(line, start);
    ASSERT_GE(args.size(), 2u) << line;
    EXPECT_EQ(args[0], mmap_prot(kMmaps[i].prot)) << line;
    EXPECT_EQ(args[1], mmap_flags(kMmaps[i].flags)) << line;
  }
}

TEST_F(StraceOracle, kill_signals) {
  for (std::size_t i = 0; i < std::size(kSignals); ++i) {
    std::string start = "kill(" + std::to_string(100000 + i) + ", ";
    std::string line = line_with(start);
    ASSERT_FALSE(line.empty()) << "no kill line for case " << i;
    EXPECT_EQ(args_after(line, start).at(0), signal_name(kSignals[i])) << line;
  }
}

TEST_F(StraceOracle, socket_families_and_types) {
  auto found = lines_with("socket(");
  ASSERT_EQ(found.size(), std::size(kSockets));
  for (std::size_t i = 0; i < found.size(); ++i) {
    auto args = args_after(found[i], "socket(");
    ASSERT_GE(args.size(), 2u) << found[i];
    EXPECT_EQ(args[0], address_family(kSockets[i].family)) << found[i];
    EXPECT_EQ(args[1], socket_type(kSockets[i].type)) << found[i];
  }
}

// Rewrites strace's struct rendering into our compact form.
std::string compact(const std::string& s) {
  std::smatch m;
  const std::regex inet(R"re(sin_port=htons\((\d+)\), )re"
                        R"re(sin_addr=inet_addr\("([^"]*)"\))re");
  const std::regex inet6(R"re(sin6_port=htons\((\d+)\).*)re"
                         R"re(inet_pton\(AF_INET6, "([^"]*)")re");
  const std::regex unix_path(R"re(sun_path=(@?)"([^"]*)")re");
  if (std::regex_search(s, m, inet))
    return m[2].str() + ":" + m[1].str();
  if (std::regex_search(s, m, inet6))
    return "[" + m[2].str() + "]:" + m[1].str();
  if (std::regex_search(s, m, unix_path))
    return m[1].str() + m[2].str();
  if (s.find("{sa_family=AF_UNIX}") != std::string::npos)
    return "(unnamed)";
  if (s.find("{sa_family=AF_NETLINK") != std::string::npos)
    return "family=16";
  return "unparsed: " + s;
}

TEST_F(StraceOracle, connect_sockaddrs) {
  auto addrs = sockaddrs();
  for (std::size_t i = 0; i < addrs.size(); ++i) {
    std::string line = line_with("connect(" + std::to_string(1000 + i));
    ASSERT_FALSE(line.empty()) << "no connect line for case " << i;
    EXPECT_EQ(compact(line), sockaddr(addrs[i])) << line;
  }
}

TEST_F(StraceOracle, injected_errno_returns) {
  for (const ErrnoCase& c : kErrnos) {
    std::string line = line_with(std::string(c.syscall) + "(");
    ASSERT_FALSE(line.empty()) << "no line for " << c.syscall;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(
        line, m, std::regex(R"re(\) += (.*) \(INJECTED\)$)re")))
        << line;
    EXPECT_EQ(m[1].str(), errno_return(c.err)) << line;
  }
}

} // namespace
} // namespace sctrace::decode
