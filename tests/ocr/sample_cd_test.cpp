// The demo sample CD's scanned request form carries the patient's name in its pixels: detectText
// must call it identifying given the manifest's planted values, and the knee MR must not be.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <iterator>
#include <fstream>
#include <nlohmann/json.hpp>

#include "imaging/ocr/text_detection.h"

namespace {

namespace fs = std::filesystem;

struct SampleCd {
  fs::path root;
  nlohmann::json manifest;
  ~SampleCd() {
    std::error_code ignored;
    if (!root.empty()) fs::remove_all(root.parent_path(), ignored);
  }
};

// One folder per test process: ctest runs the tests of this program in parallel processes.
fs::path workFolder() {
  return fs::path(SCANSHARE_TEST_WORK_DIR) / "ocr" / ("sample_cd-" + std::to_string(::getpid()));
}

const SampleCd& sampleCd() {
  static const SampleCd cd = [] {
    const fs::path work = workFolder();
    fs::remove_all(work);
    fs::create_directories(work);
    const std::string command = std::string("\"") + SCANSHARE_MAKE_SAMPLE + "\" --variant demo --out \"" +
                                (work / "cd").string() + "\" --manifest \"" + (work / "manifest.json").string() + "\"";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("sample generator failed");
    std::ifstream in(work / "manifest.json");
    return SampleCd{work / "cd", nlohmann::json::parse(in)};
  }();
  return cd;
}

std::vector<std::string> identifiersOf(const nlohmann::json& patient) {
  std::vector<std::string> values{patient["name"].get<std::string>(), patient["id"].get<std::string>(),
                                  patient["birth_date"].get<std::string>()};
  for (const auto& planted : patient["planted"]) values.push_back(planted.get<std::string>());
  return values;
}

TEST(OcrSampleCd, ScannedRequestFormIsIdentifying) {
  const SampleCd& cd = sampleCd();
  ASSERT_FALSE(cd.manifest["burned_in_files"].empty());
  const fs::path form = cd.root / cd.manifest["burned_in_files"][0].get<std::string>();
  const auto detection = imaging::detectText(form, imaging::kAllFrames, identifiersOf(cd.manifest["patients"][0]));
  EXPECT_EQ(detection.verdict, imaging::BurnedInVerdict::Identifying);
  EXPECT_GE(detection.count(imaging::WordKind::Identifying), 2u);
}

// The form names its patient's ID and birth date: identifying even with the other patient's values.
TEST(OcrSampleCd, FormStillIdentifiesWithTheOtherPatientsValues) {
  const SampleCd& cd = sampleCd();
  const fs::path form = cd.root / cd.manifest["burned_in_files"][0].get<std::string>();
  const auto detection = imaging::detectText(form, 0, identifiersOf(cd.manifest["patients"][1]));
  EXPECT_EQ(detection.verdict, imaging::BurnedInVerdict::Identifying);
}

TEST(OcrSampleCd, CommandLineMasksIdentifyingWords) {
  const SampleCd& cd = sampleCd();
  const fs::path form = cd.root / cd.manifest["burned_in_files"][0].get<std::string>();
  const fs::path out = workFolder() / "ocr.json";
  const std::string command = std::string("\"") + SCANSHARE_CLI + "\" ocr --json \"" + form.string() + "\" > \"" +
                              out.string() + "\"";
  const int status = std::system(command.c_str());
  ASSERT_NE(status, -1);
  EXPECT_EQ(WEXITSTATUS(status), 1);  // text found
  std::ifstream in(out);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  const auto json = nlohmann::json::parse(text);
  EXPECT_EQ(json["verdict"], "identifying");
  std::size_t masked = 0;
  for (const auto& word : json["words"])
    if (word["kind"] == "identifying") {
      EXPECT_TRUE(word["text"].is_null());
      ++masked;
    }
  EXPECT_GE(masked, 2u);
  // The family name is on the form, but never in the output.
  const std::string family = cd.manifest["patients"][0]["name"].get<std::string>().substr(0, 3);
  std::string upper_family;
  for (char c : family) upper_family += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(text.find(upper_family), std::string::npos);
}

}  // namespace
