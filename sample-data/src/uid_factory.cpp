#include "uid_factory.h"

#include <cstdio>

namespace imaging::sample {

namespace {
// Arbitrary fixed digits; with the variant digit and an 8-digit counter the integer stays
// far below 2^128 (about 3.4e38).
constexpr const char* kFixedDigits = "3141592653589793";
}  // namespace

UidFactory::UidFactory(int variantCode)
    : prefix_(std::string("2.25.") + kFixedDigits + std::to_string(variantCode)) {}

std::string UidFactory::next() {
  char counter[16];
  std::snprintf(counter, sizeof counter, "%08lu", ++counter_);
  issued_.push_back(prefix_ + counter);
  return issued_.back();
}

}  // namespace imaging::sample
