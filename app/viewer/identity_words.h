#pragma once
// Words the viewer writes where they may be shared or kept, checked against the identifiers of the
// patients on the open medium (the library's scrubber, the one the export uses): the corner text
// that saved pictures and the key image page carry, and the folder the open dialog remembers.
#include <QString>
#include <memory>

#include "imaging/deid/parts.h"
#include "imaging/model/model.h"

class IdentityWords {
 public:
  IdentityWords();  // no medium: nothing to scrub
  explicit IdentityWords(const imaging::Inventory& inventory);
  // seriesLabel(series) ("MR 1: T1 SAG") with every identifier of the medium's patients removed
  // (a description such as "T1 SAG PENDLEWORTH" often carries the name).
  QString cornerLabel(const imaging::Series& series) const;
  // True when the text holds an identifier of the medium's patients.
  bool identifies(const QString& text) const;
  // What the open dialogs may remember of a medium opened from `opened_path`: the folder that
  // holds it, or nothing when that folder's path holds an identifier. Never the medium's own name
  // (a CD image or folder is often named after the patient).
  QString folderToRemember(const QString& opened_path) const;

 private:
  std::shared_ptr<const imaging::TextScrubber> scrubber_;
};
