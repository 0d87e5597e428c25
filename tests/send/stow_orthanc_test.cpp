// STOW-RS against a real Orthanc with its DICOMweb plugin: batches, per-instance status from the
// response, identical pixels; clear errors for a closed port and a wrong URL.
#include <gtest/gtest.h>

#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "imaging/send/send.h"
#include "orthanc_server.h"
#include "send_fixtures.h"

namespace send_test {
namespace {

TEST(StowToOrthanc, SendsInBatchesAndEveryInstanceArrivesIdentical) {
  const auto folder = freshFolder("stow-all");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  ASSERT_EQ(orthanc.get("/dicom-web/studies").status, 200)
      << "the DICOMweb plugin is not loaded: install orthanc-dicomweb (scripts/setup.sh)";
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  std::vector<Fixture> fixtures;
  FixtureSpec rle;
  rle.transfer_syntax_uid = "1.2.840.10008.1.2.5";
  for (int i = 0; i < 11; ++i) fixtures.push_back(writeFixture(input, i, i == 4 ? rle : FixtureSpec{}));

  imaging::StowTarget target;
  target.url = orthanc.dicomWebUrl();
  imaging::SendState state(folder / "state.jsonl");
  auto options = quickOptions(1);
  options.stow_batch_files = 4;  // 3 requests
  options.state = &state;
  std::size_t progress_calls = 0;
  options.progress = [&](const imaging::FileSendStatus&, std::size_t, std::size_t) { ++progress_calls; };
  const auto report = imaging::sendByStow(imaging::scan(input), target, options);

  EXPECT_EQ(report.destination, orthanc.dicomWebUrl() + "/studies");
  EXPECT_EQ(report.count(imaging::SendOutcome::Sent), fixtures.size());
  for (const auto& file : report.files) EXPECT_EQ(file.outcome, imaging::SendOutcome::Sent) << file.detail;
  EXPECT_EQ(progress_calls, fixtures.size());
  EXPECT_EQ(state.size(), fixtures.size());
  const auto stored = orthanc.storedInstances();
  ASSERT_EQ(stored.size(), fixtures.size());
  for (const Fixture& fixture : fixtures) {
    ASSERT_EQ(stored.count(fixture.sop_instance_uid), 1u);
    const auto got = orthanc.fetchFile(stored.at(fixture.sop_instance_uid), folder / "got.dcm");
    EXPECT_EQ(decodedPixelBytes(got), fixture.raw_pixels) << fixture.path;
  }

  // The same state for the same destination: nothing is sent again.
  const auto again = imaging::sendByStow(imaging::scan(input), target, options);
  EXPECT_EQ(again.count(imaging::SendOutcome::AlreadySent), fixtures.size());
}

TEST(StowToOrthanc, ClosedPortIsOneClearError) {
  const auto folder = freshFolder("stow-closed");
  writeFixture(folder, 0);
  imaging::StowTarget target;
  target.url = "http://127.0.0.1:" + std::to_string(freeLocalPort()) + "/dicom-web";
  try {
    imaging::sendByStow(imaging::scan(folder), target, quickOptions(1));
    FAIL() << "expected an error";
  } catch (const imaging::Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("cannot reach"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
}

TEST(StowToOrthanc, WrongUrlNamesTheHttpStatus) {
  const auto folder = freshFolder("stow-404");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  writeFixture(input, 0);
  imaging::StowTarget target;
  target.url = orthanc.baseUrl() + "/no-such-service";
  try {
    imaging::sendByStow(imaging::scan(input), target, quickOptions(1));
    FAIL() << "expected an error";
  } catch (const imaging::Error& e) {
    EXPECT_NE(std::string(e.what()).find("HTTP 404"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(orthanc.storedInstances().empty());
}

}  // namespace
}  // namespace send_test
