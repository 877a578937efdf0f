// Checks that a format specifier fits the kind of the tracepoint field its
// argument reads, before bpftrace runs.
//
// Contract: check_format_argument() looks only at arguments that are a
// bare argN or args->NAME of a probe whose fields are known (syscalls and
// t:category:event); anything else passes. It refuses, with the
// argument's position, a message naming the field with its type, and what
// to write instead:
//  - %s of an integer field (trace.py would read a string at that
//    number): `argN@user` says the number is a user address and passes;
//  - %d %u %c of a string (char *, char[N], __data_loc char[]): they
//    would print the pointer's low bits, not the text (%x, %K and %U of a
//    char * still print its address, as trace.py users do);
//  - %x %K %U of a char[N] or __data_loc string: it has no address;
//  - any specifier of a non-char array: bpftrace cannot print it.
#pragma once

#include "gen/expr_render.h"
#include "spec/parser.h"
#include "util/result.h"

namespace sctrace::gen {

Result<void> check_format_argument(const spec::Expr& argument,
                                   const spec::FormatSpecifier& specifier,
                                   const RenderContext& ctx);

} // namespace sctrace::gen
