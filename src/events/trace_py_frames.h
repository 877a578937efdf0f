// Stack frames and symbols as trace.py prints them (BPF.sym / BPF.ksym with
// show_offset and show_module): "name+0xOFF [module]", "[unknown]" for an
// address no symbol covers, " [module]" with the file's base name, and
// nothing for a module that is not known.
//
// bpftrace prints frames as "name+DEC" (decimal offset) or "0xADDR" when
// it resolved no name; these turn them into trace.py's form. A frame that
// is neither (no "+DEC" suffix) keeps its text.
#pragma once

#include <string>
#include <string_view>

namespace sctrace::events {

// "do_sys_openat2+27" -> "do_sys_openat2+0x1b"; "0x7f00" -> "[unknown]".
std::string trace_py_symbol(std::string_view frame);

// trace_py_symbol(frame) + " [" + basename(module) + "]" (nothing added
// when module is empty).
std::string trace_py_frame(std::string_view frame, std::string_view module);

} // namespace sctrace::events
