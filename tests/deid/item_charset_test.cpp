// A Specific Character Set (0008,0005) declared inside a sequence item applies to that item and to
// the items nested in it (PS3.3 C.12.1.1.2): its text must be decoded with it, harvested, scrubbed
// and written out under one consistent declaration.
#include <gtest/gtest.h>

#include <algorithm>

#include <dcmtk/dcmdata/dcostrmb.h>

#include "fixtures.h"
#include "imaging_bridge/dcmtk.h"

using namespace deidtest;
using imaging::InstanceOutcome;
using imaging::Profile;

namespace {

// Cyrillic words, spelled once in ISO 8859-5 (ISO_IR 144) and once in UTF-8 (written out by hand,
// independently of any converter). Literals are split so no hex escape runs into the next byte.
const std::string kSurname8859 = "\xB8\xD2\xD0\xDD\xDE\xD2";                                        // Иванов
const std::string kSurnameUtf8 = "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xBE\xD0\xB2";                // Иванов
const std::string kGiven8859 = "\xB8\xD2\xD0\xDD";                                                  // Иван
const std::string kGivenUtf8 = "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD";                                  // Иван
const std::string kLocalizer8859 = "\xBB\xDE\xDA\xD0\xDB\xD8\xD7\xD0\xE2\xDE\xE0";                   // Локализатор
const std::string kLocalizerUtf8 =
    "\xD0\x9B\xD0\xBE\xD0\xBA\xD0\xB0\xD0\xBB\xD0\xB8\xD0\xB7\xD0\xB0\xD1\x82\xD0\xBE\xD1\x80";    // Локализатор
const std::string kKneeUtf8 = "\xD0\x9A\xD0\xBE\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xBE";                   // Колено

DcmItem* item(DcmItem& parent, const DcmTagKey& seq, int index = 0) {
  DcmItem* result = nullptr;
  parent.findAndGetSequenceItem(seq, result, index);
  return result;
}

DcmItem* appendItem(DcmItem& parent, const DcmTagKey& seq) {
  DcmItem* result = nullptr;
  parent.findOrCreateSequenceItem(seq, result, -2);
  return result;
}

// makeMr() (top level ISO_IR 100) plus:
//  - ReferencedSeriesSequence item: (0008,0005) ISO_IR 144 and a Cyrillic Patient's Name; the
//    depth-3 code item below it declares nothing (inherits ISO_IR 144) and its Code Meaning,
//    kept by the profile, names the patient: "Локализатор Иванов";
//  - AnatomicRegionSequence item: (0008,0005) ISO_IR 192, Code Meaning "Колено Иван" in UTF-8;
//  - a Latin-1 study description at the top level.
std::unique_ptr<DcmFileFormat> makeMixedCharsetMr() {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.putAndInsertString(DCM_StudyDescription, "Kn\xF6" "chel");  // Knöchel
  DcmItem* series = item(ds, DCM_ReferencedSeriesSequence);
  series->putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 144");
  series->putAndInsertString(DCM_PatientName, (kSurname8859 + "^" + kGiven8859).c_str());
  DcmItem* code = item(*item(*series, DCM_ReferencedInstanceSequence), DCM_PurposeOfReferenceCodeSequence);
  code->putAndInsertString(DCM_CodeMeaning, (kLocalizer8859 + " " + kSurname8859).c_str());
  DcmItem* region = appendItem(ds, DCM_AnatomicRegionSequence);
  region->putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
  region->putAndInsertString(DCM_CodeValue, "T-D8300");
  region->putAndInsertString(DCM_CodingSchemeDesignator, "SRT");
  region->putAndInsertString(DCM_CodeMeaning, (kKneeUtf8 + " " + kGivenUtf8).c_str());
  return mr;
}

bool contains(const std::vector<std::string>& values, const std::string& wanted) {
  return std::find(values.begin(), values.end(), wanted) != values.end();
}

// The dataset as written in Little Endian Explicit: what "converts exactly as before" compares.
std::string encode(DcmDataset& ds) {
  std::string buffer(1 << 16, '\0');
  DcmOutputBufferStream out(buffer.data(), buffer.size());
  ds.transferInit();
  const OFCondition written = ds.write(out, EXS_LittleEndianExplicit, EET_ExplicitLength, nullptr);
  ds.transferEnd();
  EXPECT_TRUE(written.good()) << written.text();
  void* data = nullptr;
  offile_off_t length = 0;
  out.flushBuffer(data, length);
  return std::string(static_cast<const char*>(data), static_cast<std::size_t>(length));
}

class ItemCharset : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    input_ = makeMixedCharsetMr().release();
    result_ = new Result(run(*input_, makeConfig(Profile::defaultProfile()), "item_charset"));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete input_;
  }
  static const Result& r() { return *result_; }
  static DcmDataset& ds() { return result_->ds(); }

 private:
  static inline DcmFileFormat* input_ = nullptr;
  static inline Result* result_ = nullptr;
};

}  // namespace

