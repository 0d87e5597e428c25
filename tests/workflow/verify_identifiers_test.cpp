// verify's own identifier search (libimaging/workflow/verify_identifiers.h), apart from the
// engine's scrubber: every way the red team typed the patient's identity (2026-12-06, F1, F2, F3,
// F5) is found, and ordinary words and numbers are not.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "verify_identifiers.h"

using imaging::workflow::SourceIdentifierSearch;

namespace {

const SourceIdentifierSearch& quillfeather() {
  static const SourceIdentifierSearch search({"QUILLFEATHER^Ottoline^Marisol", "QUILLFEATHER", "Ottoline",
                                              "Marisol", "MRN-48213377", "19610314", "0161 496 0732",
                                              "ACQZ774102", "MÜLLER^Gretchen", "Smith^John", "Ross"});
  return search;
}

std::string utf16le(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

}  // namespace

TEST(VerifyIdentifierSearch, NamesTypedApartGluedOrWithoutAccents) {
  const auto& s = quillfeather();
  for (const char* text : {"Quill Feather", "quill-feather", "Q U I L L F E A T H E R", "quill_feather",
                           "q.u.i.l.l.f.e.a.t.h.e.r", "QuillfeatherO", "OttolineQuillfeather", "QUILLFEATHERMRN",
                           "http://x/QuillfeatherOttoline", "QuillfeatherOttoline Medical", "Quíllféather",
                           "muller knee", "pt MULLER", "Mu\xCC\x88ller", "SmithJohn", "seeJohn", "knee Ross left",
                           "OTTO LINE"})
    EXPECT_TRUE(s.inText(text)) << text;
}

TEST(VerifyIdentifierSearch, DigitsOfIdsPhonesAndDates) {
  const auto& s = quillfeather();
  for (const char* text : {"ORIGINAL\\PRIMARY\\MRN48213377", "MRN 48213377", "4960732", "tube 01614960732",
                           "1961-03-14", "14.03.1961", "14/03/1961", "3/14/1961", "14031961", "774102",
                           "https://pacs.example/wado?pn=x&id=MRN-48213377"})
    EXPECT_TRUE(s.inText(text)) << text;
  for (const char* number : {"48213377", "4960732", "1614960732", "19610314", "14031961", "1\\19610314.0", "-48213377"})
    EXPECT_TRUE(s.inNumbers(number)) << number;
  for (const char* number : {"0.48213377", "482133770", "3377", "1.5\\-120.25\\512", "12"})
    EXPECT_FALSE(s.inNumbers(number)) << number;
}

// Guards: what the engine leaves in a clean export is not a finding.
TEST(VerifyIdentifierSearch, OrdinaryWordsAreNotFindings) {
  const auto& s = quillfeather();
  for (const char* text : {"Knee cross section", "across", "Smithson", "Johnson", "blacksmith", "JOHNNY",
                           "cr oss", "ro sser", "Feather quill pen", "ORIGINAL\\PRIMARY\\M\\ND", "t2_tse_sag_384",
                           "1.2.840.10008.5.1.4.1.1.4", "[removed] knee", "DICOM", "I0000001"})
    EXPECT_FALSE(s.inText(text)) << text;
}

TEST(VerifyIdentifierSearch, BinaryValuesAsLatin1Utf8AndUtf16) {
  const auto& s = quillfeather();
  EXPECT_TRUE(s.inBinary(std::string("\x01\x02name=M\xDCLLER;\x00\x07", 17)));       // Latin-1
  EXPECT_TRUE(s.inBinary(std::string("\x01\x02QuillfeatherO\x00", 16)));             // glued
  EXPECT_TRUE(s.inBinary(std::string("\x03") + utf16le("Quill Feather") + "\x00"));  // UTF-16LE, odd offset
  EXPECT_TRUE(s.inBinary(utf16le("id MRN48213377")));
  EXPECT_FALSE(s.inBinary(std::string("\x01\x02\x03\x04 knee \xFF\xFE", 12)));
  EXPECT_FALSE(s.inBinary(utf16le("Knee cross section")));
  // A value longer than one reading window, the name across the window's edge.
  std::string big(70000, '\x01');
  big.replace(65530, 12, "QUILLFEATHER");
  EXPECT_TRUE(s.inBinary(big));
}

TEST(VerifyIdentifierSearch, NoIdentifiersFindNothing) {
  const SourceIdentifierSearch none(std::vector<std::string>{});
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.inText("QUILLFEATHER"));
  EXPECT_FALSE(none.inNumbers("48213377"));
  EXPECT_FALSE(none.inBinary("QUILLFEATHER"));
}

// Red team C (C3): the name cut short by a short field, found as the scrubber finds it.
TEST(VerifyIdentifierSearch, NamesCutShort) {
  const SourceIdentifierSearch s({"PENDLEWORTH^Araminta", "PENDLEWORTH", "Araminta", "CHESTNUT", "BRIGHTON"});
  for (const char* text : {"PENDLEWORT", "Pendlewo", "ARAMIN", "PENDLEW_A", "PENDLEW", "99ARAM", "ARAM2", "v2 Pendlew",
                           "CHESTN", "BRIGHT"})
    EXPECT_TRUE(s.inText(text)) << text;
  EXPECT_TRUE(s.inBinary(std::string("\x01\x02PENDLEW\x00", 10)));
  // Guards: what the scrubber leaves is not a finding.
  for (const char* text : {"Pendle Hill", "PEND", "ARAM", "Aram knee", "Pendlewood", "ARAMINTO", "99PEND", "99ARA",
                           "CT CHEST", "bright signal", "99[removed]", "[removed]_A"})
    EXPECT_FALSE(s.inText(text)) << text;
}

// Red team C (C4): the postal code of the patient's address (harvested in both spacings) with or
// without its space.
TEST(VerifyIdentifierSearch, PostalCodesWithOrWithoutTheirSpace) {
  const SourceIdentifierSearch s({"7811 KP", "7811KP", "K7L 3N6", "K7L3N6", "K7L", "3N6"});
  for (const char* text : {"adres 7811 KP", "postcode 7811KP", "7811-KP", "postal K7L 3N6", "code K7L3N6", "k7l3n6",
                           "from K7L"})
    EXPECT_TRUE(s.inText(text)) << text;
  for (const char* text : {"7811 slices", "KP 12", "K7 L3", "B3N6X"}) EXPECT_FALSE(s.inText(text)) << text;
}
