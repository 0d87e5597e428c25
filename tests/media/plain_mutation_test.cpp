// The scan's own reader (bridge::PlainDataSet) on damaged files: thousands of mutants of plain
// files (bytes flipped, lengths made huge or odd, cuts, chunks repeated) are scanned with the plain
// reader and with DCMTK alone. The reader must never crash (this test runs under ASan and UBSan
// in CI) and, where it accepts a mutant, must say exactly what DCMTK says about it.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "dicom_fixtures.h"
#include "dicom_mutation.h"
#include "imaging_bridge/fd_streams.h"
#include "imaging_bridge/plain_dataset.h"
#include "inventory_text.h"

namespace fs = std::filesystem;

namespace {

// A mutant declaring a gigabyte makes DCMTK allocate it, which the sanitizer's allocator maps and
// poisons (a second or so each): the sanitizer build runs a smaller sample.
constexpr int kMutants = scanshare_test::mutantCount(3000, 300);

using scanshare_test::mutateDicom;

}  // namespace

TEST(PlainMutations, AgreeWithDcmtkOrLeaveTheFileToIt) {
  const fs::path dir = fixtures::freshWorkDir();
  fixtures::InstanceSpec spec;
  spec.with_sequence = true;
  spec.with_small_ob = true;
  spec.charset = "ISO_IR 100";
  spec.patient_name = "M\xfcller^Anna";
  fixtures::writeInstance(dir / "seed.dcm", spec);
  const std::string seed = fixtures::readBytes(dir / "seed.dcm");
  ASSERT_GT(seed.size(), 300u);
  {
    const imaging::bridge::InputFile input(dir / "seed.dcm");
    ASSERT_TRUE(imaging::bridge::PlainDataSet::read(input).has_value()) << "the seed must be plain";
  }
  std::mt19937 random(20261205);
  int plain_mutants = 0;
  for (int i = 0; i < kMutants; ++i) {
    const fs::path folder = dir / "mutant";
    fs::remove_all(folder);
    fs::create_directories(folder);
    std::string bytes = mutateDicom(seed, random);
    if (random() % 3 == 0) bytes = mutateDicom(bytes, random);
    fixtures::writeBytes(folder / "file.dcm", bytes);
    {
      const imaging::bridge::InputFile input(folder / "file.dcm");
      if (imaging::bridge::PlainDataSet::read(input)) ++plain_mutants;
    }
    const std::string with_plain = inventory_text::scanned(folder, true);
    const std::string with_dcmtk = inventory_text::scanned(folder, false);
    ASSERT_EQ(with_plain, with_dcmtk) << "mutant " << i;
  }
  // Many mutants stay plain (a changed value, a flipped bit in text): the comparison is not empty.
  EXPECT_GT(plain_mutants, kMutants / 15) << plain_mutants << " of " << kMutants;
}
