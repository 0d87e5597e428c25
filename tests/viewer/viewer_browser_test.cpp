// The series browser as a reviewer reads it (issue 14), under Xvfb on the demo CD: names as people
// write them with birth date, sex and ID; a ScanShare copy's studies marked de-identified with the
// note about shifted dates, the original's not.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "viewer_share_fixture.h"

namespace fs = std::filesystem;
using namespace share_test;

namespace {

std::vector<std::string> linesStartingWith(const std::string& output, const std::string& prefix) {
  std::vector<std::string> found;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) found.push_back(line.substr(prefix.size()));
  return found;
}

}  // namespace

TEST(ViewerBrowser, NamesAsPeopleWriteThemWithBirthDateSexAndId) {
  ASSERT_TRUE(fixture().made);
  const ProgramRun run = screenshot(fixture().cd, outPath("browser-cd.png"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto patients = linesStartingWith(run.output, "browser-patient ");
  ASSERT_EQ(patients.size(), 2u) << run.output;
  EXPECT_EQ(patients[0], "Jane Marie Doe-Smith \u00b7 born 1978-03-14 \u00b7 F \u00b7 ID KH4471029") << run.output;
  for (const auto& p : patients) EXPECT_EQ(p.find('^'), std::string::npos) << p;
  const auto studies = linesStartingWith(run.output, "browser-study ");
  ASSERT_EQ(studies.size(), 2u) << run.output;
  for (const auto& s : studies) EXPECT_EQ(s.find("de-identified"), std::string::npos) << s;
  EXPECT_FALSE(linesStartingWith(run.output, "browser-series ").empty());
}

TEST(ViewerBrowser, ACopyIsMarkedDeidentifiedWithTheDateNote) {
  ASSERT_TRUE(fixture().made);
  const std::string out = outPath("browser-copy").string();
  const ProgramRun shared = share(out, "");
  ASSERT_EQ(shared.exit_code, 0) << shared.output;
  const ProgramRun run = screenshot(out, outPath("browser-copy.png"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto studies = linesStartingWith(run.output, "browser-study ");
  ASSERT_FALSE(studies.empty()) << run.output;
  for (const auto& s : studies) EXPECT_NE(s.find("de-identified: dates may be shifted"), std::string::npos) << s;
  const auto patients = linesStartingWith(run.output, "browser-patient ");
  ASSERT_EQ(patients.size(), 1u) << run.output;
  EXPECT_EQ(patients[0].find("Doe-Smith"), std::string::npos) << patients[0];
  EXPECT_EQ(patients[0].find('^'), std::string::npos) << patients[0];
}
