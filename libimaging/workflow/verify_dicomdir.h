#pragma once
// verify's reading of the export's DICOMDIR one directory record at a time
// (bridge::forEachDirectoryRecord): DCMTK's tree of a whole DICOMDIR costs about 2.3 KiB a record,
// which made verify's peak memory grow with the export. Private to the workflow module (DCMTK).
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "dataset_walk.h"
#include "verify_text.h"

namespace imaging::workflow {

struct DicomdirStrings {
  // False: the caller must take back what `visit` was shown and check the DICOMDIR whole, like any
  // other file. Then the walk refused the file (the whole parse says why, as for any file), or the
  // DICOMDIR's own elements change how its records read, which is only known after the last
  // record: a character set of its own to convert from, item-level declarations outside the
  // records, a value that does not convert, or de-identification marks of its own.
  bool complete = false;
  std::string charset;  // the DICOMDIR's Specific Character Set as stored
  // unsafeKeptValues of the whole DICOMDIR under the caller's marks, in the same order.
  std::vector<std::string> unsafe_kept_values;
};

// Shows `visit` every string value of the DICOMDIR (file meta, its own elements, every record at
// every depth) with the location and depth that visitStrings gives after
// bridge::convertDatasetToUtf8 on the whole parse; `marks` are the DICOMDIR's (it has none of its
// own when complete): only the unsafe keeps it inherits from the files.
DicomdirStrings visitDicomdirStrings(const std::filesystem::path& dicomdir, const ExportMarks& marks,
                                     const std::function<void(const VisitedValue&)>& visit);

}  // namespace imaging::workflow
