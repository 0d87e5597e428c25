#include "deid_marks.h"

#include <algorithm>
#include <cstring>

#include "action_table.h"
#include "imaging_bridge/deidentification_marks.h"
#include "imaging/deid/attribute_override.h"

namespace imaging::deid {
namespace {
// De-identification Method value naming an attribute kept verbatim (--keep-text); verify reads it.
constexpr const char* kVerbatimMarkPrefix = "Verbatim ";
// De-identification Method value naming a patient identity attribute a recipe kept ("unsafe": true).
constexpr const char* kUnsafeKeepMarkPrefix = "Unsafe keep ";
// De-identification Method value naming an attribute a recipe replaced with its constant, and the
// one saying the person chose the pseudonym: verify's profile check reads both (a value it could
// not otherwise tell from one that was never de-identified).
constexpr const char* kReplacedMarkPrefix = "Replaced ";
constexpr const char* kChosenPseudonymMark = "Chosen pseudonym";
}  // namespace

std::vector<std::string> methodText(const DeidConfig& config) {
  std::vector<std::string> values;
  values.push_back(std::string("PS3.15 E.1-1 ") + deid::ActionTable::edition() + " Basic Profile");
  for (DeidOption o : allOptions())
    if (config.profile.has(o)) values.emplace_back(optionInfo(o).title);
  values.emplace_back("ScanShare");
  if (config.pseudonym_chosen) values.emplace_back(kChosenPseudonymMark);
  // verify reads these: text the clinic vouched for is not a finding, but it is said.
  for (const AttributeKey& k : config.keep_text_verbatim) values.push_back(kVerbatimMarkPrefix + attributeKeyword(k));
  // A recipe's keeps: verify reads these too; a patient's own value is said to be one.
  for (const AttributeOverride& o : config.overrides) {
    if (o.action == OverrideAction::Replace) values.push_back(kReplacedMarkPrefix + attributeKeyword(o.key));
    if (o.action != OverrideAction::Keep) continue;
    const bool listed = std::find(config.keep_text_verbatim.begin(), config.keep_text_verbatim.end(), o.key) !=
                        config.keep_text_verbatim.end();
    if (isPatientIdentityAttribute(o.key)) values.push_back(kUnsafeKeepMarkPrefix + attributeKeyword(o.key));
    else if (!listed) values.push_back(kVerbatimMarkPrefix + attributeKeyword(o.key));
  }
  return values;
}

namespace {

std::vector<bridge::CodedMark> methodCodes(const DeidConfig& config) {
  std::vector<bridge::CodedMark> codes{{"113100", "Basic Application Confidentiality Profile"}};
  // Option codes in ascending code order (113103 Clean Graphics ... 113112), as always written.
  std::vector<const DeidOptionInfo*> options;
  for (DeidOption o : allOptions())
    if (config.profile.has(o)) options.push_back(&optionInfo(o));
  std::sort(options.begin(), options.end(),
            [](const DeidOptionInfo* a, const DeidOptionInfo* b) { return std::strcmp(a->code, b->code) < 0; });
  for (const DeidOptionInfo* info : options) codes.push_back({info->code, info->code_meaning});
  return codes;
}

const char* temporalMark(const DeidConfig& config) {
  if (config.profile.dateMode() == DateMode::Shift) return "MODIFIED";
  if (config.profile.dateMode() == DateMode::Keep) return "UNMODIFIED";
  return "REMOVED";
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : "\\") + v;
  return out;
}

}  // namespace

void markDataset(DcmDataset& dataset, const DeidConfig& config) {
  dataset.putAndInsertString(DCM_PatientIdentityRemoved, "YES");
  bridge::writeDeidentificationMarks(dataset, methodText(config), methodCodes(config), bridge::MarkMode::Replace);
  dataset.putAndInsertString(DCM_LongitudinalTemporalInformationModified, temporalMark(config));
}

// The same marks as plain-tree elements, with the VRs DCMTK's dictionary gives these attributes.
TreeMarks treeMarks(const DeidConfig& config) {
  TreeItem marks;
  putElement(marks, 0x00120062u, "CS", "YES");
  putElement(marks, 0x00120063u, "LO", joined(methodText(config)));
  TreeElement& codes = putElement(marks, 0x00120064u, "SQ", "");
  for (const bridge::CodedMark& code : methodCodes(config)) {
    codes.items.emplace_back();
    TreeItem& item = codes.items.back();
    putElement(item, 0x00080100u, "SH", code.value);
    putElement(item, 0x00080102u, "SH", "DCM");
    putElement(item, 0x00080104u, "LO", code.meaning);
  }
  putElement(marks, 0x00280303u, "CS", temporalMark(config));
  return TreeMarks{std::move(marks.elements)};
}

// One merge of the data set's elements and the marks (both in ascending tag order): a mark
// replaces an element of its tag, as putElement would, without one insertion per mark.
void markTree(TreeItem& dataset, const TreeMarks& marks) {
  std::vector<TreeElement> merged;
  merged.reserve(dataset.elements.size() + marks.elements.size());
  auto next = dataset.elements.begin();
  const auto end = dataset.elements.end();
  for (const TreeElement& mark : marks.elements) {
    while (next != end && next->tag < mark.tag) merged.push_back(std::move(*next++));
    if (next != end && next->tag == mark.tag) ++next;
    merged.push_back(mark);
  }
  while (next != end) merged.push_back(std::move(*next++));
  dataset.elements = std::move(merged);
}

}  // namespace imaging::deid
