// Cancelling a send (SendOptions::cancel) against a real Orthanc: nothing starts once it is set,
// the file or batch in flight finishes, the rest is reported Cancelled, the state lists only what
// arrived, and a rerun with the same state sends exactly the rest. Also: a retry wait ends early.
#include <atomic>
#include <chrono>
#include <optional>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "imaging/send/send.h"
#include "orthanc_server.h"
#include "send_fixtures.h"

namespace send_test {
namespace {

using Clock = std::chrono::steady_clock;

imaging::SendDestination dimseTo(const OrthancServer& orthanc) {
  imaging::SendDestination destination;
  destination.peer = imaging::parseDicomPeer(orthanc.aet() + "@127.0.0.1:" + std::to_string(orthanc.dicomPort()));
  return destination;
}

imaging::SendDestination stowTo(const std::string& url) {
  imaging::SendDestination destination;
  destination.stow = imaging::StowTarget{};
  destination.stow->url = url;
  return destination;
}

std::vector<Fixture> writeFixtures(const std::filesystem::path& input, int count) {
  std::filesystem::create_directories(input);
  std::vector<Fixture> fixtures;
  for (int i = 0; i < count; ++i) fixtures.push_back(writeFixture(input, i));
  return fixtures;
}

void expectEveryFileCancelled(const imaging::SendReport& report, std::size_t expected_files) {
  ASSERT_EQ(report.files.size(), expected_files);
  for (const auto& file : report.files) {
    EXPECT_EQ(file.outcome, imaging::SendOutcome::Cancelled) << file.path << ": " << file.detail;
    EXPECT_NE(file.detail.find("not sent"), std::string::npos) << file.detail;
    EXPECT_TRUE(file.transfer_syntax_uid.empty());
  }
  EXPECT_FALSE(report.allDone());
  EXPECT_EQ(report.bytes_sent, 0u);
}

// Sets a flag from another thread after a delay (as a user's click or Ctrl-C would).
class DelayedCancel {
 public:
  DelayedCancel(std::atomic<bool>& flag, std::chrono::milliseconds delay)
      : thread_([&flag, delay] {
          std::this_thread::sleep_for(delay);
          flag.store(true);
        }) {}
  ~DelayedCancel() { thread_.join(); }
  DelayedCancel(const DelayedCancel&) = delete;
  DelayedCancel& operator=(const DelayedCancel&) = delete;

