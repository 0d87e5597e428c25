// The DICOMDIR's text, record by record (verify_dicomdir.h).
#include "verify_dicomdir.h"

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "verify_kept.h"

namespace imaging::workflow {
namespace {

bool hasOwnMarks(DcmItem& elements) {
  const ExportMarks own = readExportMarks(elements);
  return own.retain_uids || own.retain_institution || own.retain_device || own.clean_pixels ||
         !own.verbatim.empty() || !own.unsafe_kept.empty();
}

// convertDatasetToUtf8 leaves a data set without a Specific Character Set, or in ISO_IR 192, as it is.
bool needsNoConversion(const std::string& charset) { return charset.empty() || charset == "ISO_IR 192"; }

void append(std::vector<std::string>& to, std::vector<std::string> values) {
  to.insert(to.end(), std::make_move_iterator(values.begin()), std::make_move_iterator(values.end()));
}

}  // namespace

DicomdirStrings visitDicomdirStrings(const std::filesystem::path& dicomdir, const ExportMarks& marks,
                                     const std::function<void(const VisitedValue&)>& visit) {
  DicomdirStrings result;
  const std::string records_prefix = bridge::formatTag(DCM_DirectoryRecordSequence);
  std::size_t index = 0;
  bool converts = true, some_record_declares = false;
  std::vector<std::string> kept_in_records;
  const auto walk = bridge::forEachDirectoryRecord(
      dicomdir,
      [&](DcmItem& record) {
        const std::string prefix = records_prefix + "[" + std::to_string(index++) + "].";
        if (!converts) return;  // the whole parse will check it
        // A record that declares its own character set (the writer does so for non-ASCII text) is
        // converted as the whole data set's conversion would convert it.
        if (record.tagExists(DCM_SpecificCharacterSet, OFFalse) || bridge::hasItemLevelCharacterSet(record)) {
          some_record_declares = true;
          if (!bridge::convertSequenceItemToUtf8(record)) {
            converts = false;
            return;
          }
        }
        append(kept_in_records, unsafeKeptValues(record, marks));
        visitStrings(record, prefix, 1, visit);
      },
      [&](DcmMetaInfo& meta, DcmDataset& before, DcmDataset& after) {
        if (!converts || before.tagExists(DCM_SpecificCharacterSet, OFFalse) || hasOwnMarks(before) ||
            hasOwnMarks(after) || bridge::hasItemLevelCharacterSet(before) || bridge::hasItemLevelCharacterSet(after))
          return;
        result.charset = bridge::getString(after, DCM_SpecificCharacterSet);
        if (!needsNoConversion(result.charset)) return;
        // The whole data set's conversion, run because a record declared, states UTF-8 at the top.
        if (some_record_declares) after.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
        append(result.unsafe_kept_values, unsafeKeptValues(before, marks));
        append(result.unsafe_kept_values, std::move(kept_in_records));
        append(result.unsafe_kept_values, unsafeKeptValues(after, marks));
        visitStrings(meta, visit);
        visitStrings(before, visit);
        visitStrings(after, visit);
        result.complete = true;
      });
  if (!walk.ok) result.complete = false;
  return result;
}

}  // namespace imaging::workflow
