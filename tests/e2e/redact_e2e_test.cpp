// `scanshare anonymize --redact-burned-in / --blackout` on the demo CD: the scanned request form
// (name, birth date and ID burned into its pixels) is exported with its text blacked out instead
// of being excluded, and nothing identifying survives in it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "files.h"
#include "run.h"

namespace fs = std::filesystem;

namespace {

using scanshare_test::readAll;
using scanshare_test::RunResult;

RunResult run(const std::string& command) { return scanshare_test::run(command, true); }

// The exported files of the secondary-capture series, found by scanning the export's JSON.
std::vector<fs::path> secondaryCaptureFiles(const fs::path& out) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (!entry.is_regular_file() || entry.path().filename() == "DICOMDIR") continue;
    if (readAll(entry.path()).find("1.2.840.10008.5.1.4.1.1.7") != std::string::npos) found.push_back(entry.path());
  }
  return found;
}

class RedactE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    work_ = fs::path(SCANSHARE_TEST_WORK_DIR) / ("e2e-redact-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_);
    const RunResult made = run(std::string(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out '" + (work_ / "cd").string() +
                               "' --manifest '" + (work_ / "manifest.json").string() + "'");
    ASSERT_EQ(made.exit_code, 0) << made.out;
    manifest_ = nlohmann::json::parse(readAll(work_ / "manifest.json"));
    std::ofstream(work_ / "key", std::ios::binary) << std::string(32, 'r');
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(work_, ignored);
  }
  static RunResult anonymize(const std::string& out, const std::string& extra) {
    return run(std::string(SCANSHARE_CLI) + " anonymize '" + (work_ / "cd").string() + "' -o '" + (work_ / out).string() +
               "' --key '" + (work_ / "key").string() + "' " + extra);
  }
  static inline fs::path work_;
  static inline nlohmann::json manifest_;
};

}  // namespace

TEST_F(RedactE2E, ByDefaultTheFormIsExcluded) {
  const RunResult r = anonymize("plain", "");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(secondaryCaptureFiles(work_ / "plain").empty());
  EXPECT_NE(r.out.find("may carry burned-in text"), std::string::npos) << r.out;
}

TEST_F(RedactE2E, RedactedFormIsExportedWithoutIdentifyingText) {
  const RunResult r = anonymize("redacted", "--redact-burned-in");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("burned-in text blacked out"), std::string::npos) << r.out;
  const auto forms = secondaryCaptureFiles(work_ / "redacted");
  ASSERT_EQ(forms.size(), 1u);

  // OCR of the exported form finds nothing identifying (the same OCR flags the source form).
  const RunResult ocr = run(std::string(SCANSHARE_CLI) + " ocr --json '" + forms[0].string() + "'");
  const auto verdict = nlohmann::json::parse(ocr.out.substr(ocr.out.find('{')))["verdict"].get<std::string>();
  EXPECT_NE(verdict, "identifying") << ocr.out;
  const RunResult dump = run(std::string(SCANSHARE_CLI) + " dump '" + forms[0].string() + "'");
  EXPECT_NE(dump.out.find("BurnedInAnnotation  [NO]"), std::string::npos) << dump.out;
  EXPECT_NE(dump.out.find("[113101]"), std::string::npos) << "Clean Pixel Data code missing";

  // The whole export still verifies clean against the source.
  const RunResult verify = run(std::string(SCANSHARE_CLI) + " verify '" + (work_ / "redacted").string() + "' --against '" +
                               (work_ / "cd").string() + "' --key '" + (work_ / "key").string() + "'");
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

// The last `count` bytes of a file (the pixel data's value, the last element of both files).
std::string tail(const fs::path& path, std::size_t count) {
  const std::string bytes = readAll(path);
  return bytes.size() < count ? std::string() : bytes.substr(bytes.size() - count);
}

