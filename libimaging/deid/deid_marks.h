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
// The marks of markDataset as plain-tree elements in ascending tag order: the same for every file
// of a de-identifier, so built once.
struct TreeMarks {
  std::vector<TreeElement> elements;
};
TreeMarks treeMarks(const DeidConfig& config);
// markDataset on a plain tree: each mark put in, replacing an element of its tag.
void markTree(TreeItem& dataset, const TreeMarks& marks);

}  // namespace imaging::deid
