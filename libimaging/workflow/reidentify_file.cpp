// One file of a re-identified copy: identity, UIDs, accession number and dates put back as the
// source had them (reidentify.cpp walks the export and decides which mapping entry applies).
#include "reidentify_file.h"

#include <cstdio>
#include <string>
#include <vector>

#include "imaging/core/error.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"

namespace imaging::workflow {
namespace {

// Days since 1970-01-01 of a civil date and back (H. Hinnant's algorithms, written out here).
long daysFromCivil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

void civilFromDays(long z, long& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<long>(yoe) + era * 400 + (m <= 2);
}

bool isAscii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// Each backslash-separated value shifted; values that are not full dates stay as they are.
std::string shiftValues(const std::string& value, int days, bool datetime) {
  std::string out;
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = value.find('\\', begin);
    std::string v = value.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    const std::string shifted = v.size() >= 8 ? addDays(v.substr(0, 8), days) : std::string();
    if (!shifted.empty() && (datetime || v.size() == 8)) v = shifted + v.substr(8);
    out += v;
    if (end == std::string::npos) break;
    out += '\\';
    begin = end + 1;
  }
  return out;
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

std::string addDays(const std::string& s, int days) {
  if (s.size() != 8 || s.find_first_not_of("0123456789") != std::string::npos) return {};
  const long y = std::stol(s.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoul(s.substr(4, 2))), d = static_cast<unsigned>(std::stoul(s.substr(6, 2)));
  if (m < 1 || m > 12 || d < 1 || d > 31) return {};
  long ny = 0;
  unsigned nm = 0, nd = 0;
  civilFromDays(daysFromCivil(y, m, d), ny, nm, nd);
  if (nm != m || nd != d) return {};  // not a day of the calendar (e.g. 0230)
  civilFromDays(daysFromCivil(y, m, d) + days, ny, nm, nd);
  if (ny < 0 || ny > 9999) return {};
  char out[9];
  std::snprintf(out, sizeof out, "%04ld%02u%02u", ny, nm, nd);
  return out;
}

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
