// Reading an SR's content tree into plain types and rendering it as text (the viewer shows it in
// place of an image). The SR is written here with DCMTK.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "dicom_fixtures.h"
#include "imaging/core/error.h"
#include "imaging/media/structured_report.h"

namespace fs = std::filesystem;

namespace {

void putCode(DcmItem& item, const DcmTagKey& sequence, const char* value, const char* scheme, const char* meaning) {
  DcmItem* code = nullptr;
  ASSERT_TRUE(item.findOrCreateSequenceItem(sequence, code, -2).good());
  code->putAndInsertString(DCM_CodeValue, value);
  code->putAndInsertString(DCM_CodingSchemeDesignator, scheme);
  code->putAndInsertString(DCM_CodeMeaning, meaning);
}

DcmItem* addItem(DcmItem& parent, const char* relationship, const char* type, const char* meaning) {
  DcmItem* item = nullptr;
  EXPECT_TRUE(parent.findOrCreateSequenceItem(DCM_ContentSequence, item, -2).good());
  item->putAndInsertString(DCM_RelationshipType, relationship);
  item->putAndInsertString(DCM_ValueType, type);
  putCode(*item, DCM_ConceptNameCodeSequence, "99", "99TEST", meaning);
  return item;
}

// A comprehensive SR in Latin-1: title, observer, a findings heading with text, code and a nested
// measurements heading holding two numbers, a date.
fs::path writeReport(const fs::path& dir) {
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
  ds.putAndInsertString(DCM_SOPClassUID, UID_ComprehensiveSRStorage);
  ds.putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.8.498.77.1");
  ds.putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.8.498.77");
  ds.putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.8.498.77.2");
  ds.putAndInsertString(DCM_Modality, "SR");
  ds.putAndInsertString(DCM_PatientName, "Test^Patient");
  ds.putAndInsertString(DCM_ContentDate, "20240612");
  ds.putAndInsertString(DCM_CompletionFlag, "COMPLETE");
  ds.putAndInsertString(DCM_VerificationFlag, "UNVERIFIED");
  ds.putAndInsertString(DCM_ValueType, "CONTAINER");
  ds.putAndInsertString(DCM_ContinuityOfContent, "SEPARATE");
  putCode(ds, DCM_ConceptNameCodeSequence, "18748-4", "LN", "Diagnostic Imaging Report");
  addItem(ds, "HAS OBS CONTEXT", "PNAME", "Person Observer Name")
      ->putAndInsertString(DCM_PersonName, "M\xfcller^J\xfcrgen^G\xfcnther^Dr");
  DcmItem* findings = addItem(ds, "CONTAINS", "CONTAINER", "Findings");
  findings->putAndInsertString(DCM_ContinuityOfContent, "SEPARATE");
  addItem(*findings, "CONTAINS", "TEXT", "Finding")->putAndInsertString(DCM_TextValue, "Small popliteal cyst.");
  putCode(*addItem(*findings, "CONTAINS", "CODE", "Finding site"), DCM_ConceptCodeSequence, "T-15720", "SRT", "Knee joint");
  DcmItem* measurements = addItem(*findings, "CONTAINS", "CONTAINER", "Measurements");
  DcmItem* depth = addItem(*measurements, "CONTAINS", "NUM", "Effusion depth");
  DcmItem* measured = nullptr;
  depth->findOrCreateSequenceItem(DCM_MeasuredValueSequence, measured, -2);
  measured->putAndInsertString(DCM_NumericValue, "12.5");
  putCode(*measured, DCM_MeasurementUnitsCodeSequence, "mm", "UCUM", "millimeter");
  DcmItem* ratio = addItem(*measurements, "CONTAINS", "NUM", "Ratio");
  ratio->findOrCreateSequenceItem(DCM_MeasuredValueSequence, measured, -2);
  measured->putAndInsertString(DCM_NumericValue, "0.8");
  putCode(*measured, DCM_MeasurementUnitsCodeSequence, "1", "UCUM", "no units");
  addItem(ds, "CONTAINS", "DATE", "Study Date")->putAndInsertString(DCM_Date, "20240611");
  fs::create_directories(dir);
  const fs::path path = dir / "report.dcm";
  EXPECT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
  return path;
}

TEST(StructuredReport, ReadsTheContentTreeWithReadableValues) {
  const auto report = imaging::readStructuredReport(writeReport(fixtures::freshWorkDir()));
  EXPECT_EQ(report.title(), "Diagnostic Imaging Report");
  EXPECT_EQ(report.content_date, "2024-06-12");
  EXPECT_EQ(report.completion, "COMPLETE");
  EXPECT_EQ(report.verification, "UNVERIFIED");
  EXPECT_TRUE(report.charset_converted);
  ASSERT_EQ(report.root.children.size(), 3u);
  const auto& observer = report.root.children[0];
  EXPECT_EQ(observer.value_type, "PNAME");
  EXPECT_EQ(observer.relationship, "HAS OBS CONTEXT");
  EXPECT_EQ(observer.value, "Dr J\xc3\xbcrgen G\xc3\xbcnther M\xc3\xbcller");  // Latin-1 decoded to UTF-8
  const auto& findings = report.root.children[1];
  EXPECT_EQ(findings.concept_name, "Findings");
  EXPECT_TRUE(findings.value.empty());
  ASSERT_EQ(findings.children.size(), 3u);
  EXPECT_EQ(findings.children[0].value, "Small popliteal cyst.");
  EXPECT_EQ(findings.children[1].value, "Knee joint");
  const auto& measurements = findings.children[2];
  ASSERT_EQ(measurements.children.size(), 2u);
  EXPECT_EQ(measurements.children[0].concept_name, "Effusion depth");
  EXPECT_EQ(measurements.children[0].value, "12.5 mm");
  EXPECT_EQ(measurements.children[1].value, "0.8");
  EXPECT_EQ(report.root.children[2].value, "2024-06-11");
}

TEST(StructuredReport, RendersHeadingsAndItemsIndentedByDepth) {
  const auto text = imaging::renderReportText(imaging::readStructuredReport(writeReport(fixtures::freshWorkDir())));
  EXPECT_EQ(text,
            "Diagnostic Imaging Report\n"
            "2024-06-12, complete, unverified\n"
            "Person Observer Name: Dr J\xc3\xbcrgen G\xc3\xbcnther M\xc3\xbcller\n"
            "Findings\n"
            "  Finding: Small popliteal cyst.\n"
            "  Finding site: Knee joint\n"
            "  Measurements\n"
            "    Effusion depth: 12.5 mm\n"
            "    Ratio: 0.8\n"
            "Study Date: 2024-06-11\n");
}

TEST(StructuredReport, RefusesAnImage) {
  const fs::path dir = fixtures::freshWorkDir();
  fixtures::writeInstance(dir / "image.dcm");
  try {
    imaging::readStructuredReport(dir / "image.dcm");
    FAIL() << "an MR image was read as a report";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::Unsupported);
  }
}

