// The report's description of an item: positions, standard terms and small numbers only. Red team
// D (D6, 2026-12-06): a Modality holding the given name and a Series Number holding the ID's digits
// were quoted in the report and on stderr.
#include <gtest/gtest.h>

#include "imaging/model/model.h"
#include "modality_terms.h"
#include "work_plan.h"

namespace imaging::workflow {
namespace {

std::string describeOne(const std::string& modality, int number) {
  Patient patient;
  Series series;
  series.modality = modality;
  series.number = number;
  Instance instance;
  instance.sop_class_uid = "1.2.840.10008.5.1.4.1.1.2";
  WorkItem item;
  item.patient = &patient;
  item.series = &series;
  item.instance = &instance;
  return ItemDescriber()(item);
}

TEST(ItemDescription, QuotesOnlyStandardModalitiesAndSmallSeriesNumbers) {
  EXPECT_EQ(describeOne("CT", 3), "patient 1, study 1, series 1 (number 3), image 1 [CT, CTImageStorage]");
  const std::string named = describeOne("ARAMINTA", 90417736);
  EXPECT_EQ(named.find("ARAMINTA"), std::string::npos) << named;
  EXPECT_EQ(named.find("90417736"), std::string::npos) << named;
  EXPECT_NE(named.find("other modality"), std::string::npos) << named;
  EXPECT_NE(describeOne("", 1).find("no modality"), std::string::npos);
}

TEST(ItemDescription, ModalityTermsAreThoseOfTheStandard) {
  for (const char* m : {"CT", "MR", "US", "XA", "RTSTRUCT", "IVOCT", "OPT", "SEG", "SM", "DOC"}) EXPECT_TRUE(isStandardModality(m)) << m;
  for (const char* m : {"ct", "CT ", "ARAMINTA", "X", ""}) EXPECT_FALSE(isStandardModality(m)) << m;
}

}  // namespace
}  // namespace imaging::workflow
