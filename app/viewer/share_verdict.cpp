#include "share_verdict.h"

#include <QObject>

#include "share_words.h"

namespace {
QString text(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }
}  // namespace

ShareVerdict makeVerdict(const imaging::VerifyResult& result, const QString& export_path) {
  ShareVerdict verdict;
  verdict.clean = result.clean();
  for (const auto& f : result.findings) {
    const bool identifying = imaging::isPrivacyFinding(f);
    verdict.could_identify += identifying;
    ++verdict.problems;
    verdict.rows.push_back({identifying ? QObject::tr("Could identify") : QObject::tr("Problem"), plainFinding(f.kind),
                            text(f.location), text(f.detail), QString::fromLatin1(imaging::toString(f.kind)), true});
  }
  for (const auto& note : result.notes) {
    ++verdict.notes;
    verdict.rows.push_back({QObject::tr("Note"), text(note), {}, {}, {}, false});
  }
  if (verdict.clean) {
    verdict.summary = QObject::tr("Clean: the copy in %1 was checked file by file (%2 files); nothing from the name, ID, "
                                  "birth date, address or the original image numbers was found in it, and it is complete.")
                          .arg(export_path)
                          .arg(result.files_checked);
  } else {
    verdict.summary = QObject::tr("Not clean: the check of %1 (%2 files) found %3 problem(s), listed below")
                          .arg(export_path)
                          .arg(result.files_checked)
                          .arg(verdict.problems);
    verdict.summary += verdict.could_identify
                           ? QObject::tr("; %1 of them could identify someone. Do not send this copy as it is.").arg(verdict.could_identify)
                           : QObject::tr(". Do not send this copy until they are understood.");
  }
  if (verdict.notes)
    verdict.summary += QObject::tr("\n\n%1 note(s) from the check are listed below; notes are not problems.").arg(verdict.notes);
  verdict.summary += QObject::tr("\n\nOpen the export to see exactly what the recipient will see.");
  return verdict;
}
