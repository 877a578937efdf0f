#include "modes/syscalls/slow_text.h"

#include <cstdio>

#include "decode/errno_names.h"
#include "modes/syscalls/fd_paths.h"
#include "output/escape.h"
#include "util/strings.h"

namespace sctrace::syscalls {

namespace {

std::string ms_text(std::uint64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fms", static_cast<double>(ns) / 1e6);
  return buf;
}

class SlowTextWriter final : public SyscallWriter {
public:
  explicit SlowTextWriter(std::ostream& out) : SyscallWriter(out) {}
  void event(const SyscallEvent& e) override {
    buf_ = "SLOW SYSCALL: " + e.syscall + "() ";
    switch (e.unfinished) {
    case Unfinished::RunningAtStop:
      buf_ += "still running after ";
      break;
    case Unfinished::NeverReturned:
      buf_ += "never returned, after ";
      break;
    default:
      buf_ += "took ";
    }
    buf_ += ms_text(e.duration_ns.value_or(0));
    if (e.return_value) {
      buf_ += " = ";
      if (e.error)
        buf_ += "-1 " + std::string(decode::errno_name(e.error));
      else
        util::append_int(buf_, *e.return_value);
    }
    buf_ += "\n  PID: ";
    util::append_int(buf_, e.pid);
    buf_ += "  COMM: ";
    output::append_c_escaped(buf_, e.comm);
    buf_ += "  TID: ";
    util::append_int(buf_, e.tid);
    buf_ += '\n';
    for (const auto& [name, what] : e.fd_paths) {
      buf_ += "  " + name + '=';
      for (const auto& a : e.args)
        if (a.name == name)
          util::append_int(buf_, a.number);
      buf_ += " (";
      output::append_c_escaped(buf_, what);
      buf_ += ")\n";
    }
    std::string args;
    for (const auto& a : e.args) {
      if (is_fd_argument(a.name) && !e.fd_paths.empty())
        continue; // shown above with what it refers to
      if (!args.empty())
        args += ", ";
      args += a.name + '=';
      std::string one;
      append_arg_text(one, a);
      args += one;
    }
    if (!args.empty())
      buf_ += "  Args: " + args + '\n';
    if (!e.user_stack.empty()) {
      buf_ += "  Stack: ";
      for (std::size_t i = 0; i < e.user_stack.size(); ++i) {
        if (i)
          buf_ += " <- ";
        output::append_c_escaped(buf_, util::trim(e.user_stack[i]));
      }
      buf_ += '\n';
    }
    out_ << buf_;
  }
  void finish(const SyscallSummary& s) override {
    buf_ = "\n" + std::to_string(s.total_events) +
           (s.total_events == 1 ? " slow call" : " slow calls");
    if (s.slow) {
      buf_ += "; " + std::to_string(s.slow->fast_calls) +
              " calls under their threshold";
      std::string top;
      for (std::size_t i = 0; i < s.slow->fast_by_syscall.size() && i < 5; ++i)
        top += (i ? ", " : " (") + s.slow->fast_by_syscall[i].first + " " +
               std::to_string(s.slow->fast_by_syscall[i].second);
      if (!top.empty())
        buf_ += top + (s.slow->fast_by_syscall.size() > 5 ? ", ...)" : ")");
    }
    buf_ += '\n';
    out_ << buf_;
    out_.flush();
  }
};

} // namespace

std::unique_ptr<SyscallWriter> make_slow_text_writer(std::ostream& out) {
  return std::make_unique<SlowTextWriter>(out);
}

} // namespace sctrace::syscalls