TEST(ItemCharsetConversion, ItemLevelDeclarationsAreFoundAtAnyDepth) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  EXPECT_FALSE(imaging::bridge::hasItemLevelCharacterSet(ds));
  DcmItem* depth3 = item(*item(*item(ds, DCM_ReferencedSeriesSequence), DCM_ReferencedInstanceSequence),
                         DCM_PurposeOfReferenceCodeSequence);
  ASSERT_NE(depth3, nullptr);
  depth3->putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 144");
  EXPECT_TRUE(imaging::bridge::hasItemLevelCharacterSet(ds));
}

TEST(ItemCharsetConversion, EachItemIsDecodedWithItsOwnCharacterSet) {
  auto mr = makeMixedCharsetMr();
  DcmDataset& ds = *mr->getDataset();
  ASSERT_TRUE(imaging::bridge::convertDatasetToUtf8(ds));
  EXPECT_EQ(str(ds, DCM_SpecificCharacterSet), "ISO_IR 192");
  EXPECT_EQ(str(ds, DCM_StudyDescription), "Kn\xC3\xB6" "chel");  // top level: Latin-1 ö
  DcmItem* series = item(ds, DCM_ReferencedSeriesSequence);
  EXPECT_EQ(str(*series, DCM_PatientName), kSurnameUtf8 + "^" + kGivenUtf8);
  DcmItem* code = item(*item(*series, DCM_ReferencedInstanceSequence), DCM_PurposeOfReferenceCodeSequence);
  EXPECT_EQ(str(*code, DCM_CodeMeaning), kLocalizerUtf8 + " " + kSurnameUtf8);  // inherited ISO_IR 144
  DcmItem* region = item(ds, DCM_AnatomicRegionSequence);
  EXPECT_EQ(str(*region, DCM_CodeMeaning), kKneeUtf8 + " " + kGivenUtf8);  // UTF-8 left as it is
  // Every item's text is UTF-8 now: no item may still claim another character set.
  EXPECT_FALSE(imaging::bridge::hasItemLevelCharacterSet(ds));
}

TEST(ItemCharsetConversion, ItemDeclaringTheDatasetsCharsetConvertsLikeDcmtk) {
  // The same Latin-1 text, once with an item that repeats the dataset's ISO_IR 100 (our
  // conversion) and once without (DCMTK's convertToUTF8): the text must come out the same.
  auto with_item_charset = makeMr();
  auto plain = makeMr();
  for (auto* file : {with_item_charset.get(), plain.get()}) {
    DcmItem* code = item(*item(*item(*file->getDataset(), DCM_ReferencedSeriesSequence),
                               DCM_ReferencedInstanceSequence),
                         DCM_PurposeOfReferenceCodeSequence);
    code->putAndInsertString(DCM_CodeMeaning, "R\xF6ntgen M\xFCller\\\xC6sir");
    file->getDataset()->putAndInsertString(DCM_PatientName, "M\xFCller^J\xFCrgen=Mu^Ju");
  }
  item(*with_item_charset->getDataset(), DCM_ReferencedSeriesSequence)
      ->putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
  ASSERT_TRUE(imaging::bridge::convertDatasetToUtf8(*with_item_charset->getDataset()));
  ASSERT_TRUE(plain->getDataset()->convertToUTF8().good());
  EXPECT_EQ(allText(*with_item_charset->getDataset()), allText(*plain->getDataset()));
  EXPECT_NE(allText(*plain->getDataset()).find("R\xC3\xB6ntgen"), std::string::npos);
}

TEST(ItemCharsetConversion, WithoutItemLevelCharsetsTheResultIsDcmtksByteForByte) {
  for (const char* charset : {"ISO_IR 100", "ISO_IR 144", "ISO_IR 192", ""}) {
    auto ours = makeMr();
    auto reference = makeMr();
    for (auto* file : {ours.get(), reference.get()}) {
      DcmDataset& ds = *file->getDataset();
      if (*charset != '\0') ds.putAndInsertString(DCM_SpecificCharacterSet, charset);
      else ds.findAndDeleteElement(DCM_SpecificCharacterSet);
      if (std::string(charset) == "ISO_IR 100") ds.putAndInsertString(DCM_StudyDescription, "Kn\xF6" "chel");
      if (std::string(charset) == "ISO_IR 144") ds.putAndInsertString(DCM_StudyDescription, kSurname8859.c_str());
    }
    ASSERT_TRUE(imaging::bridge::convertDatasetToUtf8(*ours->getDataset())) << charset;
    // What the bridge did before item-level support: nothing for ASCII and UTF-8, else DCMTK.
    const std::string declared = str(*reference->getDataset(), DCM_SpecificCharacterSet);
    if (!declared.empty() && declared != "ISO_IR 192") {
      ASSERT_TRUE(reference->getDataset()->convertToUTF8().good());
    }
    // Compared as a whole (EXPECT_TRUE): on failure the full encodings would flood the log.
    EXPECT_TRUE(encode(*ours->getDataset()) == encode(*reference->getDataset())) << "charset '" << charset << "'";
  }
}

