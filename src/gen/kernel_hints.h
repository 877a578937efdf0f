// Where to go when a kernel function cannot be traced because the kernel
// has no kprobes (CONFIG_KPROBES off): the syscall or tracepoint that sees
// the same thing.
//
// In order, the first that applies:
//  1. a small table of functions whose syscall is not the obvious one,
//     with the reason (do_sys_open -> sys_openat: glibc opens with openat;
//     do_nanosleep -> sys_clock_nanosleep);
//  2. a small table of functions with an obvious tracepoint (__kmalloc ->
//     t:kmem:kmalloc), or a tracepoint of the same name in any category
//     of the catalog (kfree_skb -> t:skb:kfree_skb);
//  3. the syscall the name implies (do_sys_X, ksys_X, __sys_X, do_X), or
//     the closest syscall name.
// Table entries are suggested only when the catalog has the tracepoint.
#pragma once

#include <string>

#include "gen/tracefs.h"

namespace sctrace::gen {

// The text after "cannot trace kernel function 'F': kprobes are not
// available on this kernel (CONFIG_KPROBES is off)", starting with "; ".
std::string kernel_function_hint(const std::string& function,
                                 const KernelCatalog& catalog);

} // namespace sctrace::gen
