// A refused send names each finding's place; an identified copy's folders are often named after
// the patient ("PENDLEWORTH/IMG1"), so a place that holds one of the copy's identifiers is withheld.
#include <gtest/gtest.h>

#include <string>

#include "imaging/deid/parts.h"
#include "imaging/workflow/send_export.h"
#include "imaging/workflow/verify.h"

namespace {

TEST(RefusalLine, PlacesNamedAfterThePatientAreWithheld) {
  imaging::VerifyResult verdict;
  verdict.findings.push_back({imaging::FindingKind::IdentityNotRemoved, "PENDLEWORTH/IMG1", "Patient Identity Removed is not YES"});
  verdict.findings.push_back({imaging::FindingKind::IdentityNotRemoved, "DICOM/S1/IMG2", "Patient Identity Removed is not YES"});
  auto identifiers = imaging::makeTextScrubber();
  identifiers->addIdentifier("PENDLEWORTH^Araminta");
  identifiers->addIdentifier("PENDLEWORTH");
  const std::string line = imaging::refusalLine(verdict, 5, identifiers.get());
  EXPECT_EQ(line.find("PENDLEWORTH"), std::string::npos) << line;
  EXPECT_NE(line.find("DICOM/S1/IMG2"), std::string::npos) << line;  // a place without identity is still named
  // Without the copy's identifiers the places are listed as they are.
  EXPECT_NE(imaging::refusalLine(verdict).find("PENDLEWORTH/IMG1"), std::string::npos);
}

}  // namespace
