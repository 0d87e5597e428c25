#pragma once
// How identifier matching compares letters: one code point at a time, so offsets in the text stay
// one to one with the folded symbols. Used by the engine's scrubber and, separately, by verify's
// own identifier search; kept small and pure so that sharing it shares no decision logic.
#include <cstdint>

namespace imaging {

// Lower case, and Latin letters with diacritics to their base letter (Ü, ü -> u; Í -> i; Ł -> l;
// Ș -> s), so "MÜLLER" and "Muller" fold alike. Letters without a single base letter (Æ, Œ, ß, Þ)
// only lose their case. Greek and Cyrillic capitals become small letters, and Cyrillic ё becomes е.
// Anything else is returned unchanged.
char32_t foldLetter(char32_t c) noexcept;

// Combining diacritical marks (U+0300..U+036F): text in decomposed form (NFD) writes "ü" as "u"
// followed by U+0308; matching skips the mark.
constexpr bool isCombiningMark(char32_t c) noexcept { return c >= 0x300 && c <= 0x36F; }

}  // namespace imaging
