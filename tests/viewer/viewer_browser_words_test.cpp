// The series browser's words and order (issue 14): readable names with birth date, sex and ID;
// de-identified studies marked; newest study first, the opened patient first; ultrasound called
// ultrasound in the share flow. No window.
#include <gtest/gtest.h>

#include "browser_words.h"
#include "share_words.h"

namespace {

imaging::Study study(const std::string& uid, const std::string& date, bool identity_removed, const std::string& path) {
  imaging::Study s;
  s.study_instance_uid = uid;
  s.date = date;
  imaging::Series series;
  imaging::Instance instance;
  instance.path = path;
  instance.patient_identity_removed = identity_removed;
  series.instances.push_back(instance);
  s.series.push_back(series);
  return s;
}

}  // namespace

TEST(ViewerBrowserWords, PatientNameAsPeopleWriteItWithBirthDateSexAndId) {
  imaging::Patient p;
  p.name = "Doe-Smith^Jane^Marie";
  p.birth_date = "19750312";
  p.sex = "F";
  p.id = "PID-7";
  const QString label = patientLabel(p);
  EXPECT_EQ(label.toStdString(), "Jane Marie Doe-Smith \u00b7 born 1975-03-12 \u00b7 F \u00b7 ID PID-7");
  EXPECT_FALSE(label.contains('^'));
  imaging::Patient bare;
  EXPECT_EQ(patientLabel(bare).toStdString(), "(no name)");
}

TEST(ViewerBrowserWords, DeidentifiedStudyIsMarkedWithTheDateNote) {
  imaging::Study removed = study("1", "20240612", true, "a");
  removed.description = "MRI knee";
  EXPECT_TRUE(studyIdentityRemoved(removed));
  const std::string marked = studyLabel(removed).toStdString();
  EXPECT_EQ(marked.rfind("2024-06-12  MRI knee", 0), 0u) << marked;
  EXPECT_NE(marked.find("de-identified"), std::string::npos) << marked;
  EXPECT_NE(marked.find("dates may be shifted"), std::string::npos) << marked;

  imaging::Study mixed = removed;
  mixed.series.push_back(study("1", "20240612", false, "b").series.front());
  EXPECT_FALSE(studyIdentityRemoved(mixed));
  EXPECT_EQ(studyLabel(mixed).toStdString(), "2024-06-12  MRI knee");
}

TEST(ViewerBrowserWords, NewestStudyFirstAndTheOpenedPatientFirst) {
  imaging::Inventory inventory;
  imaging::Patient anna;
  anna.name = "Berg^Anna";
  anna.studies = {study("a1", "20190101", false, "/cd/a1"), study("a2", "", false, "/cd/a2"),
                  study("a3", "20230505", false, "/cd/a3")};
  imaging::Patient jane;
  jane.name = "Doe^Jane";
  jane.studies = {study("j1", "20200101", false, "/cd/j1"), study("j2", "20220101", false, "/cd/j2")};
  inventory.patients = {anna, jane};

  const auto order = browserOrder(inventory);
  ASSERT_EQ(order.size(), 2u);
  EXPECT_EQ(order[0].patient->name, "Berg^Anna");
  ASSERT_EQ(order[0].studies.size(), 3u);
  EXPECT_EQ(order[0].studies[0]->study_instance_uid, "a3");
  EXPECT_EQ(order[0].studies[1]->study_instance_uid, "a1");
  EXPECT_EQ(order[0].studies[2]->study_instance_uid, "a2");  // undated last
  EXPECT_EQ(order[1].studies[0]->study_instance_uid, "j2");

  const auto opened = browserOrder(inventory, "/cd/j1");
  EXPECT_EQ(opened[0].patient->name, "Doe^Jane");
  EXPECT_EQ(opened[1].patient->name, "Berg^Anna");
}

TEST(ViewerBrowserWords, UltrasoundIsCalledUltrasoundNotAScannedPage) {
  imaging::Exclusion us{imaging::OutcomeCode::BurnedInLikely, "ultrasound image: likely burned-in text in the pixels", true};
  const std::string words = plainExclusionReason(us).toStdString();
  EXPECT_NE(words.find("ultrasound"), std::string::npos) << words;
  EXPECT_EQ(words.find("scanned page"), std::string::npos) << words;
  imaging::Exclusion sc{imaging::OutcomeCode::BurnedInLikely, "secondary capture: likely burned-in text in the pixels", false};
  EXPECT_NE(plainExclusionReason(sc).toStdString().find("scanned page"), std::string::npos);
}

TEST(ViewerBrowserWords, SlideLabelsAndRecordingsAreNotCalledScreenCaptures) {
  // A whole-slide label image was called a scanned page or screen capture (red team C, C7).
  imaging::Exclusion slide{imaging::OutcomeCode::BurnedInLikely, "VL whole-slide microscopy image", false,
                           imaging::ExclusionCause::VisibleLight};
  const std::string slide_words = plainExclusionReason(slide).toStdString();
  EXPECT_EQ(slide_words.find("screen capture"), std::string::npos) << slide_words;
  EXPECT_NE(slide_words.find("photograph"), std::string::npos) << slide_words;
  imaging::Exclusion audio{imaging::OutcomeCode::AudioNotCheckable, "basic voice audio", false,
                           imaging::ExclusionCause::Audio};
  EXPECT_NE(plainExclusionReason(audio).toStdString().find("sound recording"), std::string::npos);
}
