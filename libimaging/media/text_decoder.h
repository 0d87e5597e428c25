#pragma once
// Decodes attribute text from a file's Specific Character Set to UTF-8. When a conversion is
// not possible the text is kept with every non-ASCII byte replaced by '?', so output stays
// valid UTF-8 and the file is not lost.
#include <memory>
#include <string>

class DcmSpecificCharacterSet;

namespace imaging::media {

class TextDecoder {
 public:
  // specific_character_set: the raw (0008,0005) value, backslash-separated; empty means ASCII.
  explicit TextDecoder(const std::string& specific_character_set);
  ~TextDecoder();
  TextDecoder(const TextDecoder&) = delete;
  TextDecoder& operator=(const TextDecoder&) = delete;

  // delimiters: characters that reset ISO 2022 code extensions (PN: "\\^=", others "\\").
  std::string decode(const std::string& raw, const char* delimiters = "\\");
  // False once any conversion fell back to '?' replacement.
  bool allConverted() const noexcept { return all_converted_; }

 private:
  std::unique_ptr<DcmSpecificCharacterSet> converter_;  // null: ASCII/UTF-8 passthrough or fallback
  bool is_utf8_ = false;
  bool iso2022_jp_ = false;  // fallback converter for Japanese kanji (see .cpp)
  bool japanese_ = false;    // ISO 2022 with half-width katakana or JIS X 0212: the bridge decodes it
  std::string charset_;
  bool all_converted_ = true;
};

// Keeps ASCII and well-formed UTF-8; replaces every other byte with '?'.
std::string sanitiseUtf8(const std::string& text);
// Replaces every non-ASCII byte (and ESC) with '?'.
std::string asciiOnly(const std::string& text);

}  // namespace imaging::media
