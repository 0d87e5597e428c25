#pragma once
// deidentifyFile's plain path: a plain file (plain_tree.h) read into our own tree, de-identified by
// the one engine (dataset_engine.h) and written by our own writer, in the same steps and order as
// the DCMTK path in deidentifier.cpp, to the same bytes.
#include <filesystem>

#include "imaging/deid/deidentifier.h"
#include "deid_marks.h"
#include "imaging_bridge/dicom_file.h"

namespace imaging::deid {

// True when it decided the file (outcome set); false when DCMTK's path must run instead, with
// nothing written and the outcome untouched. `opened` must hold the plain reader's data set.
// `marks` are treeMarks(config).
bool deidentifyPlain(const DeidConfig& config, const TreeMarks& marks, const bridge::DicomFile& opened,
                     const std::filesystem::path& output, const PatientContext& patient, InstanceOutcome& outcome);

}  // namespace imaging::deid
