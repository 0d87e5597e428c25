// ISO 2022 Japanese (PS3.5 6.1.2.5.3, PS3.3 C.12.1.1.2) decoded by hand into EUC-JP, which glibc's
// iconv converts to UTF-8: JIS X 0208 (ESC $ B) and JIS X 0212 (ESC $ ( D) in G0 become two (or
// three) EUC-JP bytes, half-width katakana of JIS X 0201 (G1, bytes A1..DF) become 8E xx, and
// ASCII / JIS X 0201 romaji stay single bytes. At every delimiter the designations return to the
// first character set's, as the standard requires.
#include "imaging_bridge/japanese_text.h"
#include "imaging_bridge/dcmtk.h"

#include <iconv.h>

#include <vector>

namespace imaging::bridge {
namespace {

constexpr char kEscape = 0x1B;

enum class G0 { Ascii, Jis0208, Jis0212 };

std::vector<std::string> terms(std::string_view charset) {
  std::vector<std::string> out;
  std::string current;
  for (char c : charset) {
    if (c == '\\') { out.push_back(current); current.clear(); }
    else if (c != ' ' || !current.empty()) current += c;
  }
  out.push_back(current);
  for (auto& t : out)
    while (!t.empty() && t.back() == ' ') t.pop_back();
  return out;
}

std::optional<std::string> eucJpToUtf8(const std::string& euc) {
  iconv_t cd = iconv_open("UTF-8", "EUC-JP");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string in = euc, out(euc.size() * 3 + 4, '\0');
  char* ip = in.data();
  char* op = out.data();
  size_t il = in.size(), ol = out.size();
  const size_t rc = iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) return std::nullopt;
  out.resize(out.size() - ol);
  return out;
}

bool isDelimiter(char c) { return c == '\\' || c == '^' || c == '=' || c == '\r' || c == '\n' || c == '\t' || c == '\f'; }

}  // namespace

bool isJapaneseCharacterSet(std::string_view charset) {
  bool japanese = false;
  for (const std::string& t : terms(charset)) {
    if (t.empty() || t == "ISO 2022 IR 6" || t == "ISO 2022 IR 87") continue;
    if (t == "ISO 2022 IR 13" || t == "ISO 2022 IR 159" || t == "ISO_IR 13") { japanese = true; continue; }
    return false;  // mixed with something else: leave it to DCMTK
  }
  return japanese;
}

std::optional<std::string> decodeJapanese(std::string_view raw, std::string_view charset) {
  const std::vector<std::string> t = terms(charset);
  const bool katakana_first = !t.empty() && (t[0] == "ISO 2022 IR 13" || t[0] == "ISO_IR 13");
  G0 g0 = G0::Ascii;
  bool g1_katakana = katakana_first;
  std::string euc;
  for (std::size_t i = 0; i < raw.size();) {
    const auto b = static_cast<unsigned char>(raw[i]);
    if (b == kEscape) {
      const std::string_view rest = raw.substr(i + 1);
      if (rest.rfind("$B", 0) == 0 || rest.rfind("$@", 0) == 0) { g0 = G0::Jis0208; i += 3; continue; }
      if (rest.rfind("$(D", 0) == 0) { g0 = G0::Jis0212; i += 4; continue; }
      if (rest.rfind("(B", 0) == 0 || rest.rfind("(J", 0) == 0) { g0 = G0::Ascii; i += 3; continue; }
      if (rest.rfind(")I", 0) == 0) { g1_katakana = true; i += 3; continue; }
      return std::nullopt;  // an escape this decoder does not know
    }
    // Designations return to the initial ones at a delimiter. In two-byte mode the same bytes are
    // halves of a kanji: the writer must switch back (ESC ( B) before a real delimiter.
    if (b < 0x80 && (g0 == G0::Ascii || b < 0x21) && isDelimiter(static_cast<char>(b))) {
      g0 = G0::Ascii;
      g1_katakana = katakana_first;
      euc += static_cast<char>(b);
      ++i;
      continue;
    }
    if (b >= 0xA1 && b <= 0xDF && g1_katakana) {
      euc += static_cast<char>(0x8E);
      euc += static_cast<char>(b);
      ++i;
      continue;
    }
    if (b >= 0x80) return std::nullopt;
    if (g0 == G0::Ascii || b < 0x21) {
      euc += static_cast<char>(b);
      ++i;
      continue;
    }
    if (i + 1 >= raw.size()) return std::nullopt;
    const auto b2 = static_cast<unsigned char>(raw[i + 1]);
    if (b2 < 0x21 || b2 > 0x7E) return std::nullopt;
    if (g0 == G0::Jis0212) euc += static_cast<char>(0x8F);
    euc += static_cast<char>(b | 0x80);
    euc += static_cast<char>(b2 | 0x80);
    i += 2;
  }
  return eucJpToUtf8(euc);
}

namespace {

bool collect(DcmItem& item, std::string_view charset, std::vector<std::pair<DcmElement*, std::string>>& out) {
  return forEachValueElement(item, [&](DcmElement& elem) {
    if (!elem.isAffectedBySpecificCharacterSet() || elem.getLength() == 0) return true;
    char* text = nullptr;
    Uint32 length = 0;
    if (elem.getString(text, length).bad() || text == nullptr) return true;
    const auto decoded = decodeJapanese(std::string_view(text, length), charset);
    if (!decoded) return false;
    out.emplace_back(&elem, *decoded);
    return true;
  });
}

}  // namespace

bool convertJapaneseToUtf8(DcmItem& dataset, std::string_view charset) {
  std::vector<std::pair<DcmElement*, std::string>> values;
  if (!collect(dataset, charset, values)) return false;
  for (auto& [elem, text] : values) elem->putString(text.c_str(), static_cast<Uint32>(text.size()));
  dataset.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
  return true;
}

}  // namespace imaging::bridge
