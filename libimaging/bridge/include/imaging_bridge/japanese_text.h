#pragma once
// Japanese text in ISO 2022 (ISO 2022 IR 13, IR 87, IR 159: the usual setting on Japanese CDs,
// half-width katakana included), decoded without DCMTK 3.6.7, whose iconv mapping turns the
// half-width katakana and everything after it into '?'.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <optional>
#include <string>
#include <string_view>

namespace imaging::bridge {

// True when the Specific Character Set value (backslash-separated terms) is one this decoder
// handles and DCMTK does not: Japanese ISO 2022 with IR 13 or IR 159, or ISO_IR 13.
bool isJapaneseCharacterSet(std::string_view specific_character_set);

// One value (or several, '\'-separated) as stored, to UTF-8; nullopt when the bytes are not valid
// in that character set.
std::optional<std::string> decodeJapanese(std::string_view raw, std::string_view specific_character_set);

// Every text element of the item, at every depth, to UTF-8; (0008,0005) becomes ISO_IR 192.
// All or nothing: false (and nothing changed) when any value does not decode.
bool convertJapaneseToUtf8(DcmItem& dataset, std::string_view specific_character_set);

}  // namespace imaging::bridge
