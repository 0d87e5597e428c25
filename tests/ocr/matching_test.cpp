// Identifying values against recognised words: name parts, IDs, dates in written forms, OCR
// confusions; orientation letters and scale numbers are usual marks.
#include <gtest/gtest.h>

#include <algorithm>

#include "imaging/ocr/text_detection.h"

namespace {

using imaging::WordKind;

const std::vector<std::string> kTerms = imaging::identifyingTerms({"Brandt-Lowe^Olivia^M", "QX7730152", "19810927"});

bool hasTerm(const std::string& term) { return std::find(kTerms.begin(), kTerms.end(), term) != kTerms.end(); }

TEST(OcrMatching, NamesSplitIntoPartsUpperCasedAndShortPartsDropped) {
  EXPECT_TRUE(hasTerm("BRANDT-LOWE"));
  EXPECT_TRUE(hasTerm("BRANDT"));
  EXPECT_TRUE(hasTerm("LOWE"));
  EXPECT_TRUE(hasTerm("OLIVIA"));
  EXPECT_FALSE(hasTerm("M"));
  EXPECT_TRUE(hasTerm("QX7730152"));
}

TEST(OcrMatching, BirthDateInCommonWrittenForms) {
  for (const char* form : {"19810927", "1981-09-27", "27.09.1981", "27/09/1981", "09/27/1981", "27-SEP-1981", "27SEP1981",
                           "27.09.81"})
    EXPECT_TRUE(hasTerm(form)) << form;
  EXPECT_EQ(imaging::classifyWord("DOB:27.09.1981", kTerms), WordKind::Identifying);
  EXPECT_EQ(imaging::classifyWord("27-Sep-1981", kTerms), WordKind::Identifying);
  // Any date burned into pixels identifies (a birth date, a visit): the free-text shape rules apply.
  EXPECT_EQ(imaging::classifyWord("27.09.1982", kTerms), WordKind::Identifying);
  EXPECT_EQ(imaging::classifyWord("2024-09-02", kTerms), WordKind::Identifying);
}

TEST(OcrMatching, WordsMatchCaseInsensitivelyWithPunctuationAndOcrConfusions) {
  EXPECT_EQ(imaging::classifyWord("brandt,", kTerms), WordKind::Identifying);
  EXPECT_EQ(imaging::classifyWord("Olivia", kTerms), WordKind::Identifying);
  EXPECT_EQ(imaging::classifyWord("ID:QX7730152", kTerms), WordKind::Identifying);
  EXPECT_EQ(imaging::classifyWord("QX773O152", kTerms), WordKind::Identifying);  // letter O for zero
  EXPECT_EQ(imaging::classifyWord("0LIVIA", kTerms), WordKind::Identifying);
  EXPECT_EQ(imaging::classifyWord("BRANOT", kTerms), WordKind::Identifying);     // one misread letter
  EXPECT_EQ(imaging::classifyWord("BRAND", kTerms), WordKind::Identifying);      // one lost letter
  EXPECT_EQ(imaging::classifyWord("BRIDGE", kTerms), WordKind::Other);
  EXPECT_EQ(imaging::classifyWord("KNEE", kTerms), WordKind::Other);
}

TEST(OcrMatching, OrientationLettersAndScaleNumbersAreUsualMarks) {
  for (const char* mark : {"L", "R", "A", "P", "H", "F", "r", "5", "10", "2.5", "12cm", "-30dB", "90%", "7.5MHz"})
    EXPECT_EQ(imaging::classifyWord(mark, kTerms), WordKind::UsualMark) << mark;
  for (const char* other : {"LR", "KNEE", "B"})
    EXPECT_EQ(imaging::classifyWord(other, kTerms), WordKind::Other) << other;
  // Five digits or more in a row is an ID shape, whoever's it is.
  for (const char* id : {"12345", "10.12345", "555-0142"})
    EXPECT_EQ(imaging::classifyWord(id, kTerms), WordKind::Identifying) << id;
}

TEST(OcrMatching, ShortNumbersNeverBecomeIdentifyingTerms) {
  const auto terms = imaging::identifyingTerms({"123", "AB"});
  EXPECT_EQ(terms, std::vector<std::string>{"AB"});
  EXPECT_EQ(imaging::classifyWord("123", terms), WordKind::UsualMark);
  EXPECT_TRUE(imaging::identifyingTerms({}).empty());
}

TEST(OcrMatching, TessdataIsFound) {
  EXPECT_TRUE(std::filesystem::exists(imaging::tessdataDirectory() / "eng.traineddata"));
}

}  // namespace
