// InventoryBuilder: grouping, deterministic order and duplicate detection, without files.
#include <gtest/gtest.h>

#include "imaging/model/inventory_builder.h"

using imaging::InstanceRecord;
using imaging::InventoryBuilder;
using imaging::ProblemKind;

namespace {

InstanceRecord record(const std::string& patient_id, const std::string& study, const std::string& series,
                      int series_number, int instance_number, const std::string& path,
                      const std::string& sop = {}) {
  InstanceRecord r;
  r.patient.id = patient_id;
  r.patient.name = "Name^" + patient_id;
  r.study.study_instance_uid = study;
  r.study.date = study == "st-old" ? "20000101" : "20200101";
  r.series.series_instance_uid = series;
  r.series.number = series_number;
  r.instance.instance_number = instance_number;
  r.instance.path = path;
  r.instance.sop_instance_uid = sop.empty() ? path : sop;
  return r;
}

}  // namespace

TEST(InventoryBuilder, GroupsPatientsStudiesSeries) {
  InventoryBuilder builder;
  builder.add(record("B", "st-new", "se1", 1, 1, "/cd/1"));
  builder.add(record("A", "st-a", "se9", 1, 1, "/cd/2"));
  builder.add(record("B", "st-new", "se1", 1, 2, "/cd/3"));
  builder.add(record("B", "st-old", "se2", 1, 1, "/cd/4"));
  const auto inventory = builder.build("/cd", 10, true);
  EXPECT_EQ(inventory.root, "/cd");
  EXPECT_EQ(inventory.files_scanned, 10u);
  EXPECT_TRUE(inventory.used_dicomdir);
  EXPECT_EQ(inventory.dicom_files, 4u);
  ASSERT_EQ(inventory.patients.size(), 2u);
  EXPECT_EQ(inventory.patients[0].id, "A");  // by name, then ID
  const auto& b = inventory.patients[1];
  ASSERT_EQ(b.studies.size(), 2u);
  EXPECT_EQ(b.studies[0].study_instance_uid, "st-old");  // by date
  EXPECT_EQ(b.studies[1].series.at(0).instances.size(), 2u);
  EXPECT_EQ(inventory.studyCount(), 3u);
  EXPECT_EQ(inventory.seriesCount(), 3u);
  EXPECT_EQ(inventory.instanceCount(), 4u);
}

TEST(InventoryBuilder, SortsSeriesByNumberAndInstancesByNumberThenPath) {
  InventoryBuilder builder;
  builder.add(record("P", "st", "se-b", 10, 1, "/cd/x"));
  builder.add(record("P", "st", "se-a", 2, 3, "/cd/a"));
  builder.add(record("P", "st", "se-a", 2, 1, "/cd/z"));
  builder.add(record("P", "st", "se-a", 2, 1, "/cd/b"));
  const auto inventory = builder.build("/cd", 4, false);
  const auto& series = inventory.patients.at(0).studies.at(0).series;
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].number, 2);  // 2 before 10: numeric, not text order
  ASSERT_EQ(series[0].instances.size(), 3u);
  EXPECT_EQ(series[0].instances[0].path, "/cd/b");
  EXPECT_EQ(series[0].instances[1].path, "/cd/z");
  EXPECT_EQ(series[0].instances[2].instance_number, 3);
}

TEST(InventoryBuilder, SamePatientIdWithDifferentNamesStaysApart) {
  InventoryBuilder builder;
  auto first = record("P", "st", "se", 1, 1, "/cd/1");
  auto second = record("P", "st2", "se2", 1, 1, "/cd/2");
  second.patient.name = "Other^Person";
  builder.add(first);
  builder.add(second);
  EXPECT_EQ(builder.build("/cd", 2, false).patients.size(), 2u);
}

TEST(InventoryBuilder, DuplicateSopInstanceKeepsFirstAndReportsRelativePath) {
  InventoryBuilder builder;
  builder.add(record("P", "st", "se", 1, 1, "/cd/DICOM/a", "1.2.3"));
  builder.add(record("P", "st", "se", 1, 2, "/cd/DICOM/b", "1.2.3"));
  builder.addProblem({"junk.txt", ProblemKind::NotDicom, "not a DICOM file"});
  const auto inventory = builder.build("/cd", 3, false);
  EXPECT_EQ(inventory.dicom_files, 1u);
  EXPECT_EQ(inventory.patients.at(0).studies.at(0).series.at(0).instances.at(0).path, "/cd/DICOM/a");
  ASSERT_EQ(inventory.problems.size(), 2u);
  EXPECT_EQ(inventory.problems[0].path, "DICOM/b");  // sorted by path
  EXPECT_EQ(inventory.problems[0].kind, ProblemKind::DuplicateSopInstance);
  EXPECT_NE(inventory.problems[0].reason.find("DICOM/a"), std::string::npos);
  EXPECT_EQ(inventory.problems[1].kind, ProblemKind::NotDicom);
}

