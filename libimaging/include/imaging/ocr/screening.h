#pragma once
// Screening an image whose header does not announce burned-in text (a projection X-ray with
// Burned In Annotation absent or NO): which of the detector's findings count as text. Almost
// every radiograph carries a lead marker ("L", "R") and often a scale; those lines are harmless
// and must not keep the image out. See docs/burned-in.md, "Projection X-ray: screened".
#include <cstddef>

#include "imaging/ocr/text_detection.h"

namespace imaging {

struct ScreeningResult {
  std::size_t identifying_words = 0;  // words equal to one of the patient's values
  std::size_t text_lines = 0;         // lines not read in full as orientation letters, scales or probe names
  // An identifying word always counts, wherever it was read; so does any line that is not
  // harmless (a word of another kind, or a line OCR could not read in full: the detector cannot
  // tell an unread name from an unread word, and the image is then not known to be clean).
  bool textFound() const { return identifying_words > 0 || text_lines > 0; }
};

ScreeningResult screenDetection(const TextDetection& detection);

}  // namespace imaging
