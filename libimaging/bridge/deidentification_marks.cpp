#include "imaging_bridge/deidentification_marks.h"

#include "imaging/core/error.h"

namespace imaging::bridge {

void writeDeidentificationMarks(DcmItem& dataset, const std::vector<std::string>& method_values,
                                const std::vector<CodedMark>& codes, MarkMode mode) {
  std::string method = mode == MarkMode::Append ? getString(dataset, DCM_DeidentificationMethod) : std::string();
  for (const std::string& v : method_values) method += (method.empty() ? "" : "\\") + v;
  if (dataset.putAndInsertString(DCM_DeidentificationMethod, method.c_str()).bad())
    throw Error(ErrorCode::Internal, "cannot write De-identification Method");
  if (mode == MarkMode::Replace) dataset.findAndDeleteElement(DCM_DeidentificationMethodCodeSequence);
  for (const CodedMark& code : codes) {
    DcmItem* item = nullptr;
    if (dataset.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, item, -2).bad() || item == nullptr)
      throw Error(ErrorCode::Internal, "cannot add a De-identification Method code");
    item->putAndInsertString(DCM_CodeValue, code.value.c_str());
    item->putAndInsertString(DCM_CodingSchemeDesignator, "DCM");
    item->putAndInsertString(DCM_CodeMeaning, code.meaning.c_str());
  }
}

}  // namespace imaging::bridge
