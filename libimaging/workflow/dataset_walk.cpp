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

}  // namespace

void visitStrings(DcmItem& item, const std::function<void(const VisitedValue&)>& f) { visit(item, "", 0, f); }

void visitStrings(DcmItem& item, const std::string& prefix, int depth,
                  const std::function<void(const VisitedValue&)>& f) {
  visit(item, prefix, depth, f);
}

}  // namespace imaging::workflow
