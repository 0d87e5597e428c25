// Robustness: the pydicom test corpus (odd encodings, compression, damage) never crashes the
// engine, and whatever is kept is readable, marked and keeps its transfer syntax.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "fixtures.h"

using namespace deidtest;
using imaging::InstanceOutcome;

TEST(Corpus, EveryPydicomFileIsKeptExcludedOrFailedCleanly) {
  const std::filesystem::path corpus(PYDICOM_TEST_FILES);
  if (!std::filesystem::is_directory(corpus)) GTEST_FAIL() << "pydicom corpus missing: " << corpus;
  const auto out_dir = workDir("corpus");
  auto config = makeConfig(imaging::Profile::defaultProfile());
  config.include_burned_in = true;
  const imaging::Deidentifier d(config);
  imaging::PatientContext patient;
  patient.pseudonym = {"ANON^CORPUS", "SS-CORPUS"};
  patient.date_offset_days = -100;
  std::size_t kept = 0, failed = 0, n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    if (!entry.is_regular_file() || entry.file_size() > 8'000'000) continue;
    const auto output = out_dir / ("f" + std::to_string(n++) + ".dcm");
    InstanceOutcome outcome;
    ASSERT_NO_THROW(outcome = d.deidentifyFile(entry.path(), output, patient, false)) << entry.path();
    if (outcome.status == InstanceOutcome::Status::Failed) {
      ++failed;
      if (std::getenv("DEID_CORPUS_VERBOSE")) std::fprintf(stderr, "%s: %s\n", entry.path().filename().c_str(), outcome.reason.c_str());
      EXPECT_FALSE(outcome.reason.empty()) << entry.path();
      EXPECT_EQ(outcome.reason.find('\n'), std::string::npos) << entry.path();
      continue;
    }
    if (outcome.status != InstanceOutcome::Status::Kept) continue;
    ++kept;
    DcmFileFormat in, out;
    ASSERT_TRUE(out.loadFile(output.c_str()).good()) << entry.path();
    EXPECT_EQ(str(*out.getDataset(), DCM_PatientIdentityRemoved), "YES") << entry.path();
    EXPECT_EQ(str(*out.getDataset(), DCM_PatientID), "SS-CORPUS") << entry.path();
    if (in.loadFile(entry.path().c_str()).good()) {
      EXPECT_EQ(out.getDataset()->getOriginalXfer(), in.getDataset()->getOriginalXfer()) << entry.path();
    }
  }
  EXPECT_GT(kept, 50u);
  RecordProperty("kept", static_cast<int>(kept));
  RecordProperty("failed", static_cast<int>(failed));
  std::filesystem::remove_all(out_dir);
}
