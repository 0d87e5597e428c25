// Reading files in tests.
#pragma once

#include <filesystem>
#include <string>

namespace scanshare_test {

// The whole file as bytes; empty when it cannot be read.
std::string readAll(const std::filesystem::path& path);

}  // namespace scanshare_test