TEST(InventoryBuilder, DuplicateSopInstanceKeepsTheDecodableVariant) {
  InventoryBuilder builder;
  auto a = record("P", "st", "se", 1, 1, "/cd/DICOM/a", "1.2.3");
  a.instance.transfer_syntax_uid = "1.2.840.10008.1.2.4.201";  // first, but cannot be decoded
  auto b = record("P", "st", "se", 1, 1, "/cd/DICOM/b", "1.2.3");
  b.instance.transfer_syntax_uid = "1.2.840.10008.1.2.1";
  auto c = record("P", "st", "se", 1, 1, "/cd/DICOM/c", "1.2.3");
  c.instance.transfer_syntax_uid = "1.2.840.10008.1.2.1";
  builder.add(a);
  builder.add(b);
  builder.add(c);
  builder.setDecodable([](const imaging::Instance& i) { return i.transfer_syntax_uid != "1.2.840.10008.1.2.4.201"; });
  const auto inventory = builder.build("/cd", 3, false);
  ASSERT_EQ(inventory.instanceCount(), 1u);
  EXPECT_EQ(inventory.patients.at(0).studies.at(0).series.at(0).instances.at(0).path, "/cd/DICOM/b");
  ASSERT_EQ(inventory.problems.size(), 2u);
  EXPECT_EQ(inventory.problems[0].path, "DICOM/a");
  EXPECT_NE(inventory.problems[0].reason.find("DICOM/b"), std::string::npos);
  EXPECT_NE(inventory.problems[0].reason.find("can be decoded"), std::string::npos) << inventory.problems[0].reason;
  EXPECT_EQ(inventory.problems[1].path, "DICOM/c");
  EXPECT_NE(inventory.problems[1].reason.find("kept the first"), std::string::npos) << inventory.problems[1].reason;
}

TEST(InventoryBuilder, ProblemPathBaseAppliesToExtractions) {
  InventoryBuilder builder;
  builder.setProblemPathBase("/tmp/extract");
  builder.add(record("P", "st", "se", 1, 1, "/tmp/extract/x", "9"));
  builder.add(record("P", "st", "se", 1, 1, "/tmp/extract/y", "9"));
  const auto inventory = builder.build("/home/u/export.zip", 2, false);
  ASSERT_EQ(inventory.problems.size(), 1u);
  EXPECT_EQ(inventory.problems[0].path, "y");
}

TEST(InventoryBuilder, IsLeftEmptyAfterBuild) {
  InventoryBuilder builder;
  builder.add(record("P", "st", "se", 1, 1, "/cd/1"));
  builder.addProblem({"x", ProblemKind::Unreadable, "cannot read the file"});
  (void)builder.build("/cd", 2, false);
  const auto again = builder.build("/cd", 0, false);
  EXPECT_TRUE(again.patients.empty());
  EXPECT_TRUE(again.problems.empty());
}

TEST(InventoryBuilder, RecordsOfOnePatientShareOneCopyOfTheirFactsAndIdentifyingValues) {
  InventoryBuilder builder;
  for (int i = 1; i <= 50; ++i) {
    InstanceRecord r = record("P", "st", "se", 1, i, "/cd/" + std::to_string(i));
    r.patient.identifying_values.patient = {"Doe", "John", "P"};
    builder.add(std::move(r));
  }
  InstanceRecord other = record("Q", "st2", "se2", 1, 1, "/cd/q");
  other.patient.identifying_values.patient = {"Q", "Roe"};
  builder.add(std::move(other));
  EXPECT_EQ(builder.distinctPatients(), 2u);
  EXPECT_EQ(builder.distinctIdentifyingValues(), 2u);
  const auto inventory = builder.build("/cd", 51, false);
  ASSERT_EQ(inventory.patients.size(), 2u);
  EXPECT_EQ(inventory.patients[0].identifying_values.patient, (std::vector<std::string>{"Doe", "John", "P"}));
  EXPECT_EQ(inventory.patients[0].studies[0].series[0].instances.size(), 50u);
}

TEST(InventoryBuilder, MergesEveryDistinctSetOfIdentifyingValuesOfAPatient) {
  InventoryBuilder builder;
  InstanceRecord first = record("P", "st", "se", 1, 1, "/cd/1");
  first.patient.identifying_values.patient = {"Doe", "P"};
  InstanceRecord second = record("P", "st", "se", 1, 2, "/cd/2");
  second.patient.identifying_values.patient = {"P", "Springfield"};
  second.patient.identifying_values.institution = {"General Hospital"};
  InstanceRecord third = record("P", "st", "se2", 2, 1, "/cd/3");
  third.patient.identifying_values.patient = {"Doe", "P"};
  builder.add(std::move(first));
  builder.add(std::move(second));
  builder.add(std::move(third));
  EXPECT_EQ(builder.distinctIdentifyingValues(), 2u);
  const auto inventory = builder.build("/cd", 3, false);
  ASSERT_EQ(inventory.patients.size(), 1u);
  EXPECT_EQ(inventory.patients[0].identifying_values.patient, (std::vector<std::string>{"Doe", "P", "Springfield"}));
  EXPECT_EQ(inventory.patients[0].identifying_values.institution, (std::vector<std::string>{"General Hospital"}));
}

TEST(InventoryBuilder, PlacedRecordsTakeTheirPositionWhateverTheOrderPlaced) {
  InventoryBuilder builder;
  builder.reserve(3);
  builder.place(2, record("P", "st", "se", 1, 1, "/cd/c", "same"));
  builder.place(0, record("P", "st", "se", 1, 1, "/cd/a", "same"));  // first of the duplicates: kept
  const auto inventory = builder.build("/cd", 3, false);  // position 1 never placed: no record
  ASSERT_EQ(inventory.dicom_files, 1u);
  EXPECT_EQ(inventory.patients[0].studies[0].series[0].instances[0].path, "/cd/a");
  ASSERT_EQ(inventory.problems.size(), 1u);
  EXPECT_EQ(inventory.problems[0].path, "c");
}

TEST(ProblemKind, NamesAreStable) {
  EXPECT_STREQ(imaging::toString(ProblemKind::NotDicom), "not-dicom");
  EXPECT_STREQ(imaging::toString(ProblemKind::Truncated), "truncated");
  EXPECT_STREQ(imaging::toString(ProblemKind::MissingReferencedFile), "missing-referenced-file");
}
