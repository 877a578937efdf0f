// A libFuzzer custom mutator for the targets that read expressions
// (spec_parser, json_request): besides libFuzzer's own small mutations it
// splices long runs of one expression fragment into the input, so inputs
// near and past spec::max_expression_nodes and the nesting limit (long
// operator chains, deep parentheses, long unary and cast prefixes) are
// explored, not only short random ones. Byte-level mutations alone almost
// never grow an input by thousands of well-formed operators.
//
// Only fuzz builds (SCTRACE_LIBFUZZER) define the mutator; replay builds
// run the same LLVMFuzzerTestOneInput over the committed corpus, which has
// long seeds of its own (make_corpus.py).
#pragma once

#ifdef SCTRACE_LIBFUZZER

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size,
                                        std::size_t max_size);

namespace sctrace::fuzz {

// Fragments that repeat into valid (or nearly valid) expressions. None has
// a '"', so a run spliced into a JSON string keeps the JSON valid.
inline constexpr const char* kRepeatedFragments[] = {
    "+arg1",      " || arg2 == 3",
    "*2",         " && retval",
    "-1",         "<<1",
    "|arg3",      "^0x10",
    "&arg1",      " != 0",
    " < 5",       "%7",
    "(",          ")",
    "(arg1+",     ")*2",
    "!",          "-",
    "~",          "(u8)",
    "(int)",      "(unsigned long)",
    "+$pid",      "+args->count",
    "+arg1@user",
};

// Inserts `fragment` repeated n times at pos; n is log-uniform up to 8192
// so both a few and many thousand repetitions are common.
inline std::size_t splice_long_run(std::uint8_t* data, std::size_t size,
                                   std::size_t max_size, unsigned seed) {
  std::minstd_rand rng(seed);
  constexpr std::size_t count = std::size(kRepeatedFragments);
  std::string fragment = kRepeatedFragments[rng() % count];
  std::size_t n = std::size_t(1) << (rng() % 14);
  n += rng() % n;
  std::size_t pos = size == 0 ? 0 : rng() % (size + 1);
  std::string out(reinterpret_cast<const char*>(data), pos);
  for (std::size_t i = 0; i < n && out.size() < max_size; ++i)
    out += fragment;
  out.append(reinterpret_cast<const char*>(data) + pos, size - pos);
  if (out.size() > max_size)
    out.resize(max_size);
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

} // namespace sctrace::fuzz

// A quarter of the mutations splice a long run; the rest are libFuzzer's.
extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data,
                                               std::size_t size,
                                               std::size_t max_size,
                                               unsigned int seed) {
  if (seed % 4 != 0)
    return LLVMFuzzerMutate(data, size, max_size);
  return sctrace::fuzz::splice_long_run(data, size, max_size, seed / 4);
}

#endif // SCTRACE_LIBFUZZER
