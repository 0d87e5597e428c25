#include "imaging/core/letter_fold.h"

namespace imaging {
namespace {

// Base letters of U+00C0..U+017F in order, 16 a row; '*' where the code point has no single base
// letter or is not a letter (Æ × Þ ß æ ÷ þ Ĳ ĳ Ŋ ŋ Œ œ): those only lose their case.
constexpr char kLatinBase[] =
    "aaaaaa*ceeeeiiii"   // C0 À..Ï
    "dnooooo*ouuuuy**"   // D0 Ð..ß
    "aaaaaa*ceeeeiiii"   // E0 à..ï
    "dnooooo*ouuuuy*y"   // F0 ð..ÿ
    "aaaaaaccccccccdd"   // 100 Ā..ď
    "ddeeeeeeeeeegggg"   // 110 Đ..ğ
    "gggghhhhiiiiiiii"   // 120 Ġ..į
    "ii**jjkkklllllll"   // 130 İ..Ŀ
    "lllnnnnnnn**oooo"   // 140 ŀ..ŏ
    "oo**rrrrrrssssss"   // 150 Ő..ş
    "ssttttttuuuuuuuu"   // 160 Š..ů
    "uuuuwwyyyzzzzzzs";  // 170 Ű..ſ
static_assert(sizeof(kLatinBase) == 0x180 - 0xC0 + 1, "one entry per code point");

char32_t caseOnly(char32_t c) {
  switch (c) {
    case 0xC6: case 0xDE: return c + 0x20;       // Æ Þ
    case 0x132: case 0x14A: case 0x152: return c + 1;  // Ĳ Ŋ Œ
    default: return c;
  }
}

}  // namespace

char32_t foldLetter(char32_t c) noexcept {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 0x20 : c;
  if (c >= 0xC0 && c < 0x180) {
    const char base = kLatinBase[c - 0xC0];
    return base == '*' ? caseOnly(c) : static_cast<char32_t>(base);
  }
  if (c >= 0x218 && c <= 0x21B) return c < 0x21A ? U's' : U't';  // Ș ș Ț ț (Romanian)
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;     // Greek capitals
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;                   // Cyrillic capitals
  if (c == 0x401 || c == 0x451) return 0x435;                      // Ё ё -> е
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;                   // Ѐ..Џ
  return c;
}

}  // namespace imaging
