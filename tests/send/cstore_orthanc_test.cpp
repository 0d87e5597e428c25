// C-STORE against a real Orthanc: everything arrives with the same pixels; clear errors for a
// wrong AE title, a closed port and a silent peer; a SOP class the peer refuses fails that file
// only; transcoding only when the peer refuses the file's syntax; a peer stopped mid-transfer
// leaves an honest report and a rerun completes.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "imaging/send/send.h"
#include "orthanc_server.h"
#include "send_fixtures.h"

namespace send_test {
namespace {

constexpr const char* kExplicitLittle = "1.2.840.10008.1.2.1";
constexpr const char* kImplicitLittle = "1.2.840.10008.1.2";
constexpr const char* kRleLossless = "1.2.840.10008.1.2.5";
constexpr const char* kCtImage = "1.2.840.10008.5.1.4.1.1.2";

imaging::DicomPeer peerOf(const OrthancServer& orthanc) {
  return imaging::parseDicomPeer(orthanc.aet() + "@127.0.0.1:" + std::to_string(orthanc.dicomPort()));
}

// Every fixture is stored in Orthanc with exactly the generated pixel values.
void expectStoredIdentically(const OrthancServer& orthanc, const std::vector<Fixture>& fixtures,
                             const std::filesystem::path& scratch) {
  const auto stored = orthanc.storedInstances();
  for (const Fixture& fixture : fixtures) {
    const auto it = stored.find(fixture.sop_instance_uid);
    ASSERT_NE(it, stored.end()) << fixture.path << " did not arrive";
    const auto file = orthanc.fetchFile(it->second, scratch / (it->second + ".dcm"));
    EXPECT_EQ(decodedPixelBytes(file), fixture.raw_pixels) << fixture.path;
  }
}

TEST(CStoreToOrthanc, SendsEveryInstanceWithIdenticalPixelsOverOneAssociation) {
  const auto folder = freshFolder("cstore-all");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  std::vector<Fixture> fixtures;
  for (int i = 0; i < 3; ++i) fixtures.push_back(writeFixture(input, i));
  FixtureSpec ct;
  ct.sop_class_uid = kCtImage;
  ct.transfer_syntax_uid = kImplicitLittle;
  for (int i = 3; i < 5; ++i) fixtures.push_back(writeFixture(input, i, ct));
  FixtureSpec rle;
  rle.transfer_syntax_uid = kRleLossless;
  fixtures.push_back(writeFixture(input, 5, rle));

  imaging::SendState state(folder / "state.jsonl");
  auto options = quickOptions();
  options.state = &state;
  const auto report = imaging::sendByCStore(imaging::scan(input), peerOf(orthanc), options);

  ASSERT_EQ(report.files.size(), fixtures.size());
  EXPECT_EQ(report.count(imaging::SendOutcome::Sent), fixtures.size());
  EXPECT_EQ(report.associations, 1u);
  for (const auto& file : report.files) {
    EXPECT_EQ(file.outcome, imaging::SendOutcome::Sent) << file.path << ": " << file.detail;
    EXPECT_EQ(file.detail.find("transcoded"), std::string::npos) << "Orthanc accepts every syntax; no transcoding expected";
  }
  EXPECT_EQ(orthanc.storedInstances().size(), fixtures.size());
  expectStoredIdentically(orthanc, fixtures, folder);
  // Each file travelled in its own syntax (Orthanc keeps what it received).
  const auto stored = orthanc.storedInstances();
  EXPECT_EQ(transferSyntaxOf(orthanc.fetchFile(stored.at(fixtures[5].sop_instance_uid), folder / "rle.dcm")), kRleLossless);
  EXPECT_EQ(transferSyntaxOf(orthanc.fetchFile(stored.at(fixtures[3].sop_instance_uid), folder / "ile.dcm")), kImplicitLittle);
  EXPECT_EQ(state.size(), fixtures.size());

  // A rerun with the same state sends nothing: one association asks the peer (C-FIND), which
  // confirms it has every instance.
  imaging::SendState reloaded(folder / "state.jsonl");
  options.state = &reloaded;
  const auto again = imaging::sendByCStore(imaging::scan(input), peerOf(orthanc), options);
  EXPECT_EQ(again.count(imaging::SendOutcome::AlreadySent), fixtures.size());
  EXPECT_EQ(again.count(imaging::SendOutcome::Sent), 0u);
  EXPECT_EQ(again.associations, 1u);
  // The state file alone never makes a send succeed: with the peer gone nothing can be confirmed.
  const auto peer = peerOf(orthanc);
  orthanc.stop();
  EXPECT_THROW(imaging::sendByCStore(imaging::scan(input), peer, options), imaging::Error);
}

TEST(CStoreToOrthanc, WrongCalledAeTitleIsRejectedWithReason) {
  const auto folder = freshFolder("cstore-wrong-ae");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "in";
  std::filesystem::create_directories(input);
  writeFixture(input, 0);
  const auto peer = imaging::parseDicomPeer("NOTORTHANC@127.0.0.1:" + std::to_string(orthanc.dicomPort()));
  try {
    imaging::sendByCStore(imaging::scan(input), peer, quickOptions());
    FAIL() << "expected an error";
  } catch (const imaging::Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("rejected"), std::string::npos) << message;
    EXPECT_NE(message.find("called AE title 'NOTORTHANC'"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
  EXPECT_TRUE(orthanc.storedInstances().empty());
}

TEST(CStoreToOrthanc, ClosedPortSaysConnectionRefused) {
  const auto folder = freshFolder("cstore-closed");
  writeFixture(folder, 0);
  const auto peer = imaging::parseDicomPeer("ANY@127.0.0.1:" + std::to_string(freeLocalPort()));
  try {
    imaging::sendByCStore(imaging::scan(folder), peer, quickOptions());
    FAIL() << "expected an error";
  } catch (const imaging::Error& e) {
    EXPECT_NE(std::string(e.what()).find("connection refused"), std::string::npos) << e.what();
  }
}

TEST(CStoreToOrthanc, SilentPeerTimesOut) {
  const auto folder = freshFolder("cstore-silent");
  writeFixture(folder, 0);
  // A socket that listens (the kernel completes the handshake) but never answers.
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  socklen_t length = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const auto peer = imaging::parseDicomPeer("ANY@127.0.0.1:" + std::to_string(ntohs(address.sin_port)));
  auto options = quickOptions();
  options.timeout_s = 1;
  const auto started = std::chrono::steady_clock::now();
  try {
    imaging::sendByCStore(imaging::scan(folder), peer, options);
    ADD_FAILURE() << "expected an error";
  } catch (const imaging::Error& e) {
    EXPECT_NE(std::string(e.what()).find("timeout"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  ::close(listener);
}

TEST(CStoreToOrthanc, RefusedSopClassFailsOnlyThoseFiles) {
  const auto folder = freshFolder("cstore-sop-refused");
  OrthancServer orthanc(folder / "orthanc");  // UnknownSopClassAccepted: false
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  const Fixture known = writeFixture(input, 0);
  FixtureSpec odd;
  odd.sop_class_uid = "1.2.826.0.1.3680043.10.9999.77";  // a class no archive knows
  const Fixture unknown = writeFixture(input, 1, odd);

  const auto report = imaging::sendByCStore(imaging::scan(input), peerOf(orthanc), quickOptions());
  ASSERT_EQ(report.files.size(), 2u);
  for (const auto& file : report.files) {
    if (file.sop_instance_uid == known.sop_instance_uid) {
      EXPECT_EQ(file.outcome, imaging::SendOutcome::Sent) << file.detail;
    } else {
      EXPECT_EQ(file.outcome, imaging::SendOutcome::Failed);
      EXPECT_NE(file.detail.find("refused SOP class"), std::string::npos) << file.detail;
    }
  }
  const auto stored = orthanc.storedInstances();
  EXPECT_EQ(stored.count(known.sop_instance_uid), 1u);
  EXPECT_EQ(stored.count(unknown.sop_instance_uid), 0u);
}

TEST(CStoreToOrthanc, TranscodesOnlyWhenPeerRefusesTheOriginalSyntax) {
  const auto folder = freshFolder("cstore-transcode");
  OrthancSettings settings;
  settings.accepted_transfer_syntaxes = {kImplicitLittle, kExplicitLittle};  // no RLE
  OrthancServer orthanc(folder / "orthanc", settings);
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  FixtureSpec rle;
  rle.transfer_syntax_uid = kRleLossless;
  const Fixture compressed = writeFixture(input, 0, rle);
  const Fixture plain = writeFixture(input, 1);
  ASSERT_EQ(transferSyntaxOf(compressed.path), kRleLossless);

  const auto report = imaging::sendByCStore(imaging::scan(input), peerOf(orthanc), quickOptions());
  ASSERT_EQ(report.count(imaging::SendOutcome::Sent), 2u) << report.files[0].detail << " / " << report.files[1].detail;
  for (const auto& file : report.files) {
    if (file.sop_instance_uid == compressed.sop_instance_uid) {
      EXPECT_EQ(file.transfer_syntax_uid, kExplicitLittle);
      EXPECT_NE(file.detail.find("transcoded"), std::string::npos) << file.detail;
    } else {
      EXPECT_EQ(file.transfer_syntax_uid, kExplicitLittle);
      EXPECT_TRUE(file.detail.empty()) << file.detail;
    }
  }
  expectStoredIdentically(orthanc, {compressed, plain}, folder);
  const auto stored = orthanc.storedInstances();
  EXPECT_EQ(transferSyntaxOf(orthanc.fetchFile(stored.at(compressed.sop_instance_uid), folder / "got.dcm")),
            kExplicitLittle);
}

TEST(CStoreToOrthanc, PeerStoppedMidTransferReportsHonestlyAndRerunCompletes) {
  const auto folder = freshFolder("cstore-stopped");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  std::vector<Fixture> fixtures;
  for (int i = 0; i < 30; ++i) fixtures.push_back(writeFixture(input, i));
  const auto inventory = imaging::scan(input);

  imaging::SendState state(folder / "state.jsonl");
  auto options = quickOptions();
  options.state = &state;
  std::size_t confirmed = 0;
  options.progress = [&](const imaging::FileSendStatus& status, std::size_t, std::size_t) {
    if (status.outcome == imaging::SendOutcome::Sent && ++confirmed == 10) orthanc.stop();
  };
  const auto first = imaging::sendByCStore(inventory, peerOf(orthanc), options);
  const std::size_t sent = first.count(imaging::SendOutcome::Sent);
  EXPECT_EQ(sent, 10u);
  EXPECT_EQ(first.count(imaging::SendOutcome::Failed), fixtures.size() - sent);
  for (const auto& file : first.files) {
    if (file.outcome == imaging::SendOutcome::Failed) {
      EXPECT_NE(file.detail.find("not sent"), std::string::npos) << file.detail;
    }
  }

  // Nothing reported sent that the peer does not have.
  ASSERT_NO_THROW(orthanc.start());
  const auto stored = orthanc.storedInstances();
  std::set<std::string> reported;
  for (const auto& file : first.files)
    if (file.outcome == imaging::SendOutcome::Sent) {
      reported.insert(file.sop_instance_uid);
      EXPECT_EQ(stored.count(file.sop_instance_uid), 1u) << "reported sent but not stored: " << file.path;
    }
  EXPECT_EQ(state.size(), reported.size());

  // The rerun sends exactly the rest.
  imaging::SendState reloaded(folder / "state.jsonl");
  options.state = &reloaded;
  options.progress = nullptr;
  const auto second = imaging::sendByCStore(inventory, peerOf(orthanc), options);
  EXPECT_EQ(second.count(imaging::SendOutcome::AlreadySent), sent);
  EXPECT_EQ(second.count(imaging::SendOutcome::Sent), fixtures.size() - sent);
  EXPECT_TRUE(second.allDone());
  EXPECT_EQ(orthanc.storedInstances().size(), fixtures.size());
  expectStoredIdentically(orthanc, fixtures, folder);
}

}  // namespace
}  // namespace send_test
