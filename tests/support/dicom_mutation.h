#pragma once
// One damaged copy of a DICOM file's bytes, for the tests that hold our readers and writers to
// DCMTK's answers on damaged input: a bit flipped, a length made huge, undefined, odd or zero, the
// file cut, a chunk repeated or removed, a text byte (padding, NUL, backslash, Latin-1 letter, ESC)
// or a VR letter rewritten. Everything after the 132-byte preamble can be hit. Seeded by the caller,
// so a failing mutant can be found again.
#include <algorithm>
#include <cstddef>
#include <random>
#include <string>
#include <string_view>

namespace scanshare_test {

// How many mutants a test runs: each parse is many times slower under the sanitizers, whose CI run
// takes a smaller sample of the same seeded sequence.
constexpr int mutantCount(int normal, int under_sanitizers) {
#if defined(__SANITIZE_ADDRESS__)
  (void)normal;
  return under_sanitizers;
#else
  (void)under_sanitizers;
  return normal;
#endif
}

inline std::string mutateDicom(std::string bytes, std::mt19937& random) {
  auto at = [&](std::size_t size) { return std::uniform_int_distribution<std::size_t>(0, size - 1)(random); };
  const std::size_t start = std::min<std::size_t>(132, bytes.size() - 1);
  auto inFile = [&] { return start + at(bytes.size() - start); };
  switch (random() % 7) {
    case 0:
      bytes[inFile()] ^= static_cast<char>(1u << (random() % 8));
      break;
    case 1: {
      const std::size_t p = inFile();
      const std::string_view patterns[] = {{"\xFF\xFF\xFF\xFF", 4}, {"\xFF\xFF", 2}, {"\x01\x00", 2},
                                           {"\x03\x00\x00\x00", 4}, {"\x00\x00\x00\x00", 4}};
      const std::string pattern(patterns[random() % 5]);
      bytes.replace(p, std::min(pattern.size(), bytes.size() - p), pattern.substr(0, bytes.size() - p));
      break;
    }
    case 2:
      bytes.resize(inFile());
      break;
    case 3: {
      const std::size_t p = inFile();
      bytes.insert(p, bytes.substr(p, std::min<std::size_t>(1 + random() % 64, bytes.size() - p)));
      break;
    }
    case 4: {
      const std::size_t p = inFile();
      bytes.erase(p, std::min<std::size_t>(1 + random() % 16, bytes.size() - p));
      break;
    }
    case 5:
      bytes[inFile()] = " \0\\\xe9\xfc\x1b="[random() % 7];
      break;
    default:
      bytes[inFile()] = static_cast<char>("AOSUQNTLDFBWIHCEMPR"[random() % 19]);
      break;
  }
  return bytes;
}

}  // namespace scanshare_test
