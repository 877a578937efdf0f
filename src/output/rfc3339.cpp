// RFC 3339 timestamps (rfc3339.h).
#include "output/rfc3339.h"

#include <array>
#include <cstring>

namespace sctrace::output {

namespace {

// "00" "01" ... "99": two digits per division.
constexpr auto kDigitPairs = [] {
  std::array<char, 200> pairs{};
  for (int i = 0; i < 100; ++i) {
    pairs[2 * i] = static_cast<char>('0' + i / 10);
    pairs[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}();

// The last WIDTH (<= 10) decimal digits of V, zero-padded, at OUT.
void write_digits(char* out, unsigned v, int width) {
  int i = width;
  while (i >= 2) {
    i -= 2;
    std::memcpy(out + i, kDigitPairs.data() + 2 * (v % 100), 2);
    v /= 100;
  }
  if (i == 1)
    out[0] = static_cast<char>('0' + v % 10);
}

void append_digits(std::string& out, unsigned v, int width) {
  char buf[10];
  write_digits(buf, v, width);
  out.append(buf, static_cast<std::size_t>(width));
}

// "YYYY-MM-DDTHH:MM:SS." of a second since the epoch: days-to-civil
// (proleptic Gregorian) rather than gmtime_r.
void format_prefix(std::string& p, std::uint64_t secs) {
  const std::int64_t days = static_cast<std::int64_t>(secs / 86400);
  const auto sod = static_cast<unsigned>(secs % 86400);
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const auto year = static_cast<unsigned>(static_cast<std::int64_t>(yoe) +
                                          era * 400 + (month <= 2 ? 1 : 0));
  p.clear();
  append_digits(p, year, 4);
  p.push_back('-');
  append_digits(p, month, 2);
  p.push_back('-');
  append_digits(p, day, 2);
  p.push_back('T');
  append_digits(p, sod / 3600, 2);
  p.push_back(':');
  append_digits(p, sod / 60 % 60, 2);
  p.push_back(':');
  append_digits(p, sod % 60, 2);
  p.push_back('.');
}

} // namespace

// Events arrive in bursts within one second, so the prefix (always
// kPrefixSize bytes: the year is cut to 4 digits) is cached per thread.
char* write_rfc3339(char* out, std::uint64_t ns) {
  constexpr std::size_t kPrefixSize = 20; // YYYY-MM-DDTHH:MM:SS.
  thread_local std::uint64_t cached_secs = UINT64_MAX;
  thread_local std::string cached_prefix;
  const std::uint64_t secs = ns / 1'000'000'000;
  if (secs != cached_secs) {
    format_prefix(cached_prefix, secs);
    cached_secs = secs;
  }
  std::memcpy(out, cached_prefix.data(), kPrefixSize);
  write_digits(out + kPrefixSize, static_cast<unsigned>(ns % 1'000'000'000), 9);
  out[kRfc3339Size - 1] = 'Z';
  return out + kRfc3339Size;
}

void append_rfc3339(std::string& out, std::uint64_t ns) {
  char buf[kRfc3339Size];
  out.append(buf, write_rfc3339(buf, ns));
}

void append_utc_time_us(std::string& out, std::uint64_t ns) {
  std::string full;
  append_rfc3339(full, ns);
  // YYYY-MM-DDThh:mm:ss.fffffffffZ: hh starts at 11; 15 characters to us.
  out.append(full, 11, 15);
}

} // namespace sctrace::output
