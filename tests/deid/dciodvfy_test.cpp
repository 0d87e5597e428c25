// The output of de-identification passes the DICOM validator with no new kind of error.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <regex>
#include <set>

#include "fixtures.h"

using namespace deidtest;
using imaging::Profile;

namespace {

// Error lines of dciodvfy, with values and positions stripped so that only the kind remains.
std::set<std::string> errorKinds(const std::filesystem::path& file) {
  const std::string command = std::string(DCIODVFY_PROGRAM) + " '" + file.string() + "' 2>&1";
  std::set<std::string> kinds;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return {"cannot run dciodvfy"};
  std::array<char, 4096> line{};
  const std::regex values(R"(<[^>]*>|\[[^\]]*\]|"[^"]*"|0x[0-9a-fA-F]+|\b[0-9]+\b)");
  while (std::fgets(line.data(), static_cast<int>(line.size()), pipe)) {
    std::string text(line.data());
    if (text.rfind("Error", 0) != 0) continue;
    kinds.insert(std::regex_replace(text, values, "#"));
  }
  ::pclose(pipe);
  return kinds;
}

}  // namespace

TEST(Dciodvfy, MrOutputHasNoNewKindOfError) {
  if (std::string(DCIODVFY_PROGRAM).empty() || std::string(DCIODVFY_PROGRAM).find("NOTFOUND") != std::string::npos)
    GTEST_FAIL() << "dciodvfy (package dicom3tools) is not installed";
  for (const Profile& profile : {imaging::Profile::defaultProfile(), imaging::Profile::basic()}) {
    auto mr = makeMr();
    const Result r = run(*mr, makeConfig(profile), "dciodvfy_" + std::to_string(profile.options.size()));
    ASSERT_TRUE(r.file) << r.outcome.reason;
    const auto before = errorKinds(r.input);
    EXPECT_TRUE(before.empty()) << "the fixture itself should be valid: " << *before.begin();
    const auto after = errorKinds(r.output);
    for (const std::string& kind : after) EXPECT_TRUE(before.count(kind)) << "new dciodvfy error: " << kind;
  }
}

TEST(Dciodvfy, EnhancedMrDummiesKeepType1AttributesPresent) {
  auto mr = makeMr();
  mr->getDataset()->putAndInsertString(DCM_SOPClassUID, UID_EnhancedMRImageStorage);
  const Result r = run(*mr, makeConfig(imaging::Profile::basic()), "dciodvfy_enhanced");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  const auto before = errorKinds(r.input);
  const auto after = errorKinds(r.output);
  std::size_t new_kinds = 0;
  for (const std::string& kind : after) new_kinds += before.count(kind) ? 0 : 1;
  EXPECT_EQ(new_kinds, 0u);
}