TEST(StructuredReport, PersonNamesAsPeopleWriteThem) {
  EXPECT_EQ(imaging::readablePersonName("Doe^Jane"), "Jane Doe");
  EXPECT_EQ(imaging::readablePersonName("Doe-Smith^Jane^Marie^^PhD"), "Jane Marie Doe-Smith PhD");
  EXPECT_EQ(imaging::readablePersonName("=\xe5\xb1\xb1\xe7\x94\xb0^\xe5\xa4\xaa\xe9\x83\x8e"), "\xe5\xa4\xaa\xe9\x83\x8e \xe5\xb1\xb1\xe7\x94\xb0");
  EXPECT_EQ(imaging::readablePersonName("Doe"), "Doe");
  EXPECT_EQ(imaging::readablePersonName(""), "");
}

TEST(StructuredReport, SeriesOfReportsAreRecognised) {
  imaging::Series report;
  report.modality = "SR";
  EXPECT_TRUE(imaging::isStructuredReport(report));
  imaging::Series key_objects;
  key_objects.modality = "KO";
  key_objects.instances.emplace_back();
  key_objects.instances.back().sop_class_uid = "1.2.840.10008.5.1.4.1.1.88.59";
  EXPECT_TRUE(imaging::isStructuredReport(key_objects));
  imaging::Series mr;
  mr.modality = "MR";
  mr.instances.emplace_back();
  mr.instances.back().sop_class_uid = "1.2.840.10008.5.1.4.1.1.4";
  EXPECT_FALSE(imaging::isStructuredReport(mr));
}

}  // namespace

namespace {

// Reports written by other tools (pydicom's test corpus): each reads into a tree with a title and
// items, and renders without empty values.
TEST(StructuredReport, ReadsTheReportsOfThePydicomCorpus) {
  const fs::path corpus = PYDICOM_TEST_FILES;
  int read = 0;
  for (const char* name : {"test-SR.dcm", "reportsi.dcm", "reportsi_with_empty_number_tags.dcm"}) {
    const fs::path file = corpus / name;
    if (!fs::exists(file)) continue;
    const auto report = imaging::readStructuredReport(file);
    ++read;
    EXPECT_FALSE(report.title().empty()) << name;
    EXPECT_FALSE(report.root.children.empty()) << name;
    const std::string text = imaging::renderReportText(report);
    EXPECT_EQ(text.find(": \n"), std::string::npos) << name << "\n" << text;
    EXPECT_EQ(text.find(":  "), std::string::npos) << name << "\n" << text;
    EXPECT_FALSE(std::regex_search(text, std::regex("(^|\n) *\\(\\)\n"))) << name << ": an item without a name or value\n" << text;
    EXPECT_EQ(text.find("\n\n"), std::string::npos) << name << ": an empty line\n" << text;
  }
  ASSERT_GT(read, 0) << "no pydicom SR found under " << corpus;
}

TEST(StructuredReport, LinesOfAMultiLineTextStayUnderTheirItem) {
  imaging::StructuredReport report;
  report.root.concept_name = "Report";
  imaging::ReportItem findings{"CONTAINS", "CONTAINER", "Findings", "", {}};
  findings.children.push_back({"CONTAINS", "TEXT", "Finding", "First line.\r\nSecond line.", {}});
  report.root.children.push_back(findings);
  EXPECT_EQ(imaging::renderReportText(report), "Report\nFindings\n  Finding: First line.\n    Second line.\n");
}

}  // namespace