TEST_F(RedactE2E, VerifyRerunsTheLineDetectorOnPixelsMarkedClean) {
  const RunResult r = anonymize("painted", "--redact-burned-in");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto forms = secondaryCaptureFiles(work_ / "painted");
  ASSERT_EQ(forms.size(), 1u);
  const std::string verify_command = std::string(SCANSHARE_CLI) + " verify '" + (work_ / "painted").string() + "' --against '" +
                                     (work_ / "cd").string() + "' --key '" + (work_ / "key").string() + "'";
  const RunResult clean = run(verify_command);
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
  EXPECT_EQ(clean.out.find("burned-in-text"), std::string::npos) << clean.out;

  // Paint the text back: the source form's pixels (same size, 8 bits, uncompressed) over the
  // redacted ones, which end both files. The header (113101, Burned In Annotation NO) stays.
  fs::path source_form;
  for (const auto& f : manifest_["burned_in_files"]) source_form = work_ / "cd" / f.get<std::string>();
  std::string exported = readAll(forms[0]);
  const std::size_t pixel_tag = exported.rfind(std::string("\xE0\x7F\x10\x00", 4));
  ASSERT_NE(pixel_tag, std::string::npos);
  const std::size_t value_at = pixel_tag + 12;  // tag, VR OB/OW, 2 reserved, 4-byte length
  ASSERT_LT(value_at, exported.size());
  const std::size_t length = exported.size() - value_at;
  const std::string vr = exported.substr(pixel_tag + 4, 2);
  ASSERT_TRUE(vr == "OB" || vr == "OW") << vr;
  std::uint32_t declared = 0;
  for (int i = 3; i >= 0; --i) declared = declared * 256 + static_cast<unsigned char>(exported[pixel_tag + 8 + static_cast<std::size_t>(i)]);
  ASSERT_EQ(declared, length) << "Pixel Data is not the last element";
  const std::string source_pixels = tail(source_form, length);
  ASSERT_EQ(source_pixels.size(), length);
  ASSERT_NE(source_pixels, exported.substr(value_at)) << "the redaction changed no pixel";
  exported.replace(value_at, length, source_pixels);
  std::ofstream(forms[0], std::ios::binary | std::ios::trunc) << exported;

  const RunResult painted = run(verify_command);
  EXPECT_EQ(painted.exit_code, 1) << painted.out;
  EXPECT_NE(painted.out.find("NOT CLEAN"), std::string::npos) << painted.out;
  EXPECT_NE(painted.out.find("FINDING burned-in-text"), std::string::npos) << painted.out;
}

TEST_F(RedactE2E, SourceFormIsFlaggedSoTheCheckAboveCanFail) {
  fs::path source_form;
  for (const auto& f : manifest_["burned_in_files"]) source_form = work_ / "cd" / f.get<std::string>();
  ASSERT_TRUE(fs::exists(source_form));
  const RunResult ocr = run(std::string(SCANSHARE_CLI) + " ocr --json '" + source_form.string() + "'");
  EXPECT_EQ(nlohmann::json::parse(ocr.out.substr(ocr.out.find('{')))["verdict"].get<std::string>(), "identifying");
}

TEST_F(RedactE2E, ManualBlackoutThatMissesTheTextKeepsTheFormOut) {
  // A box in the empty lower part of the form leaves the name readable: the re-check catches it.
  const RunResult r = anonymize("manual", "--blackout 400,330,50,20");
  EXPECT_TRUE(secondaryCaptureFiles(work_ / "manual").empty()) << r.out;
  EXPECT_NE(r.out.find("identifying text still found"), std::string::npos) << r.out;
}

TEST_F(RedactE2E, MalformedBlackoutIsAUsageError) {
  EXPECT_EQ(anonymize("bad", "--blackout 1,2,3").exit_code, 2);
  EXPECT_EQ(anonymize("bad2", "--blackout 1,2,0,4").exit_code, 2);
  EXPECT_FALSE(fs::exists(work_ / "bad"));
}

TEST_F(RedactE2E, FlaggedImageOcrCannotReadStaysExcludedInsteadOfClaimingRedaction) {
  // A CT slice flagged BurnedInAnnotation YES holds no text OCR can read: nothing would be blacked
  // out, so exporting it as "redacted" (byte-identical pixels, Clean Pixel Data code) would be a lie.
  const fs::path copy = work_ / "flagged-cd";
  fs::copy(work_ / "cd", copy, fs::copy_options::recursive);
  const fs::path slice = copy / "DICOM" / "PAT2" / "STUDY1" / "SER1" / "IMG00001";
  ASSERT_TRUE(fs::exists(slice));
  ASSERT_EQ(run("dcmodify -nb -i '(0028,0301)=YES' '" + slice.string() + "'").exit_code, 0);
  const RunResult r = run(std::string(SCANSHARE_CLI) + " anonymize '" + copy.string() + "' -o '" + (work_ / "flagged").string() +
                          "' --key '" + (work_ / "key").string() + "' --redact-burned-in --series 2/1/1");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("burned-in text blacked out"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("OCR found no text to black out"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--blackout x,y,w,h"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kept 19, excluded 1"), std::string::npos) << r.out;
  const std::string report = readAll(work_ / "flagged.report.json");
  EXPECT_EQ(report.find("\"redacted\""), std::string::npos);
  for (const auto& entry : fs::recursive_directory_iterator(work_ / "flagged")) {
    if (!entry.is_regular_file()) continue;
    EXPECT_EQ(readAll(entry.path()).find("113101"), std::string::npos) << entry.path();
  }
}
