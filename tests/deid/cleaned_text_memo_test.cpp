// The engine remembers cleaned text per thread for the patient's shared scrubber (values repeat
// from file to file). A remembered answer must never serve another patient: the same comment is
// scrubbed for the patient it names and kept for one it does not, whichever runs first.
#include <gtest/gtest.h>

#include "fixtures.h"
#include "imaging/deid/parts.h"
#include "imaging/deid/profile.h"

using namespace deidtest;
using imaging::InstanceOutcome;
using imaging::Profile;

namespace {

constexpr const char* kTown = "Baker";

// De-identifies the fixture image, whose Study Description names kTown, for a patient whose
// shared scrubber knows `identifiers`; returns the written Study Description.
std::string studyDescriptionFor(const std::vector<std::string>& identifiers, const std::string& name) {
  auto mr = makeMr();
  mr->getDataset()->putAndInsertString(DCM_StudyDescription, (std::string("Knee seen by ") + kTown).c_str());
  const auto dir = workDir("cleaned_text_memo_" + name);
  const auto input = dir / "in.dcm";
  const auto output = dir / "out.dcm";
  EXPECT_TRUE(mr->saveFile(input.c_str(), EXS_LittleEndianExplicit).good());
  const imaging::DeidConfig config = makeConfig(Profile::defaultProfile());
  imaging::PatientContext patient;
  patient.identity_key = name;
  patient.pseudonym = config.pseudonyms->forPatient(name);
  patient.identifiers = identifiers;
  std::shared_ptr<imaging::TextScrubber> scrubber = imaging::makeTextScrubber();
  for (const std::string& id : identifiers) scrubber->addIdentifier(id);
  patient.scrubber = scrubber;
  const imaging::Deidentifier deidentifier(config);
  EXPECT_EQ(deidentifier.deidentifyFile(input, output, patient, false).status, InstanceOutcome::Status::Kept);
  DcmFileFormat written;
  EXPECT_TRUE(written.loadFile(output.c_str()).good());
  return str(*written.getDataset(), DCM_StudyDescription);
}

}  // namespace

TEST(CleanedTextMemo, NeverServesOnePatientsAnswerToAnother) {
  // Not named first, then named: the kept text must not be reused for the patient it names.
  const std::string kept = studyDescriptionFor({"Someone^Else"}, "a");
  EXPECT_NE(kept.find(kTown), std::string::npos) << kept;
  const std::string scrubbed = studyDescriptionFor({kTown}, "b");
  EXPECT_EQ(scrubbed.find(kTown), std::string::npos) << scrubbed;
  // And back: the scrubbed text must not be reused for the patient it does not name.
  EXPECT_EQ(studyDescriptionFor({"Someone^Else"}, "c"), kept);
  // The same patient's scrubber twice gives the same answer (the remembered one).
  EXPECT_EQ(studyDescriptionFor({kTown}, "d"), scrubbed);
}
