// End to end (issue 14): the demo CD's presentation state through `scanshare anonymize` and
// `scanshare verify`. Its note names the patient and its creator is a physician; the Basic Profile
// removes the annotations (Graphic Annotation Sequence, X for this optional module), Clean Graphics
// keeps them with the name scrubbed, and either way the state still refers to the copy's image.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "files.h"
#include "imaging/media/presentation_state.h"
#include "imaging/media/scan.h"
#include "run.h"

namespace fs = std::filesystem;

namespace {

const fs::path kWork = fs::path(SCANSHARE_TEST_WORK_DIR) / ("e2e-presentation-" + std::to_string(::getpid()));

using scanshare_test::quoted;
using scanshare_test::readAll;

struct Found {
  const imaging::Series* series = nullptr;  // the presentation state series
  bool referenced_present = false;          // its first reference resolves to an image of the medium
};

Found findState(const imaging::Inventory& inventory, const imaging::PresentationState* state) {
  Found found;
  for (const auto& patient : inventory.patients)
    for (const auto& study : patient.studies)
      for (const auto& series : study.series) {
        if (imaging::isPresentationState(series)) found.series = &series;
        if (!state || state->images.empty() || series.series_instance_uid != state->images[0].series_instance_uid) continue;
        for (const auto& instance : series.instances)
          found.referenced_present = found.referenced_present || instance.sop_instance_uid == state->images[0].sop_instance_uid;
      }
  return found;
}

class PresentationStateE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(kWork);
    fs::create_directories(kWork);
    const auto made = scanshare_test::run(std::string(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out " + quoted((kWork / "cd").string()) +
                                              " --manifest " + quoted((kWork / "manifest.json").string()),
                                          true);
    ASSERT_EQ(made.exit_code, 0) << made.out;
    std::ofstream(kWork / "key", std::ios::binary) << std::string(32, 'p');
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(kWork, ignored);
  }
  static scanshare_test::RunResult cli(const std::string& args) {
    return scanshare_test::run(std::string(SCANSHARE_CLI) + " " + args, true);
  }
  static fs::path anonymized(const std::string& name, const std::string& extra) {
    const fs::path out = kWork / name;
    if (!fs::exists(out)) {
      const auto r = cli("anonymize " + quoted((kWork / "cd").string()) + " -o " + quoted(out.string()) + " --key " +
                         quoted((kWork / "key").string()) + extra);
      EXPECT_EQ(r.exit_code, 0) << r.out;
    }
    return out;
  }
};

TEST_F(PresentationStateE2E, TheDemoStateNamesThePatientAndItsCreator) {
  const auto manifest = nlohmann::json::parse(readAll(kWork / "manifest.json"));
  ASSERT_EQ(manifest["presentation_state_files"].size(), 1u);
  const fs::path file = kWork / "cd" / manifest["presentation_state_files"][0].get<std::string>();
  const auto state = imaging::readPresentationState(file);
  ASSERT_EQ(state.texts.size(), 1u);
  EXPECT_NE(state.texts[0].text.find("Doe-Smith"), std::string::npos);
  EXPECT_NE(readAll(file).find("Lindqvist^Petra"), std::string::npos) << "Content Creator's Name";
  EXPECT_TRUE(findState(imaging::scan(kWork / "cd"), &state).referenced_present);
  // The DICOMDIR lists it as a PRESENTATION record.
  const auto dump = cli("dump " + quoted((kWork / "cd" / "DICOMDIR").string()));
  EXPECT_NE(dump.out.find("[PRESENTATION]"), std::string::npos);
}

