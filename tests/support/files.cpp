#include "files.h"

#include <fstream>
#include <iterator>

namespace scanshare_test {

std::string readAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace scanshare_test
