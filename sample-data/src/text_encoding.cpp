#include "text_encoding.h"

#include <stdexcept>
#include <vector>

namespace imaging::sample {

namespace {

std::vector<char32_t> decodeUtf8(const std::string& text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    int extra = lead < 0x80 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
    char32_t cp = extra == 0 ? lead : extra == 1 ? (lead & 0x1F) : extra == 2 ? (lead & 0x0F) : (lead & 0x07);
    if (i + static_cast<std::size_t>(extra) >= text.size() && extra > 0)
      throw std::runtime_error("invalid UTF-8 in fixture text");
    for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    out.push_back(cp);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

// ISO 8859-5 maps most of the Cyrillic block U+0401..U+045F onto 0xA1..0xFF in order.
char toIso8859_5(char32_t cp) {
  if (cp < 0x80) return static_cast<char>(cp);
  if (cp == 0x2116) return static_cast<char>(0xF0);  // numero sign
  if (cp == 0x00A7) return static_cast<char>(0xFD);  // section sign
  if (cp >= 0x0401 && cp <= 0x045F && cp != 0x040D && cp != 0x0450 && cp != 0x045D)
    return static_cast<char>(cp - 0x0401 + 0xA1);
  throw std::runtime_error("fixture text not representable in ISO_IR 144");
}

}  // namespace

std::string encodeText(const std::string& charset, const std::string& utf8) {
  if (charset == "ISO_IR 192") return utf8;
  std::string out;
  for (char32_t cp : decodeUtf8(utf8)) {
    if (charset.empty()) {
      if (cp >= 0x80) throw std::runtime_error("fixture text not ASCII but no character set declared");
      out.push_back(static_cast<char>(cp));
    } else if (charset == "ISO_IR 100") {
      if (cp >= 0x100) throw std::runtime_error("fixture text not representable in ISO_IR 100");
      out.push_back(static_cast<char>(cp));
    } else if (charset == "ISO_IR 144") {
      out.push_back(toIso8859_5(cp));
    } else {
      throw std::runtime_error("unsupported fixture character set " + charset);
    }
  }
  return out;
}

}  // namespace imaging::sample
