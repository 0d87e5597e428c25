#include "dicom_text.h"

#include <stdexcept>

#include "text_encoding.h"

namespace imaging::sample {

void check(const OFCondition& condition, const std::string& what) {
  if (condition.bad()) throw std::runtime_error(what + ": " + condition.text());
}

void TextPutter::text(const DcmTagKey& tag, const std::string& utf8) {
  check(item_.putAndInsertString(tag, encodeText(charset_, utf8).c_str()), "cannot set " + DcmTag(tag).toString());
}

void TextPutter::ascii(const DcmTagKey& tag, const std::string& value) {
  check(item_.putAndInsertString(tag, value.c_str()), "cannot set " + DcmTag(tag).toString());
}

void TextPutter::privateText(const DcmTag& tag, const std::string& utf8) {
  DcmElement* element = nullptr;
  check(DcmItem::newDicomElementWithVR(element, tag), "cannot create private element");
  check(element->putString(encodeText(charset_, utf8).c_str()), "cannot set private element");
  check(item_.insert(element, true), "cannot insert private element");
}

TextPutter TextPutter::newItem(const DcmTagKey& sequence) {
  DcmItem* child = nullptr;
  check(item_.findOrCreateSequenceItem(sequence, child, -2), "cannot add sequence item");
  return TextPutter(*child, charset_);
}

void putCode(DcmItem& item, const DcmTagKey& sequence, const std::string& value, const std::string& scheme,
             const std::string& meaning) {
  DcmItem* code = nullptr;
  check(item.findOrCreateSequenceItem(sequence, code, -2), "cannot add code item");
  check(code->putAndInsertString(DCM_CodeValue, value.c_str()), "code value");
  check(code->putAndInsertString(DCM_CodingSchemeDesignator, scheme.c_str()), "coding scheme");
  check(code->putAndInsertString(DCM_CodeMeaning, meaning.c_str()), "code meaning");
}

void saveDicomFile(DcmFileFormat& file, const std::string& path) {
  check(file.saveFile(path.c_str(), EXS_LittleEndianExplicit, EET_ExplicitLength, EGL_recalcGL),
        "cannot write " + path);
}

}  // namespace imaging::sample
