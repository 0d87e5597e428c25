// The share flow on a disk of two people (the demo CD: Jane's knee MRI, Jürgen's knee CT), run end
// to end under Xvfb with a screenshot of each step: step 1 starts with only the viewed person's
// series ticked, grouped per person; ticking the other person's series asks first and only an
// explicit "yes" adds them; step 2 counts the people of the selection; step 5 gives verify's
// verdict.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "viewer_share_fixture.h"

namespace fs = std::filesystem;
using namespace share_test;

namespace {

struct Disk {
  std::vector<SeriesInfo> series;
  std::vector<int> per_patient;  // series count of each person, browser order
  int first_ct = -1;             // 0-based, the second person's first series
};

Disk disk() {
  const auto scan = scanJson(fixture().cd);
  Disk d{seriesOf(scan), seriesPerPatient(scan), -1};
  for (int i = 0; i < static_cast<int>(d.series.size()); ++i)
    if (d.series[static_cast<std::size_t>(i)].modality == "CT" && d.first_ct < 0) d.first_ct = i;
  return d;
}

// Every step's screenshot shows a page: big enough, with many grey levels.
void expectPages(const fs::path& dir, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    const PageLook look = lookOf(dir / name);
    EXPECT_GT(look.width, 400) << name;
    EXPECT_GT(look.height, 300) << name;
    EXPECT_GT(look.spread, 10.0) << name;
    EXPECT_GT(look.levels, 20u) << name;
  }
}

}  // namespace

TEST(ViewerSharePeople, StartsWithOnlyTheViewedPersonsSeriesAndExportsOnlyThem) {
  ASSERT_TRUE(fixture().made);
  const Disk d = disk();
  ASSERT_EQ(d.per_patient.size(), 2u);
  ASSERT_GE(d.first_ct, 0);
  const fs::path out = outPath("out-viewed-person");
  const fs::path shots = outPath("shots-viewed-person");
  // Jürgen's CT is on screen; the share flow runs with the ticks it starts with.
  const ProgramRun run = share(out.string(), "--series " + std::to_string(d.first_ct + 1) + " --share-screenshots '" + shots.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;

  // Step 1: one group per person, each with that person's series; only the viewed one's ticked.
  EXPECT_EQ(numberAfter(run.output, "share-groups "), 2) << run.output;
  EXPECT_EQ(numberAfter(run.output, "share-group 1 series "), d.per_patient[0]) << run.output;
  EXPECT_EQ(numberAfter(run.output, "share-group 2 series "), d.per_patient[1]) << run.output;
  EXPECT_NE(run.output.find("share-group 2 series " + std::to_string(d.per_patient[1]) + " viewed"), std::string::npos) << run.output;
  EXPECT_EQ(numberAfter(run.output, "share-start-ticked "), d.per_patient[1]) << run.output;
  EXPECT_NE(run.output.find("share-ticked " + std::to_string(d.per_patient[1]) + " people 1"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("share-asked-person"), std::string::npos) << run.output;

  // The copy holds the CT series only; verify's verdict is "Clean".
  const auto exported = seriesOf(scanJson(out));
  EXPECT_EQ(std::multiset<SeriesInfo>(exported.begin(), exported.end()),
            std::multiset<SeriesInfo>(d.series.begin() + d.first_ct, d.series.end()));
  EXPECT_NE(run.output.find("share-verify clean"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("share-verdict Clean\n"), std::string::npos) << run.output;
  EXPECT_TRUE(plantedFoundIn(allBytes(out)).empty());
  expectPages(shots, {"share-step1.png", "share-step2.png", "share-step3.png", "share-step4.png", "share-step5.png"});
}

TEST(ViewerSharePeople, AnotherPersonsSeriesIsAddedOnlyAfterAYes) {
  ASSERT_TRUE(fixture().made);
  const Disk d = disk();
  ASSERT_GE(d.first_ct, 1);
  const std::string ct = std::to_string(d.first_ct + 1);
  const fs::path out = outPath("out-two-people");
  const fs::path shots = outPath("shots-two-people");
  const ProgramRun run = share(out.string(), "--series " + ct + " --share-series " + ct + ",1 --share-add-person yes --share-screenshots '" +
                                                 shots.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("share-asked-person 1 answer yes"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("share-ticked 2 people 2"), std::string::npos) << run.output;
  // Step 2 speaks of the two people of the selection.
  EXPECT_NE(run.output.find("share-recipient-note The ticked images belong to 2 people"), std::string::npos) << run.output;
  const auto exported = seriesOf(scanJson(out));
  const std::multiset<SeriesInfo> expected{d.series[0], d.series[static_cast<std::size_t>(d.first_ct)]};
  EXPECT_EQ(std::multiset<SeriesInfo>(exported.begin(), exported.end()), expected);
  EXPECT_NE(run.output.find("share-verdict Clean\n"), std::string::npos) << run.output;
  EXPECT_TRUE(plantedFoundIn(allBytes(out)).empty());
  expectPages(shots, {"share-step1-start.png", "share-step1-question.png", "share-step1.png", "share-step2.png",
                      "share-step3.png", "share-step5.png"});
}

TEST(ViewerSharePeople, WithoutAYesTheOtherPersonStaysOut) {
  ASSERT_TRUE(fixture().made);
  const Disk d = disk();
  ASSERT_GE(d.first_ct, 1);
  const std::string ct = std::to_string(d.first_ct + 1);
  const fs::path out = outPath("out-no-second-person");
  const ProgramRun run = share(out.string(), "--series " + ct + " --share-series " + ct + ",1");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("share-asked-person 1 answer no"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("share-ticked 1 people 1"), std::string::npos) << run.output;
  const auto exported = seriesOf(scanJson(out));
  ASSERT_EQ(exported.size(), 1u);
  EXPECT_EQ(exported[0], d.series[static_cast<std::size_t>(d.first_ct)]);
}
