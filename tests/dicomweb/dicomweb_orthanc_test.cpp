// The dicomweb+http:// input against real Orthanc servers on loopback (Debian orthanc +
// orthanc-dicomweb): a source loaded with the generated sample CD, a research sink fed by --stow
// and restarted midway. What the sink holds must be what a file-input run writes. These tests fail,
// never skip, when Orthanc is missing.
#include <curl/curl.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "../send/orthanc_server.h"
#include "../send/send_fixtures.h"

namespace fs = std::filesystem;
using send_test::CliRun;
using send_test::OrthancServer;
using send_test::quoted;
using send_test::runCli;

namespace {

std::string fileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

long postFile(const std::string& url, const std::string& bytes, const std::string& user_colon_password = "") {
  CURL* curl = curl_easy_init();
  if (!user_colon_password.empty()) curl_easy_setopt(curl, CURLOPT_USERPWD, user_colon_password.c_str());
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/dicom");
  std::string ignored;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, bytes.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(bytes.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char*, std::size_t s, std::size_t n, void*) { return s * n; });
  long status = 0;
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return status;
}

std::string sopInstanceUid(const fs::path& file) {
  DcmFileFormat format;
  if (format.loadFile(file.c_str()).bad()) return {};
  OFString uid;
  format.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, uid);
  return uid.c_str();
}

// SOP Instance UID -> the file's bytes, for every instance of an export's DICOM tree.
std::map<std::string, std::string> instancesOf(const fs::path& export_folder) {
  std::map<std::string, std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(export_folder / "DICOM"))
    if (entry.is_regular_file()) found[sopInstanceUid(entry.path())] = fileBytes(entry.path());
  return found;
}

std::size_t instanceCount(const OrthancServer& server) {
  const auto answer = server.get("/statistics");
  if (answer.status != 200) return 0;
  return nlohmann::json::parse(answer.body)["CountInstances"].get<std::size_t>();
}

// The sample CD, loaded into a source Orthanc; `accepted` gets exactly the files it stored (the
// CD's damaged and non-image files are refused), so a file run over `accepted` is the reference.
struct LoadedSource {
  fs::path folder, accepted, key;
  std::unique_ptr<OrthancServer> server;
  std::size_t files = 0;

  explicit LoadedSource(const std::string& name) : folder(send_test::freshFolder(name)) {
    server = std::make_unique<OrthancServer>(folder / "source");
    server->start();
    const fs::path cd = folder / "cd";
    const std::string make = std::string(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out " + quoted(cd) + " >/dev/null";
    if (std::system(make.c_str()) != 0) throw std::runtime_error("scanshare-make-sample failed");
    accepted = folder / "accepted";
    for (const auto& entry : fs::recursive_directory_iterator(cd)) {
      if (!entry.is_regular_file()) continue;
      if (postFile(server->baseUrl() + "/instances", fileBytes(entry.path())) != 200) continue;
      const fs::path copy = accepted / fs::relative(entry.path(), cd);
      fs::create_directories(copy.parent_path());
      fs::copy_file(entry.path(), copy);
      ++files;
    }
    key = folder / "test.key";
    std::ofstream(key, std::ios::binary) << std::string(32, '\x5a');
  }
  std::string url(const std::string& query = "") const {
    return "dicomweb+" + server->dicomWebUrl() + (query.empty() ? "" : "?" + query);
  }
};

}  // namespace

