#pragma once
// Step 5's verdict in plain words, taken from verify's own result: the copy is called clean only
// when imaging::VerifyResult::clean() says so. Each finding is listed with its kind, where it is
// and verify's detail (which never holds the identifying value); verify's notes are listed as
// notes, not as problems.
#include <QString>
#include <vector>

#include "imaging/workflow/verify.h"

struct VerdictRow {
  QString kind;    // "Could identify", "Problem" or "Note"
  QString what;    // the finding's kind in plain words, or the note
  QString where;   // file in the copy (and attribute), empty for notes
  QString detail;  // verify's detail
  QString technical_kind;  // verify's kind (tooltip), empty for notes
  bool problem = false;    // a finding (not a note)
};

struct ShareVerdict {
  bool clean = false;      // verify's clean()
  int could_identify = 0;  // findings that could identify someone
  int problems = 0;        // all findings
  int notes = 0;
  QString summary;         // first line: "Clean: ..." or "Not clean: ..."
  std::vector<VerdictRow> rows;  // findings first, then notes
};

ShareVerdict makeVerdict(const imaging::VerifyResult& result, const QString& export_path);
