// End to end: the demo sample CD packed into an ISO image (as written here with libarchive) goes
// through `scanshare anonymize` and `scanshare verify` like the folder it was made from.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <unistd.h>

#ifdef SCANSHARE_MAKE_SAMPLE

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "files.h"
#include "run.h"

namespace fs = std::filesystem;

namespace {

// One folder per test process: ctest runs the tests of this suite in parallel processes.
const fs::path kWork = fs::path(SCANSHARE_TEST_WORK_DIR) / ("e2e-iso-" + std::to_string(::getpid()));

using scanshare_test::quoted;
using scanshare_test::readAll;

scanshare_test::RunResult run(const std::string& command) { return scanshare_test::run(command, true); }

std::vector<fs::path> filesUnder(const fs::path& root) { return scanshare_test::regularFilesUnder(root); }

// The folder as an ISO 9660 image with Rock Ridge and Joliet names, as CD authoring tools write them.
bool writeIsoOf(const fs::path& folder, const fs::path& iso) {
  std::unique_ptr<archive, int (*)(archive*)> writer(archive_write_new(), &archive_write_free);
  if (archive_write_set_format_iso9660(writer.get()) != ARCHIVE_OK ||
      archive_write_set_options(writer.get(), "iso9660:rockridge,iso9660:joliet,iso9660:volume-id=SCANSHARE") != ARCHIVE_OK ||
      archive_write_open_filename(writer.get(), iso.c_str()) != ARCHIVE_OK)
    return false;
  std::vector<fs::path> paths;
  for (const auto& e : fs::recursive_directory_iterator(folder)) paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  for (const fs::path& path : paths) {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(), &archive_entry_free);
    archive_entry_set_pathname(entry.get(), path.lexically_relative(folder).generic_string().c_str());
    archive_entry_set_mtime(entry.get(), 1700000000, 0);
    const bool is_folder = fs::is_directory(path);
    const std::string bytes = is_folder ? std::string() : readAll(path);
    archive_entry_set_mode(entry.get(), is_folder ? (AE_IFDIR | 0755) : (AE_IFREG | 0644));
    if (!is_folder) archive_entry_set_size(entry.get(), static_cast<la_int64_t>(bytes.size()));
    if (archive_write_header(writer.get(), entry.get()) != ARCHIVE_OK) return false;
    if (!bytes.empty() &&
        archive_write_data(writer.get(), bytes.data(), bytes.size()) != static_cast<la_ssize_t>(bytes.size()))
      return false;
  }
  return archive_write_close(writer.get()) == ARCHIVE_OK;
}

class IsoE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(kWork);
    fs::create_directories(kWork);
    const auto made = run(quoted(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out " + quoted((kWork / "cd").string()));
    ASSERT_EQ(made.exit_code, 0) << made.out;
    ASSERT_TRUE(writeIsoOf(kWork / "cd", iso()));
    iso_bytes_ = readAll(iso());
    fixtures_ready_ = true;
    writeKey();
    from_folder_ = anonymize(kWork / "cd", "out-folder");
    from_iso_ = anonymize(iso(), "out-iso");
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(kWork, ignored);
  }
  static fs::path iso() { return kWork / "disk.iso"; }
  static fs::path key() { return kWork / "key"; }
  static void writeKey() { std::ofstream(key(), std::ios::binary) << std::string(32, 'k'); }
  static scanshare_test::RunResult anonymize(const fs::path& input, const std::string& out) {
    return run(quoted(SCANSHARE_CLI) + " anonymize " + quoted(input.string()) + " -o " + quoted((kWork / out).string()) +
               " --key " + quoted(key().string()));
  }
  // Instances written to an export: every file but the DICOMDIR.
  static std::size_t instancesIn(const fs::path& out) {
    std::size_t count = 0;
    for (const auto& file : filesUnder(out)) count += file.filename() == "DICOMDIR" ? 0 : 1;
    return count;
  }
  static inline bool fixtures_ready_ = false;
  static inline std::string iso_bytes_;
  static inline scanshare_test::RunResult from_folder_, from_iso_;
};

TEST_F(IsoE2E, AnonymizingTheImageGivesWhatAnonymizingTheFolderGives) {
  ASSERT_TRUE(fixtures_ready_);
  EXPECT_EQ(from_folder_.exit_code, 0) << from_folder_.out;
  EXPECT_EQ(from_iso_.exit_code, 0) << from_iso_.out;
  const std::size_t expected = instancesIn(kWork / "out-folder");
  EXPECT_GT(expected, 0u);
  EXPECT_EQ(instancesIn(kWork / "out-iso"), expected);
  EXPECT_TRUE(fs::exists(kWork / "out-iso" / "DICOMDIR"));
  // Same key, same source content: the same de-identified files under the same names.
  const auto a = filesUnder(kWork / "out-folder");
  const auto b = filesUnder(kWork / "out-iso");
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].lexically_relative(kWork / "out-folder"), b[i].lexically_relative(kWork / "out-iso"));
    EXPECT_EQ(readAll(a[i]), readAll(b[i])) << b[i];
  }
}

TEST_F(IsoE2E, VerifyAgainstTheImagePassesOnTheExportAndFailsOnTheSourceFolder) {
  ASSERT_TRUE(fixtures_ready_);
  const std::string verify = quoted(SCANSHARE_CLI) + " verify ";
  const auto exported = run(verify + quoted((kWork / "out-iso").string()) + " --against " + quoted(iso().string()) +
                            " --key " + quoted(key().string()));
  EXPECT_EQ(exported.exit_code, 0) << exported.out;
  // The untouched folder still holds everything the image holds: verify must find it.
  const auto original = run(verify + quoted((kWork / "cd").string()) + " --against " + quoted(iso().string()));
  EXPECT_EQ(original.exit_code, 1) << original.out;
}

TEST_F(IsoE2E, TheImageIsNeverModified) {
  ASSERT_TRUE(fixtures_ready_);
  EXPECT_EQ(readAll(iso()), iso_bytes_);
}

TEST_F(IsoE2E, AFileThatMerelyEndsInIsoIsRefusedWithItsName) {
  ASSERT_TRUE(fixtures_ready_);
  const fs::path fake = kWork / "fake.iso";
  std::ofstream(fake, std::ios::binary) << "not a disc image";
  const auto result = run(quoted(SCANSHARE_CLI) + " anonymize " + quoted(fake.string()) + " -o " +
                          quoted((kWork / "out-fake").string()) + " --key " + quoted(key().string()));
  EXPECT_NE(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("fake.iso"), std::string::npos) << result.out;
}

}  // namespace

#endif  // SCANSHARE_MAKE_SAMPLE
