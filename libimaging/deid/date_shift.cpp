#include "imaging/deid/date_shift.h"

#include <cstddef>

namespace imaging::deid {
namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's civil algorithm).
long daysFromCivil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

void civilFromDays(long z, long& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool isLeap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned daysInMonth(long y, unsigned m) {
  static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

// The number the decimal digits at [at, at + n) of s spell.
unsigned digitsValue(const std::string& s, std::size_t at, std::size_t n) {
  unsigned v = 0;
  for (std::size_t i = at; i < at + n; ++i) v = v * 10 + static_cast<unsigned>(s[i] - '0');
  return v;
}

// Writes v as n decimal digits at [at, at + n) of out.
void putDigits(std::string& out, std::size_t at, unsigned v, std::size_t n) {
  for (std::size_t i = n; i-- > 0; v /= 10) out[at + i] = static_cast<char>('0' + v % 10);
}

// Digits parsed and written by hand: about 25 dates a file, and a library parse and print of each
// cost some 2 700 instructions.
std::optional<std::string> shiftOneDate(const std::string& value, int days) {
  std::string digits;
  digits.reserve(8);
  for (char c : value) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c != '.' && c != ' ') return std::nullopt;
  }
  if (digits.size() != 8) return std::nullopt;
  const long y = static_cast<long>(digitsValue(digits, 0, 4));
  const unsigned m = digitsValue(digits, 4, 2);
  const unsigned d = digitsValue(digits, 6, 2);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return std::nullopt;
  long ny = 0;
  unsigned nm = 0, nd = 0;
  civilFromDays(daysFromCivil(y, m, d) + days, ny, nm, nd);
  if (ny < 1 || ny > 9999) return std::nullopt;
  std::string out(8, '0');
  putDigits(out, 0, static_cast<unsigned>(ny), 4);
  putDigits(out, 4, nm, 2);
  putDigits(out, 6, nd, 2);
  return out;
}

template <typename F>
std::optional<std::string> eachValue(const std::string& text, F&& shiftOne) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find('\\', start);
    std::string value = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    while (!value.empty() && value.back() == ' ') value.pop_back();
    if (!value.empty()) {
      const auto shifted = shiftOne(value);
      if (!shifted) return std::nullopt;
      out += *shifted;
    }
    if (end == std::string::npos) break;
    out += '\\';
    start = end + 1;
  }
  return out;
}

}  // namespace

std::optional<std::string> shiftDate(const std::string& da, int days) {
  return eachValue(da, [days](const std::string& v) { return shiftOneDate(v, days); });
}

std::optional<std::string> shiftDateTime(const std::string& dt, int days) {
  return eachValue(dt, [days](const std::string& v) -> std::optional<std::string> {
    if (v.size() < 8) return std::nullopt;
    const auto date = shiftOneDate(v.substr(0, 8), days);
    if (!date) return std::nullopt;
    return *date + v.substr(8);
  });
}

}  // namespace imaging::deid
