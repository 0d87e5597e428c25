#pragma once
// Fixed annotation regions by vendor: where some ultrasound machines and screen-capture tools
// always print the patient banner, blacked out in addition to what detection finds (the way the
// pixel scripts of the RSNA CTP anonymizer work). The table is small and meant to be extended:
// one entry per manufacturer, model and modality, regions in thousandths of the image's width and
// height so that one entry fits every screen size. See docs/burned-in.md.
#include <string>
#include <vector>

#include "imaging/ocr/text_detection.h"

namespace imaging {

// A region in thousandths of the image: x, y, width, height (0..1000).
struct RelativeBox {
  int x = 0, y = 0, width = 0, height = 0;
};

struct AnnotationRule {
  std::string name;          // shown in reports, e.g. "GE LOGIQ ultrasound: patient banner"
  std::string manufacturer;  // contained in Manufacturer (0008,0070), case-insensitive
  std::string model;         // contained in Manufacturer's Model Name (0008,1090); "" any model
  std::string modality;      // Modality (0008,0060) equal, case-insensitive; "" any
  std::vector<RelativeBox> regions;
};

// The built-in table.
const std::vector<AnnotationRule>& annotationRules();

// The first rule of the table that matches (nullptr when none); empty manufacturer matches none.
const AnnotationRule* findAnnotationRule(const std::string& manufacturer, const std::string& model,
                                         const std::string& modality);

// The rule's regions in pixels of an image of columns x rows (rounded outwards).
std::vector<PixelBox> annotationBoxes(const AnnotationRule& rule, int columns, int rows);

}  // namespace imaging
