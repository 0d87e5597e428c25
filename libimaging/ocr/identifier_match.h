#pragma once
// Comparing recognised words with the patient's identifying values (declared public in
// text_detection.h: identifyingTerms, classifyWord); helpers shared with the detection.
#include <string>

namespace imaging::ocr_detail {

// Upper-cased (ASCII letters), leading and trailing punctuation removed.
std::string normalizeWord(const std::string& word);

// Letters and digits in the word (ASCII), and whether any byte is non-ASCII (counted as a letter).
int alphanumericCount(const std::string& word);

}  // namespace imaging::ocr_detail
