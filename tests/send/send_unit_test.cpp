// Parts of send that need no peer: destination parsing, the state file, STOW bodies and answers.
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "imaging/core/error.h"
#include "imaging/send/destination.h"
#include "imaging/send/send_state.h"
#include "send_fixtures.h"
#include "stow_body.h"
#include "stow_response.h"

namespace send_test {
namespace {

TEST(DicomPeer, ParsesAetHostPort) {
  const auto peer = imaging::parseDicomPeer("PACS_1@archive.example.org:11112");
  EXPECT_EQ(peer.called_aet, "PACS_1");
  EXPECT_EQ(peer.host, "archive.example.org");
  EXPECT_EQ(peer.port, 11112);
  EXPECT_EQ(peer.toString(), "PACS_1@archive.example.org:11112");
  const auto v6 = imaging::parseDicomPeer("X@[::1]:104");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.toString(), "X@[::1]:104");
}

TEST(DicomPeer, RejectsMalformedWithReason) {
  for (const char* bad : {"127.0.0.1:104", "@host:104", "AET@:104", "AET@host", "AET@host:0", "AET@host:70000",
                          "AET@host:10x", "SEVENTEEN_CHARS_X@host:104"}) {
    try {
      imaging::parseDicomPeer(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const imaging::Error& e) {
      EXPECT_EQ(e.code(), imaging::ErrorCode::InvalidArgument) << bad;
    }
  }
}

TEST(StowTarget, EndpointAppendsStudiesOnce) {
  imaging::StowTarget target;
  target.url = "http://h/dicom-web/";
  EXPECT_EQ(target.endpoint(), "http://h/dicom-web/studies");
  target.url = "http://h/dicom-web/studies";
  EXPECT_EQ(target.endpoint(), "http://h/dicom-web/studies");
}

TEST(SendState, DefaultFileIsBesideNotInside) {
  EXPECT_EQ(imaging::SendState::defaultFileFor("/data/export"), "/data/export.scanshare-send.jsonl");
  EXPECT_EQ(imaging::SendState::defaultFileFor("/data/export/"), "/data/export.scanshare-send.jsonl");
  EXPECT_EQ(imaging::SendState::defaultFileFor("/data/cd.zip"), "/data/cd.zip.scanshare-send.jsonl");
}

TEST(SendState, RemembersPerDestinationAndExportAndSurvivesATornLastLine) {
  const auto folder = freshFolder("state");
  const auto file = folder / "state.jsonl";
  {
    imaging::SendState state(file);
    EXPECT_FALSE(std::filesystem::exists(file)) << "no file before anything was delivered";
    state.recordSent("A@h:1", "E1", "1.2.3");
    state.recordSent("A@h:1", "E1", "1.2.4");
    state.recordSent("B@h:2", "E1", "1.2.3");
    state.recordSent("A@h:1", "E2", "1.2.5");
  }
  std::ofstream(file, std::ios::app) << "{\"destination\":\"A@h:1\",\"sop_inst";  // crash mid-write
  // A record of an older version names no export: it proves nothing about this one.
  std::ofstream(file, std::ios::app) << "\n{\"destination\":\"A@h:1\",\"sop_instance_uid\":\"1.2.9\"}\n";
  imaging::SendState state(file);
  EXPECT_EQ(state.size(), 4u);
  EXPECT_TRUE(state.wasSent("A@h:1", "E1", "1.2.4"));
  EXPECT_TRUE(state.wasSent("B@h:2", "E1", "1.2.3"));
  EXPECT_FALSE(state.wasSent("B@h:2", "E1", "1.2.4"));
  EXPECT_FALSE(state.wasSent("A@h:1", "E2", "1.2.3")) << "another export of the same path is another send";
  EXPECT_FALSE(state.wasSent("A@h:1", "E1", "1.2.9"));
}

TEST(SendState, ExportIdentityFollowsTheContent) {
  imaging::Inventory a, b;
  auto add = [](imaging::Inventory& inventory, std::vector<std::string> uids) {
    imaging::Patient patient;
    imaging::Study study;
    imaging::Series series;
    for (const auto& uid : uids) {
      imaging::Instance instance;
      instance.sop_instance_uid = uid;
      series.instances.push_back(instance);
    }
    study.series.push_back(series);
    patient.studies.push_back(study);
    inventory.patients.push_back(patient);
  };
  add(a, {"1.2.3", "1.2.4"});
  add(b, {"1.2.4", "1.2.3"});
  EXPECT_EQ(imaging::SendState::exportIdentity(a), imaging::SendState::exportIdentity(b));
  add(b, {"1.2.5"});
  EXPECT_NE(imaging::SendState::exportIdentity(a), imaging::SendState::exportIdentity(b));
}

TEST(QidoAnswer, ListsTheSopInstanceUids) {
  const auto uids = imaging::send_detail::parseQidoInstances(
      R"([{"00080018":{"vr":"UI","Value":["1.2.3"]}},{"00080018":{"vr":"UI","Value":["1.2.4"]}}])");
  ASSERT_TRUE(uids.has_value());
  EXPECT_EQ(*uids, (std::set<std::string>{"1.2.3", "1.2.4"}));
  EXPECT_EQ(imaging::send_detail::parseQidoInstances("")->size(), 0u);
  EXPECT_FALSE(imaging::send_detail::parseQidoInstances("<html>no</html>").has_value());
}

TEST(StowBody, IsWellFormedMultipartWithUnusedBoundary) {
  const std::vector<std::string> parts = {std::string("DICM\0\x01part-one", 14), "part-two"};
  const std::string boundary = imaging::send_detail::chooseBoundary(parts);
  const std::string body = imaging::send_detail::multipartBody(parts, boundary);
  EXPECT_EQ(body.rfind("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n", 0), 0u);
  EXPECT_NE(body.find(parts[0]), std::string::npos);
  EXPECT_EQ(body.substr(body.size() - boundary.size() - 6), "--" + boundary + "--\r\n");
  std::size_t delimiters = 0;
  for (std::size_t at = body.find("--" + boundary); at != std::string::npos; at = body.find("--" + boundary, at + 1))
    ++delimiters;
  EXPECT_EQ(delimiters, 3u);
  EXPECT_NE(imaging::send_detail::multipartContentType(boundary).find("type=\"application/dicom\""), std::string::npos);
}

TEST(StowResponse, ReadsReferencedAndFailedSequences) {
  const std::string body = R"({
    "00081190": {"vr": "UR", "Value": ["http://x/studies/1"]},
    "00081199": {"vr": "SQ", "Value": [
      {"00081150": {"vr": "UI", "Value": ["1.2.840.10008.5.1.4.1.1.4"]}, "00081155": {"vr": "UI", "Value": ["1.1"]}},
      {"00081155": {"vr": "UI", "Value": ["1.2"]}, "00081196": {"vr": "US", "Value": [45063]}}]},
    "00081198": {"vr": "SQ", "Value": [
      {"00081155": {"vr": "UI", "Value": ["1.3"]}, "00081197": {"vr": "US", "Value": [272]}}]}})";
  const auto results = imaging::send_detail::parseStowResponse(body);
  ASSERT_TRUE(results.has_value());
  ASSERT_EQ(results->size(), 3u);
  EXPECT_TRUE(results->at("1.1").stored);
  EXPECT_TRUE(results->at("1.2").stored);
  EXPECT_EQ(results->at("1.2").warning_reason, 45063);
  EXPECT_FALSE(results->at("1.3").stored);
  EXPECT_EQ(results->at("1.3").failure_reason, 272);
}

TEST(StowResponse, NonJsonIsNoAnswer) {
  EXPECT_FALSE(imaging::send_detail::parseStowResponse("<html>502</html>").has_value());
  EXPECT_TRUE(imaging::send_detail::parseStowResponse("{}")->empty());
}

}  // namespace
}  // namespace send_test
