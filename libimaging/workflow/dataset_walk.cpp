#include "dataset_walk.h"

#include "imaging_bridge/dcmtk.h"

namespace imaging::workflow {
namespace {

void visit(DcmItem& item, const std::string& prefix, int depth, const std::function<void(const VisitedValue&)>& f) {
  // nextInContainer steps from the element it returned last; getElement(i) walked the list from
  // its start for every element.
  for (DcmObject* object = item.nextInContainer(nullptr); object != nullptr; object = item.nextInContainer(object)) {
    auto* element = static_cast<DcmElement*>(object);
    const std::string location = prefix + bridge::formatTag(element->getTag());
    if (element->ident() == EVR_SQ) {
      auto* seq = static_cast<DcmSequenceOfItems*>(element);
      for (unsigned long k = 0; k < seq->card(); ++k)
        visit(*seq->getItem(k), location + "[" + std::to_string(k) + "].", depth + 1, f);
      continue;
    }
    if (!element->isaString()) continue;
    OFString value;
    if (element->getOFStringArray(value).bad()) continue;
    f(VisitedValue{location, element->getTag(), element->ident(), depth, std::string(value.c_str(), value.length())});
  }
}

bool isBulkSamples(const DcmTagKey& tag) {
  const std::uint16_t g = tag.getGroup(), e = tag.getElement();
  return g == 0x7FE0 || (g & 0xFF00) == 0x5000 || ((g & 0xFF00) == 0x6000 && e == 0x3000) ||
         (g == 0x5400 && e == 0x1010);
}

// OW values are held in the machine's byte order: written out little endian, as in the file.
bool bytesOf(DcmElement& element, std::string& out) {
  const Uint32 length = element.getLength();
  if (element.ident() == EVR_OW) {
    Uint16* words = nullptr;
    if (element.getUint16Array(words).bad() || words == nullptr) return false;
    out.resize(length / 2 * 2);
    for (std::size_t i = 0; i < out.size() / 2; ++i) {
      out[2 * i] = static_cast<char>(words[i] & 0xFF);
      out[2 * i + 1] = static_cast<char>(words[i] >> 8);
    }
    return true;
  }
  Uint8* bytes = nullptr;
  if (element.getUint8Array(bytes).bad() || bytes == nullptr) return false;
  out.assign(reinterpret_cast<const char*>(bytes), length);
  return true;
}

void visitBinary(DcmItem& item, const std::string& prefix, int depth, const std::function<void(const VisitedValue&)>& f) {
  for (DcmObject* object = item.nextInContainer(nullptr); object != nullptr; object = item.nextInContainer(object)) {
    auto* element = static_cast<DcmElement*>(object);
    const DcmTagKey tag = element->getTag().getXTag();
    if (element->ident() == EVR_SQ) {
      auto* seq = static_cast<DcmSequenceOfItems*>(element);
      const std::string location = prefix + bridge::formatTag(element->getTag());
      for (unsigned long k = 0; k < seq->card(); ++k)
        visitBinary(*seq->getItem(k), location + "[" + std::to_string(k) + "].", depth + 1, f);
      continue;
    }
    const DcmEVR vr = element->ident();
    if ((vr != EVR_OB && vr != EVR_OW && vr != EVR_UN) || isBulkSamples(tag) || element->getLength() == 0) continue;
    VisitedValue visited{prefix + bridge::formatTag(element->getTag()), tag, vr, depth, {}};
    if (bytesOf(*element, visited.value)) f(visited);
  }
}

}  // namespace

void visitBinaries(DcmItem& item, const std::function<void(const VisitedValue&)>& f) { visitBinary(item, "", 0, f); }

void visitStrings(DcmItem& item, const std::function<void(const VisitedValue&)>& f) { visit(item, "", 0, f); }

void visitStrings(DcmItem& item, const std::string& prefix, int depth,
                  const std::function<void(const VisitedValue&)>& f) {
  visit(item, prefix, depth, f);
}

}  // namespace imaging::workflow