TEST_F(PresentationStateE2E, DefaultProfileRemovesTheAnnotationsAndKeepsTheReferencesOnTheCopy) {
  const fs::path out = anonymized("default", "");
  const auto inventory = imaging::scan(out);
  const Found found = findState(inventory, nullptr);
  ASSERT_NE(found.series, nullptr) << "the presentation state is exported";
  const fs::path file = found.series->instances.front().path;
  const auto state = imaging::readPresentationState(file);
  EXPECT_TRUE(state.graphics.empty());
  EXPECT_TRUE(state.texts.empty());
  ASSERT_TRUE(state.shutter && state.window_center) << "the display modules stay";
  EXPECT_DOUBLE_EQ(*state.window_center, 500.0);
  ASSERT_EQ(state.images.size(), 1u);
  EXPECT_TRUE(findState(inventory, &state).referenced_present) << "the mapped UIDs point at the copy's image";
  const auto source = imaging::readPresentationState(
      kWork / "cd" / nlohmann::json::parse(readAll(kWork / "manifest.json"))["presentation_state_files"][0].get<std::string>());
  EXPECT_NE(state.images[0].sop_instance_uid, source.images[0].sop_instance_uid);
  EXPECT_NE(state.images[0].series_instance_uid, source.images[0].series_instance_uid);

  const auto json = nlohmann::json::parse(cli("dump --json " + quoted(file.string())).out);
  EXPECT_FALSE(json.contains("00700001")) << "Graphic Annotation Sequence removed";
  ASSERT_TRUE(json.contains("00700084")) << "Content Creator's Name is Type 2: it stays, empty";
  EXPECT_FALSE(json["00700084"].contains("Value"));
  EXPECT_EQ(readAll(file).find("Lindqvist"), std::string::npos);

  const auto dicomdir = cli("dump " + quoted((out / "DICOMDIR").string()));
  EXPECT_NE(dicomdir.out.find("[PRESENTATION]"), std::string::npos);
  const auto verified = cli("verify " + quoted(out.string()) + " --against " + quoted((kWork / "cd").string()) + " --key " +
                            quoted((kWork / "key").string()));
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
}

TEST_F(PresentationStateE2E, CleanGraphicsKeepsTheNoteWithoutTheName) {
  const fs::path out = anonymized("graphics", " --option clean-graphics");
  const auto inventory = imaging::scan(out);
  const Found found = findState(inventory, nullptr);
  ASSERT_NE(found.series, nullptr);
  const auto state = imaging::readPresentationState(found.series->instances.front().path);
  EXPECT_EQ(state.graphics.size(), 1u);
  ASSERT_EQ(state.texts.size(), 1u);
  EXPECT_EQ(state.texts[0].text.rfind("Meniscal tear", 0), 0u) << state.texts[0].text;
  EXPECT_EQ(state.texts[0].text.find("Doe-Smith"), std::string::npos) << state.texts[0].text;
  EXPECT_EQ(state.texts[0].text.find("Jane"), std::string::npos) << state.texts[0].text;
  EXPECT_TRUE(findState(inventory, &state).referenced_present);
  const auto verified = cli("verify " + quoted(out.string()) + " --against " + quoted((kWork / "cd").string()) + " --key " +
                            quoted((kWork / "key").string()));
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
}

TEST_F(PresentationStateE2E, VerifyFindsTheNameLeftInTheNote) {
  // The Clean Graphics export with the patient's name written back into the note, in place (the
  // same length), as an anonymizer that skipped Graphic Annotation Sequence would have left it.
  const fs::path clean = anonymized("graphics", " --option clean-graphics");
  const fs::path out = kWork / "leaky";
  fs::remove_all(out);
  fs::copy(clean, out, fs::copy_options::recursive);
  const auto inventory = imaging::scan(out);
  const Found found = findState(inventory, nullptr);
  ASSERT_NE(found.series, nullptr);
  const fs::path file = found.series->instances.front().path;
  const std::string note = imaging::readPresentationState(file).texts.at(0).text;
  std::string bytes = readAll(file);
  const std::size_t at = bytes.find(note);
  ASSERT_NE(at, std::string::npos);
  std::string leak = "Meniscal tear Doe-Smith";
  ASSERT_LE(leak.size(), note.size());
  leak.resize(note.size(), ' ');
  bytes.replace(at, note.size(), leak);
  scanshare_test::writeAll(file, bytes);
  ASSERT_NE(imaging::readPresentationState(file).texts.at(0).text.find("Doe-Smith"), std::string::npos);

  const auto verified = cli("verify " + quoted(out.string()) + " --against " + quoted((kWork / "cd").string()) + " --key " +
                            quoted((kWork / "key").string()));
  EXPECT_EQ(verified.exit_code, 1) << verified.out;
  EXPECT_NE(verified.out.find(file.lexically_relative(out).generic_string()), std::string::npos) << verified.out;
  EXPECT_NE(verified.out.find("(0070,0001)[0].(0070,0008)[0].(0070,0006)"), std::string::npos)
      << "found in the note's Unformatted Text Value: " << verified.out;
}

}  // namespace
