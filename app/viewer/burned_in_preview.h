#pragma once
// The share flow's look at a burned-in candidate: its first image with the text OCR found drawn
// on it (red: words that match the patient's identifiers, yellow: other text) and the regions the
// blackout will cover shaded (whole text lines), so a person can confirm them. The detection
// itself is libimaging's (detectText, regionsFromDetection).
#include <QImage>
#include <QString>
#include <filesystem>
#include <string>
#include <vector>

struct BurnedInLook {
  QImage image;          // the first frame as rendered, with the boxes drawn; null on error
  int identifying = 0;   // words that match an identifier (red boxes)
  int other = 0;         // other text, scale marks included (yellow boxes)
  int lines = 0;         // text lines to be blacked out (shaded boxes)
  QString error;         // one line; empty on success
};

// Slow (OCR, about 0.2-1.5 s): call from a background thread. identifiers: the patient's values
// as stored (name, ID, birth date). Never throws.
BurnedInLook lookForBurnedInText(const std::filesystem::path& image, const std::vector<std::string>& identifiers);

// "2 words that could identify you (red) and 5 other words (yellow) were found ..."
QString describeBurnedInLook(const BurnedInLook& look);