TEST(DicomWebSource, StudiesGoThroughToARestartedSinkAsAFileRunWritesThem) {
  LoadedSource source("dicomweb-restart");
  ASSERT_GT(source.files, 20u) << "the source Orthanc took too few of the sample CD's files";
  const CliRun reference =
      runCli("anonymize " + quoted(source.accepted) + " -o " + quoted(source.folder / "ref") + " --key " + quoted(source.key), source.folder);
  ASSERT_LE(reference.exit_code, 1) << reference.err;
  const auto expected = instancesOf(source.folder / "ref");
  ASSERT_GT(expected.size(), 20u);

  OrthancServer sink(source.folder / "sink");
  sink.start();
  fs::create_directories(source.folder / "run");
  const fs::path tmp = source.folder / "tmp";  // the retrieval folder goes here and must go away
  fs::create_directories(tmp);
  CliRun run;
  std::atomic<bool> finished{false};
  std::thread cli([&] {
    run = runCli("anonymize " + quoted(fs::path(source.url())) + " -o " + quoted(source.folder / "out") + " --key " + quoted(source.key) +
                     " --stow " + sink.dicomWebUrl(),
                 source.folder / "run", "TMPDIR=" + quoted(tmp));
    finished = true;
  });
  // Restart the sink once the first STOW batch arrived and before the last one did.
  std::size_t at_kill = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!finished && std::chrono::steady_clock::now() < deadline) {
    at_kill = instanceCount(sink);
    if (at_kill > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  sink.stop();
  sink.start();
  cli.join();
  std::printf("sink restarted with %zu of %zu instances stored; %zu files retrieved from the source\n", at_kill, expected.size(), source.files);
  ASSERT_GT(at_kill, 0u) << "nothing reached the sink before the run ended: " << run.out << run.err;
  ASSERT_LT(at_kill, expected.size()) << "the send finished before the restart; the test proves nothing";
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("retrieved " + std::to_string(source.files) + " instance(s)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("sent " + std::to_string(expected.size()) + ", failed 0"), std::string::npos) << run.out;

  // The kept copy is the file run's, byte for byte, instance by instance.
  EXPECT_EQ(instancesOf(source.folder / "out"), expected);
  // The sink holds exactly those instances, with their pixel data.
  const auto stored = sink.storedInstances();
  ASSERT_EQ(stored.size(), expected.size());
  for (const auto& [uid, bytes] : expected) {
    const auto it = stored.find(uid);
    ASSERT_NE(it, stored.end()) << "missing at the sink: " << uid;
    const fs::path from_sink = sink.fetchFile(it->second, source.folder / "from-sink.dcm");
    std::ofstream(source.folder / "ref-one.dcm", std::ios::binary) << bytes;
    EXPECT_EQ(send_test::decodedPixelBytes(from_sink), send_test::decodedPixelBytes(source.folder / "ref-one.dcm")) << uid;
  }
  EXPECT_TRUE(fs::is_empty(tmp)) << "the retrieved studies were left in TMPDIR";
}

TEST(DicomWebSource, ShardsOfTheSourceUnionToTheFileRun) {
  LoadedSource source("dicomweb-shards");
  const CliRun reference =
      runCli("anonymize " + quoted(source.accepted) + " -o " + quoted(source.folder / "ref") + " --key " + quoted(source.key), source.folder);
  ASSERT_LE(reference.exit_code, 1) << reference.err;
  const auto expected = instancesOf(source.folder / "ref");
  std::map<std::string, std::string> united;
  for (int i = 0; i < 3; ++i) {
    const CliRun shard = runCli("anonymize " + quoted(fs::path(source.url())) + " -o " + quoted(source.folder / "out") + " --key " +
                                    quoted(source.key) + " --shard " + std::to_string(i) + "/3",
                                source.folder);
    ASSERT_LE(shard.exit_code, 1) << shard.err;
    const fs::path folder = source.folder / "out" / ("shard-" + std::to_string(i) + "-of-3");
    if (!fs::exists(folder / "DICOM")) continue;
    for (auto& [uid, bytes] : instancesOf(folder)) EXPECT_TRUE(united.emplace(uid, std::move(bytes)).second) << "in two shards: " << uid;
  }
  EXPECT_EQ(united, expected);
}

TEST(DicomWebSource, AQueryNarrowsTheStudies) {
  LoadedSource source("dicomweb-query");
  const CliRun none = runCli("anonymize " + quoted(fs::path(source.url("StudyDate=19000101"))) + " -o " + quoted(source.folder / "none") +
                                 " --key " + quoted(source.key),
                             source.folder);
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find(source.server->dicomWebUrl() + ": no DICOM images found"), std::string::npos) << none.err;
  EXPECT_EQ(none.err.find("19000101"), std::string::npos) << "the query is shown: " << none.err;
}

TEST(DicomWebSource, ErrorsAreOneLineNamingTheServerNotTheQuery) {
  const fs::path folder = send_test::freshFolder("dicomweb-errors");
  std::ofstream(folder / "test.key", std::ios::binary) << std::string(32, '\x5a');
  const std::string closed = "http://127.0.0.1:" + std::to_string(send_test::freeLocalPort()) + "/dicom-web";
  const CliRun refused = runCli("anonymize 'dicomweb+" + closed + "?PatientID=SECRET77' -o " + quoted(folder / "o1") + " --key " +
                                    quoted(folder / "test.key"),
                                folder);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("DICOMweb source " + closed + ": QIDO-RS search cannot reach the server"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find("SECRET77"), std::string::npos) << refused.err;
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
  EXPECT_FALSE(fs::exists(folder / "o1"));

  OrthancServer server(folder / "orthanc");
  server.start();
  const CliRun not_found = runCli("anonymize 'dicomweb+" + server.baseUrl() + "/no-such-root?PatientID=SECRET77' -o " +
                                      quoted(folder / "o2") + " --key " + quoted(folder / "test.key"),
                                  folder);
  EXPECT_EQ(not_found.exit_code, 2);
  EXPECT_NE(not_found.err.find(server.baseUrl() + "/no-such-root: QIDO-RS search answered HTTP 404"), std::string::npos) << not_found.err;
  EXPECT_EQ(not_found.err.find("SECRET77"), std::string::npos) << not_found.err;
}

// scan and verify read folders and files; given a dicomweb+ source they refuse it naming the root,
// never its query (which holds the patient's ID or name).
TEST(DicomWebSource, ScanAndVerifyNameTheServerNotTheQuery) {
  const fs::path folder = send_test::freshFolder("dicomweb-scan-verify");
  const std::string source = "'dicomweb+http://127.0.0.1:" + std::to_string(send_test::freeLocalPort()) + "/dicom-web?PatientID=SECRET77'";
  const CliRun scanned = runCli("scan " + source, folder);
  EXPECT_EQ(scanned.exit_code, 2);
  EXPECT_EQ(scanned.err.find("SECRET77"), std::string::npos) << scanned.err;
  fs::create_directories(folder / "out");
  const CliRun verified = runCli("verify " + quoted(folder / "out") + " --against " + source, folder);
  EXPECT_EQ(verified.exit_code, 2);
  EXPECT_EQ(verified.err.find("SECRET77"), std::string::npos) << verified.err;
}

TEST(DicomWebSource, BasicAuthenticationGoesToTheSourceAndIsNeverPrinted) {
  const fs::path folder = send_test::freshFolder("dicomweb-auth");
  const fs::path key = folder / "test.key";
  std::ofstream(key, std::ios::binary) << std::string(32, '\x5a');
  send_test::OrthancSettings settings;
  settings.http_user = "reader:s3cretPW";
  OrthancServer server(folder / "orthanc", settings);
  server.start();
  const fs::path cd = folder / "cd";
  ASSERT_EQ(std::system((std::string(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out " + quoted(cd) + " >/dev/null").c_str()), 0);
  std::size_t loaded = 0;
  for (const auto& entry : fs::recursive_directory_iterator(cd))
    if (entry.is_regular_file() && loaded < 10 && postFile(server.baseUrl() + "/instances", fileBytes(entry.path()), "reader:s3cretPW") == 200)
      ++loaded;
  ASSERT_EQ(loaded, 10u);
  ASSERT_EQ(postFile(server.baseUrl() + "/instances", fileBytes(cd / "DICOMDIR")), 401) << "Orthanc does not require authentication";

  const std::string source = "'dicomweb+" + server.dicomWebUrl() + "'";
  const std::string rest = " --key " + quoted(key);
  for (const std::string& credentials : {std::string(), std::string(" --source-user reader:wrongPW")}) {
    const CliRun refused = runCli("anonymize " + source + " -o " + quoted(folder / "refused") + rest + credentials, folder);
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_NE(refused.err.find("QIDO-RS search answered HTTP 401 (check --source-user or --source-token)"), std::string::npos) << refused.err;
    EXPECT_EQ((refused.out + refused.err).find("wrongPW"), std::string::npos);
  }
  const CliRun ok = runCli("anonymize " + source + " -o " + quoted(folder / "ok") + rest + " --source-user reader:s3cretPW", folder);
  EXPECT_LE(ok.exit_code, 1) << ok.err;
  EXPECT_NE(ok.out.find("retrieved 10 instance(s)"), std::string::npos) << ok.out;
  EXPECT_EQ((ok.out + ok.err).find("s3cretPW"), std::string::npos);
  EXPECT_TRUE(fs::exists(folder / "ok" / "DICOMDIR"));
  // The source's credentials are for the source: not accepted without a dicomweb input.
  const CliRun misplaced = runCli("anonymize " + quoted(cd) + " -o " + quoted(folder / "x") + rest + " --source-user reader:s3cretPW", folder);
  EXPECT_EQ(misplaced.exit_code, 2);
  EXPECT_NE(misplaced.err.find("--source-user and --source-token are for a dicomweb+http(s):// input"), std::string::npos) << misplaced.err;
}
