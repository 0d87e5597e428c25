#include "text_decoder.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcspchrs.h>
#include <iconv.h>

#include <vector>

#include "imaging_bridge/japanese_text.h"

namespace imaging::media {
namespace {

bool hasNonAscii(const std::string& text) {
  for (unsigned char c : text)
    if (c >= 0x80 || c == 0x1b) return true;  // ESC starts ISO 2022 sequences
  return false;
}

std::string trimmed(const std::string& charset) {
  std::string out = charset;
  while (!out.empty() && (out.back() == ' ' || out.back() == '\0')) out.pop_back();
  std::size_t start = 0;
  while (start < out.size() && out[start] == ' ') ++start;
  return out.substr(start);
}

// Debian's DCMTK (iconv backend) rejects "ISO 2022 IR 87" (Japanese kanji), yet such text is
// plain ISO-2022-JP, which glibc's iconv converts as a whole.
bool convertIso2022Jp(const std::string& raw, std::string& utf8) {
  iconv_t cd = ::iconv_open("UTF-8", "ISO-2022-JP");
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::vector<char> in(raw.begin(), raw.end());
  std::vector<char> out(raw.size() * 4 + 16);
  char* in_ptr = in.data();
  char* out_ptr = out.data();
  std::size_t in_left = in.size();
  std::size_t out_left = out.size();
  const bool ok = ::iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) != static_cast<std::size_t>(-1) &&
                  ::iconv(cd, nullptr, nullptr, &out_ptr, &out_left) != static_cast<std::size_t>(-1);
  ::iconv_close(cd);
  if (ok) utf8.assign(out.data(), static_cast<std::size_t>(out_ptr - out.data()));
  return ok;
}

}  // namespace

std::string asciiOnly(const std::string& text) {
  std::string out = text;
  for (char& c : out)
    if (static_cast<unsigned char>(c) >= 0x80 || c == 0x1b) c = '?';
  return out;
}

std::string sanitiseUtf8(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len != 0 && i + len <= n && !(len == 2 && c < 0xC2);
    for (std::size_t k = 1; ok && k < len; ++k) ok = (p[i + k] & 0xC0) == 0x80;
    if (ok && len == 3) {
      const unsigned cp = ((c & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6);
      ok = cp >= 0x800 && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (ok && len == 4) ok = c <= 0xF4 && !(c == 0xF0 && p[i + 1] < 0x90) && !(c == 0xF4 && p[i + 1] >= 0x90);
    if (ok) {
      out.append(text, i, len);
      i += len;
    } else {
      out += '?';
      ++i;
    }
  }
  return out;
}

TextDecoder::TextDecoder(const std::string& specific_character_set) {
  const std::string charset = trimmed(specific_character_set);
  if (charset.empty() || charset == "ISO_IR 6") return;  // ASCII
  if (charset == "ISO_IR 192") {
    is_utf8_ = true;
    return;
  }
  japanese_ = bridge::isJapaneseCharacterSet(charset);
  if (japanese_) {
    charset_ = charset;
    return;  // DCMTK 3.6.7 "converts" half-width katakana into '?': decoded by the bridge instead
  }
  iso2022_jp_ = charset.find("ISO 2022 IR 87") != std::string::npos &&
                charset.find("ISO 2022 IR 13") == std::string::npos &&
                charset.find("ISO 2022 IR 159") == std::string::npos;
  converter_ = std::make_unique<DcmSpecificCharacterSet>();
  if (converter_->selectCharacterSet(charset.c_str(), "ISO_IR 192").bad()) {
    converter_.reset();  // unknown or unsupported: decode() falls back to '?'
  }
}

TextDecoder::~TextDecoder() = default;

std::string TextDecoder::decode(const std::string& raw, const char* delimiters) {
  if (!hasNonAscii(raw)) return raw;
  if (is_utf8_) return sanitiseUtf8(raw);
  if (japanese_) {
    if (const auto decoded = bridge::decodeJapanese(raw, charset_)) return sanitiseUtf8(*decoded);
    all_converted_ = false;
    return asciiOnly(raw);
  }
  if (converter_) {
    OFString converted;
    if (converter_->convertString(OFString(raw.data(), raw.size()), converted, OFString(delimiters)).good())
      return sanitiseUtf8(std::string(converted.c_str(), converted.length()));
  }
  std::string converted;
  if (iso2022_jp_ && convertIso2022Jp(raw, converted)) return sanitiseUtf8(converted);
  // Undeclared (ASCII claimed) or unconvertible text: keep what is certain.
  all_converted_ = false;
  return asciiOnly(raw);
}

}  // namespace imaging::media
