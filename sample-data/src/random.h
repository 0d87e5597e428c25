#pragma once
// A small seeded generator whose output is the same on every platform (std::normal_distribution
// is not), used for image noise and junk bytes.
#include <cstdint>

namespace imaging::sample {

class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) : state_(seed) {}

  // SplitMix64.
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Approximately standard normal: Irwin-Hall sum of four 16-bit uniforms, rescaled.
  double gaussian() {
    std::uint64_t bits = next();
    double sum = 0;
    for (int i = 0; i < 4; ++i, bits >>= 16) sum += static_cast<double>(bits & 0xFFFF) / 65535.0;
    return (sum - 2.0) * 1.7320508075688772;
  }

 private:
  std::uint64_t state_;
};

}  // namespace imaging::sample
