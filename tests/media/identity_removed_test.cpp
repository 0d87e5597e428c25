// scan(): Patient Identity Removed (0012,0062) reaches the model, for the viewer's
// "de-identified" mark.
#include <gtest/gtest.h>

#include "dicom_fixtures.h"
#include "imaging/media/scan.h"

namespace fs = std::filesystem;

namespace {
const imaging::Instance* instanceWithNumber(const imaging::Inventory& inventory, int number) {
  const imaging::Instance* found = nullptr;
  inventory.forEachInstance([&](const auto&, const auto&, const auto&, const imaging::Instance& in) {
    if (in.instance_number == number) found = &in;
  });
  return found;
}
}  // namespace

TEST(Scan, PatientIdentityRemovedIsReadFromEachHeader) {
  const fs::path dir = fixtures::freshWorkDir();
  fixtures::InstanceSpec spec;
  spec.instance_number = 1;
  spec.patient_identity_removed = "YES";
  fixtures::writeInstance(dir / "a.dcm", spec);
  spec.instance_number = 2;
  spec.patient_identity_removed = "NO";
  fixtures::writeInstance(dir / "b.dcm", spec);
  spec.instance_number = 3;
  spec.patient_identity_removed.clear();
  fixtures::writeInstance(dir / "c.dcm", spec);

  const imaging::Inventory inventory = imaging::scan(dir);
  ASSERT_EQ(inventory.instanceCount(), 3u);
  const imaging::Instance* yes = instanceWithNumber(inventory, 1);
  const imaging::Instance* no = instanceWithNumber(inventory, 2);
  const imaging::Instance* absent = instanceWithNumber(inventory, 3);
  ASSERT_TRUE(yes && no && absent);
  EXPECT_TRUE(yes->patient_identity_removed);
  EXPECT_FALSE(no->patient_identity_removed);
  EXPECT_FALSE(absent->patient_identity_removed);
}
