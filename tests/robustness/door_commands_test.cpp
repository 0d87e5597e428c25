// Issue 13: every command meets a deeply nested file, a truncated file and a hostile DICOMDIR at
// the one door, and says so with a typed error (the code in brackets on the error line, the
// problem kind in JSON and the report, the finding kind in verify), never a crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "files.h"
#include "mutations.h"
#include "sample_cache.h"

namespace fs = std::filesystem;
using nlohmann::json;
using scanshare_test::readAll;
using scanshare_test::writeAll;

namespace {

struct Fixture {
  fs::path dir, cd, nested, cut, hostile_cd;
};

// The demo CD, plus NESTED.DCM (sequences 20000 deep), CUT.DCM (an image cut in half) in it, and
// a second CD whose DICOMDIR itself is nested 20000 deep.
Fixture makeFixture(const std::string& name) {
  Fixture f;
  f.dir = fs::path(SCANSHARE_TEST_WORK_DIR) / "door-commands" / name;
  fs::remove_all(f.dir);
  fs::create_directories(f.dir);
  f.cd = sample_cache::copyTo(f.dir / "cd", "demo");
  const fs::path image = f.cd / "DICOM" / "PAT1" / "STUDY1" / "SER1" / "IMG00001";
  const std::string bytes = readAll(image);
  f.nested = f.cd / "NESTED.DCM";
  writeAll(f.nested, mutations::deeplyNestedSequences(bytes, 20000));
  f.cut = f.cd / "CUT.DCM";
  writeAll(f.cut, bytes.substr(0, bytes.size() / 2));
  f.hostile_cd = sample_cache::copyTo(f.dir / "hostile", "demo");
  writeAll(f.hostile_cd / "DICOMDIR", mutations::deeplyNestedSequences(readAll(f.hostile_cd / "DICOMDIR"), 20000));
  writeAll(f.dir / "test.key", std::string(32, '\x21'));
  return f;
}

child::Result cli(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {SCANSHARE_CLI};
  argv.insert(argv.end(), args.begin(), args.end());
  child::Options options;
  options.timeout = std::chrono::minutes(3);
  return child::run(argv, options);
}

std::string kindOf(const json& problems, const std::string& file_name) {
  for (const auto& p : problems)
    if (fs::path(p.value("path", p.value("input", ""))).filename() == file_name) return p.value("kind", "");
  return "";
}

}  // namespace

TEST(DoorCommands, SingleFileCommandsNameTheTypedError) {
  const Fixture f = makeFixture("single");
  const std::vector<std::pair<fs::path, std::string>> cases = {
      {f.nested, "[unsafe-structure]"}, {f.cut, "[truncated]"}, {f.hostile_cd / "DICOMDIR", "[unsafe-structure]"}};
  for (const auto& [file, code] : cases) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"dump", file.string()}, std::vector<std::string>{"dump", "--json", file.string()},
          std::vector<std::string>{"render", file.string(), "-o", (f.dir / "x.png").string()},
          std::vector<std::string>{"ocr", file.string()}}) {
      const child::Result r = cli(args);
      const std::string what = args.front() + " " + file.filename().string();
      EXPECT_TRUE(r.exitedWithin({2})) << what << ": " << r.describe() << "\n" << r.err;
      EXPECT_NE(r.err.find(file.filename().string()), std::string::npos) << what << ": " << r.err;
      EXPECT_NE(r.err.find(code), std::string::npos) << what << ": " << r.err;
    }
  }
}

TEST(DoorCommands, ScanReportsEachProblemKindAndKeepsTheRest) {
  const Fixture f = makeFixture("scan");
  const child::Result r = cli({"scan", "--json", f.cd.string()});
  ASSERT_TRUE(r.exitedWithin({1})) << r.describe() << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(kindOf(j.at("problems"), "NESTED.DCM"), "unsafe-structure");
  EXPECT_EQ(kindOf(j.at("problems"), "CUT.DCM"), "truncated");

  const child::Result hostile = cli({"scan", "--json", f.hostile_cd.string()});
  ASSERT_TRUE(hostile.exitedWithin({0, 1})) << hostile.describe() << hostile.err;
  const json h = json::parse(hostile.out);
  EXPECT_EQ(kindOf(h.at("problems"), "DICOMDIR"), "invalid-dicomdir");
  EXPECT_GT(h.at("dicom_files").get<std::size_t>(), 0u) << "every file is scanned instead";
}

TEST(DoorCommands, AnonymizeSkipsThemAsDamagedAndExportsTheRest) {
  const Fixture f = makeFixture("anonymize");
  const fs::path out = f.dir / "OUT";
  const child::Result r = cli({"anonymize", f.cd.string(), "-o", out.string(), "--key", (f.dir / "test.key").string()});
  ASSERT_TRUE(r.exitedWithin({1})) << r.describe() << r.err;
  const json report = json::parse(readAll(f.dir / "OUT.report.json"));
  std::set<std::string> kinds;
  for (const auto& s : report.at("skipped_input_files")) {
    if (s.value("damaged", false)) kinds.insert(s.value("kind", ""));
  }
  EXPECT_TRUE(kinds.count("unsafe-structure")) << report.at("skipped_input_files").dump();
  EXPECT_TRUE(kinds.count("truncated")) << report.at("skipped_input_files").dump();

  const child::Result hostile = cli({"anonymize", f.hostile_cd.string(), "-o", (f.dir / "OUT2").string(), "--key",
                                     (f.dir / "test.key").string()});
  EXPECT_TRUE(hostile.exitedWithin({0, 1})) << hostile.describe() << hostile.err;
  EXPECT_TRUE(fs::exists(f.dir / "OUT2" / "DICOMDIR")) << "a fresh DICOMDIR is written";
}

TEST(DoorCommands, VerifyAndSendRefuseACopyWithAFileTheyCannotCheck) {
  const Fixture f = makeFixture("verify");
  const fs::path out = f.dir / "OUT";
  ASSERT_TRUE(cli({"anonymize", f.cd.string(), "-o", out.string(), "--key", (f.dir / "test.key").string()})
                  .exitedWithin({1}));
  // Someone slips the hostile files into the copy afterwards.
  fs::copy_file(f.nested, out / "DICOM" / "NESTED");
  fs::copy_file(f.cut, out / "DICOM" / "CUT");
  const child::Result r = cli({"verify", "--json", out.string()});
  ASSERT_TRUE(r.exitedWithin({1})) << r.describe() << r.err;
  const json j = json::parse(r.out);
  std::set<std::string> kinds;
  for (const auto& finding : j.at("findings")) kinds.insert(finding.value("kind", ""));
  EXPECT_TRUE(kinds.count("unsafe-structure")) << r.out;
  EXPECT_TRUE(kinds.count("truncated")) << r.out;
  EXPECT_FALSE(j.at("clean").get<bool>());

  // Nothing listens on port 1: a send that got past the refusal would fail differently (exit 2).
  const child::Result sent = cli({"send", out.string(), "--to", "PEER@127.0.0.1:1"});
  EXPECT_TRUE(sent.exitedWithin({3})) << sent.describe() << sent.err;
  EXPECT_NE(sent.err.find("refusing to send"), std::string::npos) << sent.err;
}