 private:
  std::thread thread_;
};

TEST(CancelSend, CancelledBeforeTheStartSendsNothingByEitherProtocol) {
  const auto folder = freshFolder("cancel-before-start");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto fixtures = writeFixtures(folder / "input", 4);
  const auto inventory = imaging::scan(folder / "input");
  std::atomic<bool> cancel{true};
  imaging::SendState state(folder / "state.jsonl");
  auto options = quickOptions();
  options.state = &state;
  options.cancel = &cancel;
  std::size_t progress_calls = 0;
  options.progress = [&](const imaging::FileSendStatus&, std::size_t, std::size_t) { ++progress_calls; };

  const auto dimse = imaging::sendTo(inventory, dimseTo(orthanc), options);
  expectEveryFileCancelled(dimse, fixtures.size());
  EXPECT_EQ(dimse.associations, 0u) << "a cancelled send must not even contact the peer";

  const auto stow = imaging::sendTo(inventory, stowTo(orthanc.dicomWebUrl()), options);
  expectEveryFileCancelled(stow, fixtures.size());

  EXPECT_EQ(progress_calls, 0u);
  EXPECT_EQ(state.size(), 0u);
  EXPECT_EQ(imaging::SendState(folder / "state.jsonl").size(), 0u) << "nothing may be recorded on disk";
  EXPECT_TRUE(orthanc.storedInstances().empty());
}

// Cancels from the progress callback once two files are confirmed, then checks the report, the
// peer, the state file, and that a rerun with the same state completes the send.
void cancelAfterTwoThenResume(const std::string& name, bool stow) {
  const auto folder = freshFolder(name);
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto fixtures = writeFixtures(folder / "input", 7);
  const auto inventory = imaging::scan(folder / "input");
  const auto destination = stow ? stowTo(orthanc.dicomWebUrl()) : dimseTo(orthanc);

  std::atomic<bool> cancel{false};
  imaging::SendState state(folder / "state.jsonl");
  auto options = quickOptions();
  options.stow_batch_files = 1;
  options.state = &state;
  options.cancel = &cancel;
  std::size_t confirmed = 0;
  options.progress = [&](const imaging::FileSendStatus& status, std::size_t, std::size_t) {
    if (status.outcome == imaging::SendOutcome::Sent && ++confirmed == 2) cancel.store(true);
  };
  const auto first = imaging::sendTo(inventory, destination, options);

  ASSERT_EQ(first.files.size(), fixtures.size());
  EXPECT_EQ(first.count(imaging::SendOutcome::Sent), 2u);
  EXPECT_EQ(first.count(imaging::SendOutcome::Cancelled), fixtures.size() - 2);
  EXPECT_EQ(first.count(imaging::SendOutcome::Failed), 0u);
  EXPECT_FALSE(first.allDone());
  if (!stow) {
    EXPECT_EQ(first.associations, 1u);
  }
  std::set<std::string> reported_sent;
  for (const auto& file : first.files) {
    if (file.outcome == imaging::SendOutcome::Sent) {
      reported_sent.insert(file.sop_instance_uid);
    } else {
      EXPECT_NE(file.detail.find("cancelled"), std::string::npos) << file.detail;
    }
  }

  // Exactly those two arrived, and exactly those two are recorded (also on disk).
  const auto stored = orthanc.storedInstances();
  ASSERT_EQ(stored.size(), 2u);
  for (const auto& uid : reported_sent) EXPECT_EQ(stored.count(uid), 1u) << uid;
  EXPECT_EQ(state.size(), 2u);
  imaging::SendState reloaded(folder / "state.jsonl");
  EXPECT_EQ(reloaded.size(), 2u);
  for (const Fixture& fixture : fixtures)
    EXPECT_EQ(reloaded.wasSent(first.destination, first.export_identity, fixture.sop_instance_uid), reported_sent.count(fixture.sop_instance_uid) == 1)
        << fixture.path;

  // The same command again: the rest goes, nothing twice.
  options.state = &reloaded;
  options.progress = nullptr;
  cancel.store(false);
  const auto second = imaging::sendTo(inventory, destination, options);
  EXPECT_EQ(second.count(imaging::SendOutcome::AlreadySent), 2u);
  EXPECT_EQ(second.count(imaging::SendOutcome::Sent), fixtures.size() - 2);
  EXPECT_TRUE(second.allDone());
  const auto all = orthanc.storedInstances();
  EXPECT_EQ(all.size(), fixtures.size());
  for (const Fixture& fixture : fixtures) EXPECT_EQ(all.count(fixture.sop_instance_uid), 1u) << fixture.path;
}

TEST(CancelSend, CStoreCancelAfterSecondFileLeavesExactlyTwoAndRerunSendsTheRest) {
  cancelAfterTwoThenResume("cancel-cstore-after-two", false);
}

TEST(CancelSend, StowCancelAfterSecondBatchLeavesExactlyTwoAndRerunSendsTheRest) {
  cancelAfterTwoThenResume("cancel-stow-after-two", true);
}

// A long retry wait (server unreachable) ends soon after the cancel, and the batch is reported
// cancelled rather than failed: the user stopped it, the server did not refuse it.
TEST(CancelSend, StowRetryWaitEndsPromptlyOnCancel) {
  const auto folder = freshFolder("cancel-stow-backoff");
  const auto fixtures = writeFixtures(folder / "input", 3);
  std::atomic<bool> cancel{false};
  auto options = quickOptions();
  options.retries = 5;
  options.retry_delay = std::chrono::seconds(20);
  options.cancel = &cancel;
  const auto destination = stowTo("http://127.0.0.1:" + std::to_string(freeLocalPort()) + "/dicom-web");
  const auto started = Clock::now();
  imaging::SendReport report;
  {
    const DelayedCancel cancel_soon(cancel, std::chrono::milliseconds(300));
    ASSERT_NO_THROW(report = imaging::sendTo(imaging::scan(folder / "input"), destination, options));
  }
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(3));
  expectEveryFileCancelled(report, fixtures.size());
}

// C-STORE: the peer dies after two files, the third waits to be retried; a cancel then ends the
// wait at once, and the peer (restarted) holds exactly the two reported sent.
TEST(CancelSend, CStoreRetryWaitEndsPromptlyOnCancel) {
  const auto folder = freshFolder("cancel-cstore-backoff");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto fixtures = writeFixtures(folder / "input", 6);
  std::atomic<bool> cancel{false};
  imaging::SendState state(folder / "state.jsonl");
  auto options = quickOptions();
  options.retries = 5;
  options.retry_delay = std::chrono::seconds(20);
  options.state = &state;
  options.cancel = &cancel;
  std::optional<DelayedCancel> cancel_soon;
  std::size_t confirmed = 0;
  options.progress = [&](const imaging::FileSendStatus& status, std::size_t, std::size_t) {
    if (status.outcome != imaging::SendOutcome::Sent || ++confirmed != 2) return;
    orthanc.stop();
    cancel_soon.emplace(cancel, std::chrono::milliseconds(300));
  };
  const auto started = Clock::now();
  const auto report = imaging::sendTo(imaging::scan(folder / "input"), dimseTo(orthanc), options);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(4));
  cancel_soon.reset();

  EXPECT_EQ(report.count(imaging::SendOutcome::Sent), 2u);
  EXPECT_EQ(report.count(imaging::SendOutcome::Cancelled), fixtures.size() - 2);
  EXPECT_EQ(report.count(imaging::SendOutcome::Failed), 0u);
  EXPECT_EQ(state.size(), 2u);
  ASSERT_NO_THROW(orthanc.start());
  const auto stored = orthanc.storedInstances();
  EXPECT_EQ(stored.size(), 2u);
  for (const auto& file : report.files)
    if (file.outcome == imaging::SendOutcome::Sent) {
      EXPECT_EQ(stored.count(file.sop_instance_uid), 1u) << file.path;
    }
}

}  // namespace
}  // namespace send_test
