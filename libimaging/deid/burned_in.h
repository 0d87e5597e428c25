#pragma once
// Which instances are left out before de-identification, and why (never identifying).
#include <optional>
#include <string>

#include "imaging/deid/deidentifier.h"

namespace imaging::deid {

bool isStructuredReport(const std::string& sop_class_uid);
// Burned-in text likely (unless config.include_burned_in), or SR that will not be cleaned.
std::optional<Exclusion> exclusionReason(const DeidConfig& config, const std::string& sop_class_uid,
                                         const std::string& modality, const std::string& burned_in_annotation);
// An image the header lets through (exclusionReason gave nothing) whose pixels must still be
// screened for text before it is written: a projection X-ray whose Burned In Annotation is absent
// or NO, unless the user trusts the flag (config.trust_burned_in_flag) or exports burned-in
// images as they are anyway (config.include_burned_in).
bool screensPixels(const DeidConfig& config, const std::string& sop_class_uid, const std::string& modality,
                   const std::string& burned_in_annotation);

}  // namespace imaging::deid
