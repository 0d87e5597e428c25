#pragma once
// Deterministic UIDs: a fixed root plus a counter, so every run writes the same UIDs.
#include <string>
#include <vector>

namespace imaging::sample {

class UidFactory {
 public:
  // variantCode (1..9) keeps the UIDs of different variants apart.
  explicit UidFactory(int variantCode);

  // A new UID "2.25.<integer>"; the integer is below 2^128 as PS3.5 B.2 requires.
  std::string next();

  // Every UID handed out so far, in order.
  const std::vector<std::string>& issued() const { return issued_; }

 private:
  std::string prefix_;
  unsigned long counter_ = 0;
  std::vector<std::string> issued_;
};

}  // namespace imaging::sample
