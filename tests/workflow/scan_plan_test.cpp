// The sealed scan plan (scanshare plan / anonymize --plan) carries what a disk holds byte for byte:
// a file name that is not UTF-8 (Latin-1 names are common on old CDs) once made writing the plan
// fail with an internal error, because its payload was JSON text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "export_fixtures.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/scan_plan.h"
#include "imaging/workflow/sealed_mapping.h"
#include "inventory_text.h"
#include "workflow_fixture.h"

namespace fs = std::filesystem;

TEST(ScanPlan, AFileNameThatIsNotUtf8ComesBackByteForByte) {
  const fs::path root = export_fixtures::freshDir("scan_plan_latin1");
  const fs::path in = root / "in";
  const fs::path latin1 = in / "M\xFCller" / "IM0001";  // "Müller" in Latin-1
  export_fixtures::write(latin1, export_fixtures::Spec{});
  const imaging::Inventory scanned = imaging::scan(in);
  ASSERT_EQ(scanned.patients.size(), 1u);

  const fs::path plan = root / "scan.plan";
  imaging::writeScanPlan(plan, workflow_fixture::testKey(), scanned);
  const imaging::Inventory planned = imaging::readScanPlan(plan, workflow_fixture::testKey(), in);
  std::vector<std::string> paths;
  planned.forEachInstance([&](const imaging::Patient&, const imaging::Study&, const imaging::Series&,
                              const imaging::Instance& i) { paths.push_back(i.path.string()); });
  ASSERT_EQ(paths.size(), 1u);
  EXPECT_EQ(fs::path(paths.front()).filename(), latin1.filename());
  EXPECT_EQ(fs::path(paths.front()).parent_path().filename().string(), std::string("M\xFCller"));
}

namespace {

// A payload sealed as a plan would be, so that a damaged or older one can be read back.
imaging::ErrorCode readError(const fs::path& plan, const fs::path& in) {
  try {
    imaging::readScanPlan(plan, workflow_fixture::testKey(), in);
  } catch (const imaging::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "the plan was read";
  return imaging::ErrorCode::Internal;
}

}  // namespace

TEST(ScanPlan, AnInventoryComesBackFieldForField) {
  const fs::path in = workflow_fixture::makeInput("scan_plan_round_trip");
  imaging::Inventory scanned = imaging::scan(in);
  ASSERT_GE(scanned.patients.size(), 2u);
  ASSERT_FALSE(scanned.problems.empty());
  const fs::path plan = in.parent_path() / "scan.plan";
  imaging::writeScanPlan(plan, workflow_fixture::testKey(), scanned);
  const imaging::Inventory planned = imaging::readScanPlan(plan, workflow_fixture::testKey(), in);
  // The plan does not carry the UIDs inside each file: a task that needs them reads the file.
  for (auto& p : scanned.patients)
    for (auto& st : p.studies)
      for (auto& se : st.series)
        for (auto& i : se.instances) {
          i.uids.clear();
          i.uids_known = false;
        }
  EXPECT_EQ(inventory_text::describe(planned), inventory_text::describe(scanned));
  EXPECT_EQ(planned.root, scanned.root);
  EXPECT_EQ(planned.files_root, scanned.files_root);
}

TEST(ScanPlan, AnOlderOrDamagedPlanIsRefused) {
  const fs::path in = workflow_fixture::makeInput("scan_plan_refused");
  const fs::path plan = in.parent_path() / "scan.plan";
  // Version 2 sealed one CBOR map.
  const std::vector<std::uint8_t> v2 =
      nlohmann::json::to_cbor(nlohmann::json{{"kind", "scanshare-scan-plan"}, {"version", 2}});
  imaging::writeSealedMapping(plan, workflow_fixture::testKey(), std::string(v2.begin(), v2.end()));
  EXPECT_EQ(readError(plan, in), imaging::ErrorCode::Unsupported);
  // A plan cut after its header: the records it announces are not there.
  imaging::writeScanPlan(plan, workflow_fixture::testKey(), imaging::scan(in));
  const std::string whole = imaging::openSealedMapping(plan, workflow_fixture::testKey());
  const std::size_t header_end = 16 + 4 + (static_cast<unsigned char>(whole[16]) | static_cast<unsigned char>(whole[17]) << 8);
  for (const std::size_t cut : {header_end, header_end + 3, whole.size() - 1}) {
    imaging::writeSealedMapping(plan, workflow_fixture::testKey(), whole.substr(0, cut));
    EXPECT_EQ(readError(plan, in), imaging::ErrorCode::Corrupt) << "cut at " << cut;
  }
  imaging::writeSealedMapping(plan, workflow_fixture::testKey(), whole + whole.substr(16, 40));
  EXPECT_EQ(readError(plan, in), imaging::ErrorCode::Corrupt) << "a record more than announced";
}
