// The plain engine on damaged files, file by file (this suite runs under ASan and UBSan in CI):
// mutants of the engine's richest fixture (ISO_IR 100 text, nested sequences, private blocks,
// curves, an overlay) are de-identified by the plain engine and by DCMTK's path with the same
// patient context. Where the plain engine takes a mutant, outcome and bytes must be DCMTK's; where
// it cannot answer as DCMTK would, it must leave the mutant to DCMTK (then both runs are DCMTK's).
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <string>
#include <string_view>

#include "fixtures.h"
#include "imaging/deid/parts.h"
#include "dicom_mutation.h"
#include "plain_tree.h"

namespace fs = std::filesystem;

namespace {

constexpr int kMutants = scanshare_test::mutantCount(2000, 300);

using scanshare_test::mutateDicom;

}  // namespace

TEST(PlainEngineMutants, AgreeWithDcmtkOrLeaveTheFileToIt) {
  const fs::path dir = deidtest::workDir("plain_engine_mutants");
  auto seed_file = deidtest::makeMr();
  ASSERT_TRUE(seed_file->saveFile((dir / "seed.dcm").c_str(), EXS_LittleEndianExplicit).good());
  const std::string seed = deidtest::fileBytes(dir / "seed.dcm");
  const imaging::DeidConfig config = deidtest::makeConfig(imaging::Profile::defaultProfile());
  const imaging::Deidentifier deidentifier(config);

  std::mt19937 random(20261205);
  const std::uint64_t uses_before = imaging::deid::plainEngineUses();
  for (int i = 0; i < kMutants; ++i) {
    std::string bytes = mutateDicom(seed, random);
    if (random() % 3 == 0) bytes = mutateDicom(bytes, random);
    deidtest::Result r;
    r.input = dir / "mutant.dcm";
    {
      std::ofstream out(r.input, std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    r.patient.identity_key = "mutant";
    r.patient.pseudonym = config.pseudonyms->forPatient("mutant");
    r.patient.date_offset_days = config.dates->offsetDays("mutant");
    deidtest::expectPlainEngineAgrees(deidentifier, r, dir);
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "mutant " << i;
      break;
    }
  }
  // Many mutants stay plain (a value changed, a bit flipped in text): the comparison is not empty.
  EXPECT_GT(imaging::deid::plainEngineUses() - uses_before, static_cast<std::uint64_t>(kMutants / 5));
}
