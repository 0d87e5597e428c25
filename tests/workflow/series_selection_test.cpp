// --series selectors: a series number is accepted only when it names one series in scope.
#include <gtest/gtest.h>

#include "imaging/core/error.h"
#include "imaging/workflow/series_selection.h"

namespace {

using imaging::Inventory;
using imaging::SeriesScope;

imaging::Series series(const std::string& uid, int number, const std::string& modality, std::size_t images) {
  imaging::Series s;
  s.series_instance_uid = uid;
  s.number = number;
  s.modality = modality;
  s.instances.resize(images);
  return s;
}

// Like the demo CD: patient 1 (MR, series 1..3, one study), patient 2 (CT, series 1..2), plus a
// second study of patient 2 with a series 7.
Inventory twoPatients() {
  Inventory inventory;
  imaging::Patient a;
  a.name = "Secret^Anna";
  a.id = "PID-111";
  a.studies.resize(1);
  for (int n = 1; n <= 3; ++n) a.studies[0].series.push_back(series("1.2.3.1." + std::to_string(n), n, "MR", 24));
  imaging::Patient b;
  b.name = "Hidden^Bob";
  b.id = "PID-222";
  b.studies.resize(2);
  b.studies[0].series = {series("1.2.3.2.1", 1, "CT", 20), series("1.2.3.2.2", 2, "CT", 16)};
  b.studies[1].series = {series("1.2.3.3.7", 7, "CT", 1)};
  inventory.patients = {a, b};
  return inventory;
}

std::string errorOf(const Inventory& inventory, const std::vector<std::string>& selectors, const SeriesScope& scope = {}) {
  try {
    imaging::resolveSeriesSelectors(inventory, selectors, scope);
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::InvalidArgument);
    return e.oneLine();
  }
  return {};
}

void expectNoIdentity(const std::string& text) {
  for (const char* secret : {"Secret", "Anna", "Hidden", "Bob", "PID-111", "PID-222", "1.2.3."})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in: " << text;
}

}  // namespace

TEST(SeriesSelection, NumberInTwoPatientsIsAmbiguousAndListsCandidatesByPosition) {
  const Inventory inventory = twoPatients();
  const std::string error = errorOf(inventory, {"2", "3"});
  ASSERT_FALSE(error.empty()) << "series number 2 exists in both patients, yet was accepted";
  EXPECT_NE(error.find("patient 1/study 1/series 2 (MR, number 2, 24 images)"), std::string::npos) << error;
  EXPECT_NE(error.find("patient 2/study 1/series 2 (CT, number 2, 16 images)"), std::string::npos) << error;
  expectNoIdentity(error);
}

TEST(SeriesSelection, UnmatchedNumberIsAnErrorEvenWhenAnotherMatches) {
  const Inventory inventory = twoPatients();
  const std::string error = errorOf(inventory, {"3", "9"});
  ASSERT_FALSE(error.empty());
  EXPECT_NE(error.find("--series 9 matches no series"), std::string::npos) << error;
  EXPECT_NE(error.find("patient 2/study 2/series 1 (CT, number 7, 1 image)"), std::string::npos) << error;
  expectNoIdentity(error);
}

TEST(SeriesSelection, UniqueNumbersPositionsAndUidsResolve) {
  const Inventory inventory = twoPatients();
  EXPECT_EQ(imaging::resolveSeriesSelectors(inventory, {"3", "7"}), (std::vector<std::string>{"1.2.3.1.3", "1.2.3.3.7"}));
  EXPECT_EQ(imaging::resolveSeriesSelectors(inventory, {"1/1/2", "2/1/2", "1/1/2"}),
            (std::vector<std::string>{"1.2.3.1.2", "1.2.3.2.2"}));
  EXPECT_EQ(imaging::resolveSeriesSelectors(inventory, {"1.2.3.2.1"}), std::vector<std::string>{"1.2.3.2.1"});
  EXPECT_TRUE(imaging::resolveSeriesSelectors(inventory, {}).empty());
}

TEST(SeriesSelection, PatientAndStudyQualifyNumbers) {
  const Inventory inventory = twoPatients();
  EXPECT_EQ(imaging::resolveSeriesSelectors(inventory, {"2", "3"}, SeriesScope{"1", 0}),
            (std::vector<std::string>{"1.2.3.1.2", "1.2.3.1.3"}));
  EXPECT_EQ(imaging::resolveSeriesSelectors(inventory, {"2"}, SeriesScope{"PID-222", 0}), std::vector<std::string>{"1.2.3.2.2"});
  EXPECT_EQ(imaging::resolveSeriesSelectors(inventory, {"7"}, SeriesScope{"2", 2}), std::vector<std::string>{"1.2.3.3.7"});
  // Study 1 of every patient still holds two series 1.
  EXPECT_FALSE(errorOf(inventory, {"1"}, SeriesScope{"", 1}).empty());
  EXPECT_FALSE(errorOf(inventory, {"2"}, SeriesScope{"3", 0}).empty());
  EXPECT_FALSE(errorOf(inventory, {"2"}, SeriesScope{"2", 3}).empty());
  EXPECT_FALSE(errorOf(inventory, {}, SeriesScope{"1", 0}).empty()) << "--patient without --series";
}

TEST(SeriesSelection, BadPositionsAndUnknownUidsNameNoSourceValue) {
  const Inventory inventory = twoPatients();
  EXPECT_NE(errorOf(inventory, {"3/1/1"}).find("no patient 3"), std::string::npos);
  EXPECT_NE(errorOf(inventory, {"1/2/1"}).find("no study 2"), std::string::npos);
  EXPECT_NE(errorOf(inventory, {"1/1/4"}).find("no series 4"), std::string::npos);
  EXPECT_FALSE(errorOf(inventory, {"1/1"}).empty());
  EXPECT_FALSE(errorOf(inventory, {"knee"}).empty());
  const std::string uid_error = errorOf(inventory, {"1.2.3.9.9"});
  EXPECT_NE(uid_error.find("matches no series"), std::string::npos) << uid_error;
  expectNoIdentity(uid_error);
}
