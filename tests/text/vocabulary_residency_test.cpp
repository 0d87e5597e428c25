// The embedded word lists (25 MB) must not become resident memory of every process: start-up reads
// only their header, and lookups touch the pages of their binary search. A walk over the whole text
// made all of it resident (about half the peak memory of a small export).
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <gtest/gtest.h>

#include "imaging/text/free_text.h"
#include "vocabulary.h"

namespace {

using imaging::text::detail::Section;
using imaging::text::detail::Vocabulary;

// Pages of [begin, begin + size) that are mapped in this process (/proc/self/pagemap bit 63).
std::size_t presentPages(const char* begin, std::size_t size) {
  const long page = sysconf(_SC_PAGESIZE);
  const int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return static_cast<std::size_t>(-1);
  const auto first = reinterpret_cast<std::uintptr_t>(begin) / static_cast<std::uintptr_t>(page);
  const auto last = (reinterpret_cast<std::uintptr_t>(begin) + size - 1) / static_cast<std::uintptr_t>(page);
  std::size_t present = 0;
  for (std::uintptr_t p = first; p <= last; ++p) {
    std::uint64_t entry = 0;
    if (pread(fd, &entry, sizeof entry, static_cast<off_t>(p * sizeof entry)) != sizeof entry) break;
    if (entry >> 63) ++present;
  }
  close(fd);
  return present;
}

// Pages of the word lists that start-up and three lookups leave resident, in a process that has
// not used them before.
std::size_t pagesAfterStartUp(std::size_t& pages) {
  const Vocabulary& vocabulary = Vocabulary::instance();
  if (!vocabulary.contains(Section::Words, "knee") || !vocabulary.contains(Section::Imaging, "axial") ||
      vocabulary.contains(Section::Words, "xqzzyv"))
    return static_cast<std::size_t>(-1);
  imaging::text::warmUp();
  const std::string_view text = vocabulary.text();
  pages = text.size() / static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return presentPages(text.data(), text.size());
}

TEST(VocabularyResidency, StartUpAndLookupsLeaveMostOfTheWordListsOnDisk) {
  // "threadsafe" death tests run the statement in a new process started from main, where no other
  // test has used the vocabulary yet (later lookups of other words do add their pages).
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        std::size_t pages = 0;
        const std::size_t present = pagesAfterStartUp(pages);
        std::fprintf(stderr, "%zu of %zu pages are resident\n", present, pages);
        // Each lookup's binary search touches about 20 pages (and each fault maps up to 16 around
        // it); the walk over the whole text made every page resident.
        std::exit(pages > 2500 && present < pages / 8 ? 0 : 1);
      },
      testing::ExitedWithCode(0), "pages are resident");
}

}  // namespace
