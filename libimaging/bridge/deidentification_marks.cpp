#include "imaging_bridge/deidentification_marks.h"

#include <memory>

#include "imaging/core/error.h"

namespace imaging::bridge {

void writeDeidentificationMarks(DcmItem& dataset, const std::vector<std::string>& method_values,
                                const std::vector<CodedMark>& codes, MarkMode mode) {
  std::string method = mode == MarkMode::Append ? getString(dataset, DCM_DeidentificationMethod) : std::string();
  for (const std::string& v : method_values) method += (method.empty() ? "" : "\\") + v;
  if (dataset.putAndInsertString(DCM_DeidentificationMethod, method.c_str()).bad())
    throw Error(ErrorCode::Internal, "cannot write De-identification Method");
  if (mode == MarkMode::Replace) dataset.findAndDeleteElement(DCM_DeidentificationMethodCodeSequence);
  if (mode == MarkMode::Replace && !codes.empty()) {
    // Every file of a run gets the same codes: the sequence is built once per thread and copied
    // (a copy skips the dictionary lookups and string checks of building it anew).
    thread_local std::vector<CodedMark> built_for;
    thread_local std::unique_ptr<DcmSequenceOfItems> built;
    if (!built || built_for != codes) {
      auto sequence = std::make_unique<DcmSequenceOfItems>(DCM_DeidentificationMethodCodeSequence);
      for (const CodedMark& code : codes) {
        auto item = std::make_unique<DcmItem>();
        item->putAndInsertString(DCM_CodeValue, code.value.c_str());
        item->putAndInsertString(DCM_CodingSchemeDesignator, "DCM");
        item->putAndInsertString(DCM_CodeMeaning, code.meaning.c_str());
        if (sequence->append(item.get()).bad()) throw Error(ErrorCode::Internal, "cannot add a De-identification Method code");
        item.release();
      }
      built = std::move(sequence);
      built_for = codes;
    }
    auto copy = std::make_unique<DcmSequenceOfItems>(*built);
    if (dataset.insert(copy.get(), OFTrue).bad()) throw Error(ErrorCode::Internal, "cannot write De-identification Method codes");
    copy.release();
    return;
  }
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
