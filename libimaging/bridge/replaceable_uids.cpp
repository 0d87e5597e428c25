#include "imaging_bridge/replaceable_uids.h"

#include <algorithm>
#include <iterator>

namespace imaging::bridge {

bool isClassUidTag(const DcmTagKey& t) {
  static const DcmTagKey tags[] = {DCM_MediaStorageSOPClassUID, DCM_TransferSyntaxUID, DCM_ImplementationClassUID,
                                   DCM_SOPClassUID, DCM_ReferencedSOPClassUID, DCM_ReferencedSOPClassUIDInFile,
                                   DCM_ReferencedTransferSyntaxUIDInFile, DCM_CodingSchemeUID,
                                   DCM_ContextGroupExtensionCreatorUID, DCM_MappingResourceUID,
                                   DCM_RelatedGeneralSOPClassUID, DCM_OriginalSpecializedSOPClassUID,
                                   DCM_SOPClassesInStudy, DCM_PrivateRecordUID,
                                   DCM_PrivateInformationCreatorUID};
  return std::find(std::begin(tags), std::end(tags), t) != std::end(tags);
}

bool isStandardUid(const std::string& uid) { return uid.rfind("1.2.840.10008.", 0) == 0; }

bool namesAClass(const DcmTagKey& t) {
  return t == DCM_SOPClassUID || t == DCM_MediaStorageSOPClassUID || t == DCM_ReferencedSOPClassUID ||
         t == DCM_ReferencedSOPClassUIDInFile || t == DCM_RelatedGeneralSOPClassUID ||
         t == DCM_OriginalSpecializedSOPClassUID || t == DCM_SOPClassesInStudy;
}

namespace {
bool isReplaceable(const DcmTagKey& tag, const std::string& uid) {
  return !isStandardUid(uid) && (!isClassUidTag(tag) || namesAClass(tag));
}
}  // namespace

std::vector<std::string> splitValues(const std::string& v) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= v.size()) {
    const std::size_t end = std::min(v.find('\\', start), v.size());
    std::string part = v.substr(start, end - start);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\0')) part.pop_back();
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    if (!part.empty()) out.push_back(part);
    start = end + 1;
  }
  return out;
}

namespace {
void sortUnique(std::vector<std::string>& uids) {
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
}
}  // namespace

std::vector<std::string> collectReplaceableUids(const PlainDataSet& file) {
  std::vector<std::string> uids;
  auto collect = [&uids, &file](const PlainElement& element) {
    if (!element.isVr("UI")) return;
    const DcmTagKey key(static_cast<Uint16>(element.tag >> 16), static_cast<Uint16>(element.tag & 0xFFFF));
    if (isClassUidTag(key) && !namesAClass(key)) return;
    for (std::string& uid : splitValues(file.normalizedArray(element)))
      if (isReplaceable(key, uid)) uids.push_back(std::move(uid));
  };
  for (const PlainElement& element : file.meta()) collect(element);
  for (const PlainElement& element : file.elements()) collect(element);
  sortUnique(uids);
  return uids;
}

std::vector<std::string> collectReplaceableUids(DcmItem& meta, DcmItem& dataset) {
  std::vector<std::string> uids;
  auto collect = [&uids](DcmElement& element) {
    const DcmTagKey key = element.getTag().getXTag();
    if (element.ident() != EVR_UI || (isClassUidTag(key) && !namesAClass(key))) return true;
    OFString value;
    if (element.getOFStringArray(value).bad()) return true;
    for (std::string& uid : splitValues(std::string(value.c_str(), value.length())))
      if (isReplaceable(key, uid)) uids.push_back(std::move(uid));
    return true;
  };
  forEachValueElement(meta, collect);
  forEachValueElement(dataset, collect);
  sortUnique(uids);
  return uids;
}

}  // namespace imaging::bridge
