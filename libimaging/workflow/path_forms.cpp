#include "path_forms.h"

#include <algorithm>
#include <array>

namespace imaging::workflow {
namespace {

bool isAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

constexpr std::size_t kMeaningful = 4;   // shorter squashed identifiers match by chance
constexpr std::size_t kPrefix = 6;       // a Windows short name keeps 6 characters
constexpr std::size_t kDigitsAlone = 5;
constexpr std::size_t kDateForm = 5;
constexpr std::size_t kPhoneDigits = 9, kSubscriberDigits = 7;     // "14361" (14.3.61) is the shortest date form kept

bool isEightDigitDate(const std::string& s) {
  return s.size() == 8 && std::all_of(s.begin(), s.end(), isDigit);
}

void addDateForms(const std::string& ymd, std::vector<std::string>& forms) {
  static const std::array<const char*, 12> kMonths = {"JANUARY", "FEBRUARY", "MARCH",     "APRIL",   "MAY",      "JUNE",
                                                      "JULY",    "AUGUST",   "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"};
  const int month = std::stoi(ymd.substr(4, 2));
  if (month < 1 || month > 12) return;
  const std::string years[] = {ymd.substr(0, 4), ymd.substr(2, 2)};
  const std::string day2 = ymd.substr(6, 2), month2 = ymd.substr(4, 2);
  std::vector<std::string> days{day2}, months{month2, std::string(kMonths[month - 1]),
                                               std::string(kMonths[month - 1]).substr(0, 3)};
  if (day2[0] == '0') days.push_back(day2.substr(1));
  if (month2[0] == '0') months.push_back(month2.substr(1));
  for (const std::string& y : years)
    for (const std::string& m : months)
      for (const std::string& d : days)
        for (const std::string& form : {y + m + d, d + m + y, m + d + y})
          if (form.size() >= kDateForm) forms.push_back(form);
}

}  // namespace

std::string squash(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text)
    if (isAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80) out += upper(c);
  return out;
}

std::vector<std::string> squashedPathForms(const std::string& identifier) {
  const std::string s = squash(identifier);
  if (s.size() < kMeaningful) return {};
  std::vector<std::string> forms{s};
  if (s.size() > kPrefix) forms.push_back(s.substr(0, kPrefix));
  std::string digits;
  std::copy_if(s.begin(), s.end(), std::back_inserter(digits), isDigit);
  if (digits.size() >= kDigitsAlone && digits.size() < s.size()) forms.push_back(digits);
  // A phone number's subscriber part, written without its country and area codes.
  if (digits.size() >= kPhoneDigits) forms.push_back(digits.substr(digits.size() - kSubscriberDigits));
  if (isEightDigitDate(s)) addDateForms(s, forms);
  std::sort(forms.begin(), forms.end());
  forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
  return forms;
}

}  // namespace imaging::workflow
