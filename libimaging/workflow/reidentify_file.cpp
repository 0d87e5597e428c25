// One file of a re-identified copy: identity, UIDs, accession number and dates put back as the
// source had them (reidentify.cpp walks the export and decides which mapping entry applies).
#include "reidentify_file.h"

#include <cstdio>
#include <string>
#include <vector>

#include "imaging/core/error.h"
#include "imaging/deid/date_shift.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"

namespace imaging::workflow {
namespace {

bool isAscii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// The dates shifted back with the engine's own arithmetic; a value that is not a full date (the
// engine could not have shifted it either) stays as it is.
std::string shiftValues(const std::string& value, int days, bool datetime) {
  const std::optional<std::string> shifted = datetime ? deid::shiftDateTime(value, days) : deid::shiftDate(value, days);
  return shifted ? *shifted : value;
}

void restoreTree(DcmItem& item, const Restoration& r, bool top) {
  DcmObject* obj = nullptr;
  while ((obj = item.nextInContainer(obj)) != nullptr) {
    auto* element = static_cast<DcmElement*>(obj);
    const DcmEVR vr = element->ident();
    if (vr == EVR_SQ) {
      auto* seq = static_cast<DcmSequenceOfItems*>(element);
      for (unsigned long i = 0; i < seq->card(); ++i) restoreTree(*seq->getItem(i), r, false);
      continue;
    }
    if (vr != EVR_UI && vr != EVR_DA && vr != EVR_DT) continue;
    if (top && element->getTag() == DCM_PatientBirthDate) continue;  // restored from the mapping
    OFString text;
    if (element->getOFStringArray(text).bad() || text.empty()) continue;
    const std::string value(text.c_str(), text.length());
    std::string restored = value;
    if (vr == EVR_UI) {
      const auto it = r.uids->find(value);
      if (it != r.uids->end()) restored = it->second;
    } else if (r.shift_dates_back) {
      restored = shiftValues(value, -r.patient->date_offset_days, vr == EVR_DT);
    }
    if (restored != value && element->putString(restored.c_str()).bad())
      throw Error(ErrorCode::Internal, "cannot restore " + bridge::formatTag(element->getTag()));
  }
}

void put(DcmItem& ds, const DcmTagKey& tag, const std::string& value, bool keep_empty) {
  if (value.empty() && !keep_empty) {
    ds.findAndDeleteElement(tag);
    return;
  }
  if (ds.putAndInsertString(tag, value.c_str()).bad())
    throw Error(ErrorCode::Internal, "cannot restore " + bridge::formatTag(tag));
}

}  // namespace


void restoreFile(const std::filesystem::path& input, const std::filesystem::path& output, const Restoration& r) {
  bridge::DicomFile file = bridge::DicomFile::open(input, bridge::ReadDepth::Everything);
  file.throwIfFailed();
  DcmDataset& ds = file.dataset();
  const MappingPatient& p = *r.patient;
  // Text the copy's character set cannot hold: the whole data set goes to UTF-8 first.
  const bool ascii = isAscii(p.name) && isAscii(p.id) && isAscii(p.issuer) && isAscii(r.study->source_accession);
  if (!ascii) {
    if (!bridge::convertDatasetToUtf8(ds))
      throw Error(ErrorCode::Unsupported, "cannot convert the file's text to UTF-8 for the restored name", input.string());
    ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
  }
  restoreTree(ds, r, true);
  put(ds, DCM_PatientName, p.name, true);
  put(ds, DCM_PatientID, p.id, true);
  put(ds, DCM_IssuerOfPatientID, p.issuer, false);
  put(ds, DCM_PatientBirthDate, p.birth_date, true);
  put(ds, DCM_AccessionNumber, r.study->source_accession, true);
  put(ds, DCM_PatientIdentityRemoved, "NO", true);
  if (r.shift_dates_back && ds.tagExists(DCM_LongitudinalTemporalInformationModified))
    put(ds, DCM_LongitudinalTemporalInformationModified, "UNMODIFIED", true);
  std::string method = bridge::getString(ds, DCM_DeidentificationMethod);
  method += std::string(method.empty() ? "" : "\\") + "Re-identified from a sealed mapping (clinic copy)";
  put(ds, DCM_DeidentificationMethod, method, true);
  put(file.meta(), DCM_MediaStorageSOPInstanceUID, bridge::getString(ds, DCM_SOPInstanceUID), true);
  const E_TransferSyntax xfer = ds.getOriginalXfer();
  if (file.format().saveFile(output.c_str(), xfer == EXS_Unknown ? EXS_LittleEndianExplicit : xfer).bad())
    throw Error(ErrorCode::Io, "cannot write the restored file", output.string());
}

}  // namespace imaging::workflow
