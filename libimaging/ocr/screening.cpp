#include "imaging/ocr/screening.h"

namespace imaging {

ScreeningResult screenDetection(const TextDetection& detection) {
  ScreeningResult result;
  result.identifying_words = detection.count(WordKind::Identifying);
  result.text_lines = detection.unsafeLineCount();
  return result;
}

}  // namespace imaging
