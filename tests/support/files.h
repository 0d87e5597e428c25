// Reading files in tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace scanshare_test {

// The whole file as bytes; empty when it cannot be read.
std::string readAll(const std::filesystem::path& path);
// Writes bytes as the whole file (creating its folder); replaces what was there.
void writeAll(const std::filesystem::path& path, const std::string& bytes);
// Every regular file below root, sorted.
std::vector<std::filesystem::path> regularFilesUnder(const std::filesystem::path& root);

}  // namespace scanshare_test
