// The DICOMDIR's record store: records added in any order come back in the file's order (each
// record, then its children's subtrees) with the offsets a walk of the whole tree gives, whether
// the sort stays in memory or spills; the spill never shows in the folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "dicomdir_record_bytes.h"
#include "dicomdir_record_store.h"
#include "imaging/core/error.h"

namespace fs = std::filesystem;
using imaging::DicomdirRecordStore;
using imaging::TreePlace;

namespace {

fs::path freshFolder(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("scanshare-record-store-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::uint32_t readUint32(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
  return v;
}

// A tree held whole, laid out the plain way: what the store must reproduce without holding it.
struct Node {
  TreePlace place;
  std::string bytes;  // a record: its name, padded past the offsets' positions
  std::vector<Node> children;
};

std::string recordFor(const TreePlace& p, std::size_t extra) {
  std::string name = std::to_string(p.patient) + "." + std::to_string(p.study) + "." + std::to_string(p.series) + "." +
                     std::to_string(p.instance) + ";";
  return name + std::string(48 + extra, '-');
}

std::uint64_t subtreeBytes(const Node& n) {
  std::uint64_t total = n.bytes.size();
  for (const Node& c : n.children) total += subtreeBytes(c);
  return total;
}

// Appends each record of `siblings` in file order with (next sibling, lower level) offsets.
void layOutPlainly(const std::vector<Node>& siblings, std::uint64_t& at, std::vector<std::string>& out) {
  for (std::size_t i = 0; i < siblings.size(); ++i) {
    const Node& n = siblings[i];
    std::string bytes = n.bytes;
    const bool last = i + 1 == siblings.size();
    imaging::patchUint32(bytes, imaging::kNextRecordOffsetAt, last ? 0 : static_cast<std::uint32_t>(at + subtreeBytes(n)));
    imaging::patchUint32(bytes, imaging::kLowerLevelOffsetAt,
                         n.children.empty() ? 0 : static_cast<std::uint32_t>(at + n.bytes.size()));
    out.push_back(bytes);
    at += n.bytes.size();
    layOutPlainly(n.children, at, out);
  }
}

// A random archive: patients with studies, series and instances of random counts and sizes.
std::vector<Node> randomTree(std::mt19937& rng) {
  std::vector<Node> patients(1 + rng() % 6);
  for (std::uint32_t p = 0; p < patients.size(); ++p) {
    patients[p].place = {p + 1};
    patients[p].children.resize(1 + rng() % 3);
    for (std::uint32_t s = 0; s < patients[p].children.size(); ++s) {
      Node& study = patients[p].children[s];
      study.place = {p + 1, s + 1};
      study.children.resize(1 + rng() % 3);
      for (std::uint32_t r = 0; r < study.children.size(); ++r) {
        Node& series = study.children[r];
        series.place = {p + 1, s + 1, r + 1};
        series.children.resize(1 + rng() % 12);
        for (std::uint32_t i = 0; i < series.children.size(); ++i) series.children[i].place = {p + 1, s + 1, r + 1, i + 1};
      }
    }
  }
  return patients;
}

void forEachNode(std::vector<Node>& nodes, const std::function<void(Node&)>& visit) {
  for (Node& n : nodes) {
    visit(n);
    forEachNode(n.children, visit);
  }
}

std::vector<std::string> layOutWithStore(std::vector<Node> tree, std::mt19937& rng, std::size_t budget,
                                         const fs::path& dir, std::uint64_t start) {
  std::vector<const Node*> all;
  forEachNode(tree, [&](Node& n) { all.push_back(&n); });
  std::shuffle(all.begin(), all.end(), rng);  // the store must not rely on the order records come in
  DicomdirRecordStore store(dir, budget);
  for (const Node* n : all) {
    store.add(n->place, n->bytes);
    if (!n->children.empty()) {
      store.describe(n->place, 7, 99);  // a stale description first: the last one counts
      store.describe(n->place, subtreeBytes(*n), static_cast<std::uint32_t>(n->children.size()));
    }
  }
  EXPECT_TRUE(fs::is_empty(dir)) << "spill files are unlinked as soon as they are made";
  EXPECT_EQ(store.firstRootOffset(start), start);
  EXPECT_EQ(store.lastRootOffset(start), start + store.bytes() - subtreeBytes(tree.back()));
  std::vector<std::string> written;
  store.layOut(start, [&](const std::string& bytes) { written.push_back(bytes); });
  return written;
}

}  // namespace

TEST(DicomdirRecordStore, LaysOutAnyTreeAsAWalkOfTheWholeTreeDoes) {
  const fs::path dir = freshFolder("layout");
  std::mt19937 rng(7);
  for (int round = 0; round < 40; ++round) {
    std::vector<Node> tree = randomTree(rng);
    forEachNode(tree, [&](Node& n) { n.bytes = recordFor(n.place, rng() % 9); });
    const std::uint64_t start = 100 + rng() % 50;
    std::vector<std::string> expected;
    std::uint64_t at = start;
    layOutPlainly(tree, at, expected);
    // In memory, and with a budget so small that nearly every record is a spilled run of its own.
    for (const std::size_t budget : {std::size_t{1} << 20, std::size_t{200}}) {
      const std::vector<std::string> written = layOutWithStore(tree, rng, budget, dir, start);
      ASSERT_EQ(written.size(), expected.size()) << "round " << round;
      for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(written[i], expected[i]) << "round " << round << ", record " << i << ": next "
                                           << readUint32(written[i], imaging::kNextRecordOffsetAt) << " vs "
                                           << readUint32(expected[i], imaging::kNextRecordOffsetAt);
      }
    }
  }
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}

TEST(DicomdirRecordStore, ARecordHeadingUndescribedRecordsIsABug) {
  const fs::path dir = freshFolder("undescribed");
  DicomdirRecordStore store(dir);
  store.add({1}, recordFor({1}, 0));
  store.add({1, 1}, recordFor({1, 1}, 0));
  store.describe({1}, 2 * recordFor({1}, 0).size(), 1);  // the study is never described
  try {
    store.layOut(0, [](const std::string&) {});
    FAIL() << "laid out a study whose series are unknown";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::Internal);
  }
  fs::remove_all(dir);
}
