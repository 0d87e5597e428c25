#pragma once
// One copy of a generated sample medium per build, shared by every test process (ctest runs each
// test in its own process; generating the demo CD takes seconds, under ASan tens of seconds).
// Treat the returned folder as read-only: copy what a test changes.
#include <filesystem>
#include <string>

namespace sample_cache {

// scanshare-make-sample --variant VARIANT [--count N], made once (under a file lock) into
// SCANSHARE_TEST_WORK_DIR/sample-cache/, keyed by the generator binary's size and mtime.
std::filesystem::path shared(const std::string& variant, int count = 0);

// A private, writable copy of shared(variant, count) at destination (replaced if present).
std::filesystem::path copyTo(const std::filesystem::path& destination, const std::string& variant, int count = 0);

}  // namespace sample_cache