TEST(ItemCharsetConversion, UnconvertibleItemCharsetLeavesTheDatasetUnchanged) {
  // glibc iconv has no ISO 2022 IR 87 (Japanese kanji) for DCMTK: conversion fails as a whole.
  auto mr = makeMixedCharsetMr();
  DcmDataset& ds = *mr->getDataset();
  DcmItem* region = item(ds, DCM_AnatomicRegionSequence);
  region->putAndInsertString(DCM_SpecificCharacterSet, "\\ISO 2022 IR 87");
  region->putAndInsertString(DCM_CodeMeaning, "\x1b$B;3ED\x1b(B");
  const std::string before = encode(ds);
  EXPECT_FALSE(imaging::bridge::convertDatasetToUtf8(ds));
  EXPECT_EQ(encode(ds), before);  // the ISO_IR 144 item before it was not half converted
}

TEST(ItemCharsetDeid, UnconvertibleItemCharsetStillLeavesNoNameBehind) {
  // When the text cannot be checked it is emptied (docs/deidentification.md, character sets).
  auto mr = makeMixedCharsetMr();
  DcmItem* region = item(*mr->getDataset(), DCM_AnatomicRegionSequence);
  region->putAndInsertString(DCM_SpecificCharacterSet, "\\ISO 2022 IR 87");
  region->putAndInsertString(DCM_CodeMeaning, "\x1b$B;3ED\x1b(B");
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "item_charset_unconvertible");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  ASSERT_TRUE(r.file);
  const std::string bytes = fileBytes(r.output);
  for (const std::string& planted : {kSurnameUtf8, kGivenUtf8, kSurname8859, kGiven8859, std::string(";3ED")})
    EXPECT_EQ(bytes.find(planted), std::string::npos);
}

TEST_F(ItemCharset, TheCyrillicNameIsHarvestedAsUtf8) {
  const auto& ids = r().patient.identifiers;
  EXPECT_TRUE(contains(ids, kSurnameUtf8 + "^" + kGivenUtf8));
  EXPECT_TRUE(contains(ids, kSurnameUtf8));
  EXPECT_TRUE(contains(ids, kGivenUtf8));
}

TEST_F(ItemCharset, FreeTextNamingThePatientIsScrubbedAndUncheckableScriptsGo) {
  ASSERT_TRUE(r().file) << r().outcome.reason;
  ASSERT_EQ(r().outcome.status, InstanceOutcome::Status::Kept) << r().outcome.reason;
  DcmItem* series = item(ds(), DCM_ReferencedSeriesSequence);
  ASSERT_NE(series, nullptr);
  DcmItem* code = item(*item(*series, DCM_ReferencedInstanceSequence), DCM_PurposeOfReferenceCodeSequence);
  ASSERT_NE(code, nullptr);
  const std::string meaning = str(*code, DCM_CodeMeaning);
  // Decoded, then cleaned: the word lists cover Latin scripts only, so Cyrillic words cannot be
  // checked and go (docs/deidentification.md, "Free text").
  EXPECT_EQ(meaning.find(kLocalizerUtf8), std::string::npos) << meaning;
  EXPECT_NE(meaning.find("[removed]"), std::string::npos) << meaning;
  EXPECT_EQ(meaning.find(kSurnameUtf8), std::string::npos) << meaning;
  EXPECT_EQ(meaning.find(kGivenUtf8), std::string::npos) << meaning;
  DcmItem* region = item(ds(), DCM_AnatomicRegionSequence);
  ASSERT_NE(region, nullptr);
  const std::string region_meaning = str(*region, DCM_CodeMeaning);
  EXPECT_NE(region_meaning.find("[removed]"), std::string::npos) << region_meaning;
  EXPECT_EQ(region_meaning.find(kGivenUtf8), std::string::npos) << region_meaning;
  EXPECT_EQ(str(*series, DCM_PatientName), r().patient.pseudonym.name);
}

TEST_F(ItemCharset, TheNameIsInTheWrittenBytesInNoEncoding) {
  ASSERT_TRUE(r().file) << r().outcome.reason;
  const std::string bytes = fileBytes(r().output);
  for (const std::string& planted : {kSurnameUtf8, kGivenUtf8, kSurname8859, kGiven8859})
    EXPECT_EQ(bytes.find(planted), std::string::npos);
}

TEST_F(ItemCharset, TheOutputDeclaresOneCharacterSetThatFitsItsText) {
  ASSERT_TRUE(r().file) << r().outcome.reason;
  // Cyrillic and Latin-1 text both remain: only UTF-8 holds them, declared once, at the top.
  EXPECT_EQ(str(ds(), DCM_SpecificCharacterSet), "ISO_IR 192");
  EXPECT_FALSE(imaging::bridge::hasItemLevelCharacterSet(ds()));
  EXPECT_EQ(str(ds(), DCM_StudyDescription), "Kn\xC3\xB6" "chel");
}
