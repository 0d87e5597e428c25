// The DICOMDIR's record store: records spilled to its file come back byte for byte, in any order,
// and the spill file never shows in the folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <unistd.h>

#include "dicomdir_record_store.h"

namespace fs = std::filesystem;
using imaging::DicomdirRecordStore;

namespace {

fs::path freshFolder(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("scanshare-record-store-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string recordText(std::size_t i) { return "record " + std::to_string(i) + std::string(i % 7, '.'); }

}  // namespace

TEST(DicomdirRecordStore, SpilledRecordsReadBackInAnyOrder) {
  const fs::path dir = freshFolder("spill");
  {
    DicomdirRecordStore store(dir, 64);  // a small block: most records are spilled
    const std::uint32_t patient = store.add(DicomdirRecordStore::kNoRecord, recordText(0));
    for (std::size_t i = 1; i < 200; ++i) store.add(patient, recordText(i));
    EXPECT_TRUE(fs::is_empty(dir)) << "the spill file is unlinked as soon as it is made";
    ASSERT_EQ(store.size(), 200u);
    for (std::uint32_t r : {199u, 0u, 57u, 58u, 3u, 198u, 120u}) EXPECT_EQ(store.bytes(r), recordText(r));
    for (std::uint32_t r = 0; r < 200; ++r) EXPECT_EQ(store.bytes(r), recordText(r));
  }
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}

TEST(DicomdirRecordStore, FileOrderIsEachRecordThenItsChildren) {
  const fs::path dir = freshFolder("order");
  DicomdirRecordStore store(dir, 8);
  const std::uint32_t p1 = store.add(DicomdirRecordStore::kNoRecord, "p1");
  const std::uint32_t p2 = store.add(DicomdirRecordStore::kNoRecord, "p2");
  const std::uint32_t s1 = store.add(p1, "s1");
  const std::uint32_t s2 = store.add(p2, "s2");
  const std::uint32_t i1 = store.add(s1, "i1");
  const std::uint32_t s3 = store.add(p1, "s3");
  EXPECT_EQ(store.fileOrder(), (std::vector<std::uint32_t>{p1, s1, i1, s3, p2, s2}));
  EXPECT_EQ(store.rootFirst(), p1);
  EXPECT_EQ(store.rootLast(), p2);
  EXPECT_EQ(store.record(p1).next_sibling, p2);
  for (std::uint32_t r : store.fileOrder()) EXPECT_EQ(store.bytes(r).size(), 2u);
  fs::remove_all(dir);
}
