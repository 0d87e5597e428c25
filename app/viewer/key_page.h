#pragma once
// File > Export key image page: a print-friendly A4 page (PDF, or PNG at 150 dpi) with the slice
// view's picture as shown (annotations included) and, below it, what it shows in words: the
// series, slice, window, each region's statistics and each note. Never the patient's identity: the
// words are the corner text's.
#include <QString>

class SliceView;

// Writes the page to `path` (".pdf": PDF, anything else: PNG); false when it cannot be written or
// the view shows no image.
bool writeKeyPage(SliceView& view, const QString& path);
