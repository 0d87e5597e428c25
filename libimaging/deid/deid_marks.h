#pragma once
// The one writer of the de-identification marks a de-identified data set carries: Patient
// Identity Removed, De-identification Method (the profile, options, "Verbatim"/"Unsafe keep"
// attributes that verify reads) and its code sequence, Longitudinal Temporal Information Modified.
#include <string>
#include <vector>

#include "imaging/deid/deidentifier.h"
#include "imaging_bridge/dcmtk.h"
#include "plain_tree.h"

namespace imaging::deid {

// The De-identification Method values, in order.
std::vector<std::string> methodText(const DeidConfig& config);
void markDataset(DcmDataset& dataset, const DeidConfig& config);
void markTree(TreeItem& dataset, const DeidConfig& config);

}  // namespace imaging::deid
