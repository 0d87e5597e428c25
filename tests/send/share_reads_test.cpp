// Issue 13's rule for the share pipeline, counted at the one door (bridge::setOpenObserver): with
// verify and a STOW send, each source file is parsed at most twice (scan and engine; verify takes
// the source's UIDs from the scan) and each written file once (verify; the DICOMDIR's records come
// from what the engine knew when it wrote each file, and the send takes its list from verify). The
// DICOMDIR so built must equal the one a read-back of every written file builds, byte for byte.
#include <map>
#include <mutex>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "imaging/deid/key.h"
#include "imaging/deid/profile.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/share_pipeline.h"
#include "imaging/writer/dicomdir.h"
#include "imaging_bridge/dicom_file.h"
#include "orthanc_server.h"
#include "send_fixtures.h"

namespace send_test {
namespace {

namespace fs = std::filesystem;

class ReadCounter {
 public:
  ReadCounter() {
    imaging::bridge::setOpenObserver([this](const fs::path& path, imaging::bridge::ReadDepth) {
      std::lock_guard<std::mutex> lock(mutex_);
      ++reads_[fs::weakly_canonical(path).string()];
    });
  }
  ~ReadCounter() { imaging::bridge::setOpenObserver({}); }
  std::map<std::string, int> reads() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return reads_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, int> reads_;
};

bool under(const std::string& path, const fs::path& folder) {
  const std::string prefix = fs::weakly_canonical(folder).string() + "/";
  return path.rfind(prefix, 0) == 0;
}

TEST(ShareReads, EachSourceTwiceAtMostEachWrittenFileOnceWithVerifyAndSend) {
#ifndef SCANSHARE_MAKE_SAMPLE
  FAIL() << "the sample generator target scanshare-make-sample is not built";
#else
  const auto folder = freshFolder("share-reads");
  const auto cd = folder / "cd";
  ASSERT_EQ(std::system((quoted(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out " + quoted(cd) + " >/dev/null 2>&1").c_str()), 0);
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());

  const auto out = folder / "out";
  imaging::ShareRequest request;
  request.input = cd;
  const imaging::Key key(std::vector<std::uint8_t>(32, 7));
  request.options.deid = imaging::makeDeidConfig(key, imaging::Profile::defaultProfile());
  request.options.flush_to_disk = false;
  request.output = out;
  request.key = key;
  request.verify = true;
  imaging::SendDestination stow;
  stow.stow = imaging::StowTarget{};
  stow.stow->url = orthanc.dicomWebUrl();
  request.destination = stow;
  request.send.retries = 0;

  std::map<std::string, int> reads;
  imaging::ShareOutcome outcome;
  {
    ReadCounter counter;
    outcome = imaging::SharePipeline(std::move(request)).run();
    // The copy is written into a staging folder beside OUT (".out.partial-XXXXXX") and renamed at
    // the end: a read there is a read of the same written file.
    const std::string staging_prefix = fs::weakly_canonical(folder).string() + "/.out.partial-";
    for (const auto& [path, count] : counter.reads()) {
      std::string final_path = path;
      if (path.rfind(staging_prefix, 0) == 0) {
        const std::size_t slash = path.find('/', staging_prefix.size());
        final_path = fs::weakly_canonical(out).string() + (slash == std::string::npos ? "" : path.substr(slash));
      }
      reads[final_path] += count;
    }
  }
  ASSERT_TRUE(outcome.verdict.has_value());
  ASSERT_TRUE(outcome.verdict->clean()) << outcome.verdict->findings.size() << " findings";
  ASSERT_TRUE(outcome.sent.has_value());
  EXPECT_EQ(outcome.sent->count(imaging::SendOutcome::Sent), outcome.result.kept);

  std::set<std::string> written;
  imaging::scan(out).forEachInstance([&](const auto&, const auto&, const auto&, const imaging::Instance& in) {
    written.insert(fs::weakly_canonical(in.path).string());
  });
  ASSERT_GT(written.size(), 50u);

  std::size_t sources = 0, outputs = 0;
  for (const auto& [path, count] : reads) {
    if (under(path, cd)) {
      ++sources;
      EXPECT_LE(count, 2) << "source read " << count << " times: " << path;
    } else if (written.count(path) != 0) {
      ++outputs;
      EXPECT_EQ(count, 1) << "written file read " << count << " times: " << path;
    }
  }
  EXPECT_GT(sources, 50u);
  EXPECT_EQ(outputs, written.size()) << "verify reads every written file once";

  // The DICOMDIR built from what the engine knew is the one a read-back of every file builds.
  const std::string from_writer = readText(out / "DICOMDIR");
  ASSERT_FALSE(from_writer.empty());
  imaging::writeDicomdir(out);
  EXPECT_EQ(readText(out / "DICOMDIR"), from_writer) << "the DICOMDIR differs from one read back from the files";
#endif
}

}  // namespace
}  // namespace send_test
