#include "charset_encode.h"

#include <iconv.h>

#include <algorithm>
#include <map>

namespace imaging::workflow {
namespace {

const char* iconvName(std::string term) {
  // Drop surrounding spaces; "ISO 2022 IR 100" and "ISO_IR 100" name the same repertoire.
  term.erase(0, term.find_first_not_of(' '));
  term.erase(term.find_last_not_of(' ') + 1);
  static const std::map<std::string, const char*> names = {
      {"ISO_IR 100", "ISO-8859-1"}, {"ISO 2022 IR 100", "ISO-8859-1"}, {"ISO_IR 101", "ISO-8859-2"},
      {"ISO 2022 IR 101", "ISO-8859-2"}, {"ISO_IR 109", "ISO-8859-3"}, {"ISO 2022 IR 109", "ISO-8859-3"},
      {"ISO_IR 110", "ISO-8859-4"}, {"ISO 2022 IR 110", "ISO-8859-4"}, {"ISO_IR 144", "ISO-8859-5"},
      {"ISO 2022 IR 144", "ISO-8859-5"}, {"ISO_IR 127", "ISO-8859-6"}, {"ISO 2022 IR 127", "ISO-8859-6"},
      {"ISO_IR 126", "ISO-8859-7"}, {"ISO 2022 IR 126", "ISO-8859-7"}, {"ISO_IR 138", "ISO-8859-8"},
      {"ISO 2022 IR 138", "ISO-8859-8"}, {"ISO_IR 148", "ISO-8859-9"}, {"ISO 2022 IR 148", "ISO-8859-9"},
      {"ISO_IR 203", "ISO-8859-15"}, {"ISO 2022 IR 203", "ISO-8859-15"}, {"ISO_IR 166", "TIS-620"},
      {"ISO 2022 IR 166", "TIS-620"}, {"ISO_IR 13", "SHIFT_JIS"}, {"ISO 2022 IR 13", "SHIFT_JIS"},
      {"ISO 2022 IR 87", "ISO-2022-JP"}, {"ISO 2022 IR 159", "ISO-2022-JP-2"}, {"ISO 2022 IR 149", "EUC-KR"},
      {"ISO 2022 IR 58", "EUC-CN"}, {"GB18030", "GB18030"}, {"GBK", "GBK"}};
  const auto it = names.find(term);
  return it == names.end() ? nullptr : it->second;
}

bool convert(const std::string& utf8, const char* to, std::string& out) {
  iconv_t cd = iconv_open(to, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::string input = utf8;
  out.assign(input.size() * 4 + 16, '\0');
  char* in_ptr = input.data();
  size_t in_left = input.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  const size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv(cd, nullptr, nullptr, &out_ptr, &out_left);  // flush shift state
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) return false;
  out.resize(out.size() - out_left);
  return true;
}

std::string stripEscapes(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\x1b') { out += s[i]; continue; }
    // ESC, intermediate bytes 0x20-0x2F, then one final byte.
    ++i;
    while (i < s.size() && s[i] >= 0x20 && s[i] <= 0x2F) ++i;
  }
  return out;
}

}  // namespace

std::vector<std::string> sourceEncodings(const std::string& utf8, const std::string& charset) {
  std::vector<std::string> result;
  std::size_t start = 0;
  while (start <= charset.size()) {
    const std::size_t end = std::min(charset.find('\\', start), charset.size());
    const char* name = iconvName(charset.substr(start, end - start));
    std::string encoded;
    if (name != nullptr && convert(utf8, name, encoded)) {
      encoded = stripEscapes(encoded);
      if (!encoded.empty() && encoded != utf8 && std::find(result.begin(), result.end(), encoded) == result.end())
        result.push_back(encoded);
    }
    start = end + 1;
  }
  return result;
}

}  // namespace imaging::workflow
