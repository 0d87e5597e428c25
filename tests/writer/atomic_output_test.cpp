#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "export_fixtures.h"
#include "imaging/core/error.h"
#include "imaging/writer/atomic_output.h"
#include "imaging/writer/zip_archive.h"

namespace fs = std::filesystem;
using imaging::AtomicOutput;
using imaging::OutputKind;

namespace {
std::size_t entriesIn(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}
void touch(const fs::path& p) { std::ofstream(p) << "x"; }
}  // namespace

TEST(AtomicOutput, NothingAppearsWithoutCommit) {
  const fs::path work = export_fixtures::freshDir("atomic_nocommit");
  fs::create_directories(work / "in");
  {
    AtomicOutput out(work / "out", work / "in", OutputKind::Folder);
    ASSERT_TRUE(fs::is_directory(out.staging()));
    EXPECT_EQ(out.staging().parent_path(), fs::canonical(work));
    touch(out.staging() / "file");
    EXPECT_FALSE(fs::exists(work / "out"));
  }  // failure path: destroyed without commit
  EXPECT_FALSE(fs::exists(work / "out"));
  EXPECT_EQ(entriesIn(work), 1u) << "staging folder left behind";
}

TEST(AtomicOutput, CommitMovesTreeIntoPlace) {
  const fs::path work = export_fixtures::freshDir("atomic_commit");
  fs::create_directories(work / "in");
  fs::create_directories(work / "out");  // an empty folder is accepted
  {
    AtomicOutput out(work / "out", work / "in", OutputKind::Folder);
    fs::create_directories(out.staging() / "DICOM");
    touch(out.staging() / "DICOM" / "A");
    out.commit();
  }
  EXPECT_TRUE(fs::exists(work / "out" / "DICOM" / "A"));
  EXPECT_EQ(entriesIn(work), 2u);
}

TEST(AtomicOutput, RefusesNonEmptyOutput) {
  const fs::path work = export_fixtures::freshDir("atomic_nonempty");
  fs::create_directories(work / "in");
  fs::create_directories(work / "out");
  touch(work / "out" / "keep");
  try {
    AtomicOutput out(work / "out", work / "in", OutputKind::Folder);
    FAIL() << "accepted a non-empty output";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::OutputNotEmpty);
  }
  EXPECT_TRUE(fs::exists(work / "out" / "keep"));
  EXPECT_EQ(entriesIn(work), 2u);
}

TEST(AtomicOutput, RefusesOutputInsideInputAndInputInsideOutput) {
  const fs::path work = export_fixtures::freshDir("atomic_nesting");
  fs::create_directories(work / "in" / "sub");
  EXPECT_THROW(imaging::checkOutputTarget(work / "in" / "out", work / "in", OutputKind::Folder), imaging::Error);
  EXPECT_THROW(imaging::checkOutputTarget(work / "in" / "sub" / ".." / "x", work / "in", OutputKind::Folder), imaging::Error);
  EXPECT_THROW(imaging::checkOutputTarget(work, work / "in" / "sub", OutputKind::Folder), imaging::Error);
  EXPECT_NO_THROW(imaging::checkOutputTarget(work / "elsewhere", work / "in", OutputKind::Folder));
  EXPECT_FALSE(fs::exists(work / "in" / "out"));
}

TEST(AtomicOutput, RefusesOutputInAReadOnlyFolderBeforeWriting) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write anywhere";
  const fs::path base = export_fixtures::freshDir("atomic_readonly");
  fs::create_directories(base / "locked");
  fs::permissions(base / "locked", fs::perms::owner_read | fs::perms::owner_exec);
  try {
    imaging::checkOutputTarget(base / "locked" / "out", base / "in", imaging::OutputKind::Folder);
    ADD_FAILURE() << "a read-only parent folder was accepted";
  } catch (const imaging::Error& e) {
    EXPECT_NE(std::string(e.what()).find("not writable"), std::string::npos) << e.what();
  }
  fs::permissions(base / "locked", fs::perms::owner_all);
}

TEST(AtomicOutput, ZipTargetMustNotExistAndIsWrittenOnCommit) {
  const fs::path work = export_fixtures::freshDir("atomic_zip");
  fs::create_directories(work / "in");
  touch(work / "taken.zip");
  EXPECT_THROW(AtomicOutput(work / "taken.zip", work / "in", OutputKind::Zip), imaging::Error);
  {
    AtomicOutput out(work / "out.zip", work / "in", OutputKind::Zip);
    fs::create_directories(out.staging() / "DICOM");
    std::ofstream(out.staging() / "DICOM" / "A") << "payload";
    out.commit();
  }
  ASSERT_TRUE(fs::is_regular_file(work / "out.zip"));
  EXPECT_EQ(entriesIn(work), 3u);  // in, taken.zip, out.zip: no staging left
  fs::create_directories(work / "x");
  imaging::extractZip(work / "out.zip", work / "x");
  EXPECT_EQ(export_fixtures::readAll(work / "x" / "DICOM" / "A"), "payload");
}
