// A disk that fills up at the last steps of an export (issue 12, item 6): after the images, while
// the DICOMDIR or the report is written. The export, its DICOMDIR and its reports are one unit:
// either all appear or nothing does, the error says "No space left on device", and once there is
// room the same command succeeds (no "output exists").
//
// The disk is real: a tmpfs mounted for the test, sized from a first export of the same input with
// the same key (exports are byte-identical), so that it fills at the step under test. Mounting
// needs CAP_SYS_ADMIN; without it the tests are skipped.
#include <gtest/gtest.h>

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "fault_support.h"
#include "files.h"
#include "sample_cache.h"

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kPage = 4096;

std::uintmax_t pagesOf(std::uintmax_t bytes) { return (bytes + kPage - 1) / kPage; }

// Pages the regular files under root take on a tmpfs.
std::uintmax_t pagesUnder(const fs::path& root, const std::string& skip_name = {}) {
  std::uintmax_t pages = 0;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().filename() != skip_name) pages += pagesOf(e.file_size());
  return pages;
}

class SmallDisk {
 public:
  explicit SmallDisk(fs::path dir) : dir_(std::move(dir)) { fs::create_directories(dir_); }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  // Mounts (or resizes) a tmpfs of `pages` pages; false with errno when not allowed.
  bool mount(std::uintmax_t pages) {
    const std::string data = "size=" + std::to_string(pages * kPage) + ",mode=0755";
    const unsigned long flags = mounted_ ? MS_REMOUNT : 0;
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", flags, data.c_str()) != 0) return false;
    mounted_ = true;
    return true;
  }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

struct Sizes {
  std::uintmax_t images = 0, dicomdir = 0, report_json = 0, report_text = 0;  // in pages
};

class DiskFull : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = faults::freshDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    input_ = dir_ / "input";
    key_ = dir_ / "test.key";
    sample_cache::copyTo(input_ / "cd", "demo");
    scanshare_test::writeAll(key_, std::string(32, '\x44'));
    input_before_ = faults::fingerprint(input_);

    // The same export on an ordinary disk tells how much each part takes.
    const fs::path reference = dir_ / "reference";
    fs::create_directories(reference);
    const child::Result r = anonymize(reference / "OUT");
    ASSERT_TRUE(r.exitedWithin({0})) << r.describe() << r.out << r.err;
    sizes_.images = pagesUnder(reference / "OUT", "DICOMDIR");
    sizes_.dicomdir = pagesOf(fs::file_size(reference / "OUT" / "DICOMDIR"));
    sizes_.report_json = pagesOf(fs::file_size(reference / "OUT.report.json"));
    sizes_.report_text = pagesOf(fs::file_size(reference / "OUT.report.txt"));
  }

  child::Result anonymize(const fs::path& out) const {
    child::Options options;
    options.timeout = std::chrono::minutes(3);
    return child::run({SCANSHARE_CLI, "anonymize", input_.string(), "-o", out.string(), "--key", key_.string()}, options);
  }

  // Runs the export onto a disk of `pages` pages and checks that it failed as a whole, saying
  // why, then gives the disk room and checks that the same command succeeds.
  void expectWholeFailureThenSuccess(std::uintmax_t pages, const std::string& failing_step) {
    SmallDisk disk(dir_ / "disk");
    if (!disk.mount(pages)) GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(errno);
    const fs::path out = disk.dir() / "OUT";
    const child::Result r = anonymize(out);
    EXPECT_TRUE(r.exited) << r.describe();
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(failing_step), std::string::npos) << "the failing step should be named: " << r.err;
    EXPECT_EQ(r.err.find("read back"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out)) << "half a result: the export without its " << failing_step;
    EXPECT_FALSE(fs::exists(out.string() + ".report.json"));
    EXPECT_FALSE(fs::exists(out.string() + ".report.txt"));
    EXPECT_TRUE(faults::leftovers(disk.dir(), "OUT").empty()) << "staging folder or partial report left";
    EXPECT_EQ(faults::fingerprint(input_), input_before_);

    ASSERT_TRUE(disk.mount(pages * 4 + 256));
    const child::Result again = anonymize(out);
    ASSERT_TRUE(again.exitedWithin({0})) << again.describe() << again.out << again.err;
    EXPECT_TRUE(fs::is_regular_file(out / "DICOMDIR"));
    const auto report = nlohmann::json::parse(scanshare_test::readAll(out.string() + ".report.json"));
    EXPECT_GT(report.at("summary").at("kept").get<int>(), 0);
    EXPECT_TRUE(fs::is_regular_file(out.string() + ".report.txt"));
  }

  fs::path dir_, input_, key_;
  std::map<std::string, std::string> input_before_;
  Sizes sizes_;
};

TEST_F(DiskFull, WhileTheReportIsWritten) {
  // Room for the images and the DICOMDIR and one page more: the JSON report needs two at least.
  ASSERT_GE(sizes_.report_json, 2u) << "the report must not fit the spare page";
  expectWholeFailureThenSuccess(sizes_.images + sizes_.dicomdir + 1, "report");
}

TEST_F(DiskFull, WhileTheDicomdirIsWritten) {
  // Room for the images only.
  expectWholeFailureThenSuccess(sizes_.images, "DICOMDIR");
}

}  // namespace
