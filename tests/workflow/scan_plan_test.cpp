// The sealed scan plan (scanshare plan / anonymize --plan) carries what a disk holds byte for byte:
// a file name that is not UTF-8 (Latin-1 names are common on old CDs) once made writing the plan
// fail with an internal error, because its payload was JSON text.
#include <gtest/gtest.h>

#include "export_fixtures.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/scan_plan.h"
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
