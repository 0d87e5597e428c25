#pragma once
// Which instances are left out before de-identification, and why (never identifying).
#include <optional>
#include <string>

#include "imaging/deid/deidentifier.h"

namespace imaging::deid {

bool isStructuredReport(const std::string& sop_class_uid);

// The header values the exclusion rules read, as written (any padding; multi-values '\'-separated).
struct ExclusionFacts {
  std::string sop_class_uid;
  std::string modality;
  std::string burned_in_annotation;
  std::string image_type;
  std::string photometric_interpretation;
};

// Left out whatever the options say: audio, documents that would be emptied, SR that will not be
// cleaned; then burned-in text likely (unless config.include_burned_in).
std::optional<Exclusion> exclusionReason(const DeidConfig& config, const ExclusionFacts& facts);
// An image the header lets through (exclusionReason gave nothing) whose pixels must still be
// screened for text before it is written: a projection X-ray whose Burned In Annotation is absent
// or NO, unless the user trusts the flag (config.trust_burned_in_flag) or exports burned-in
// images as they are anyway (config.include_burned_in).
bool screensPixels(const DeidConfig& config, const ExclusionFacts& facts);

}  // namespace imaging::deid
