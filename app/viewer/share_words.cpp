#include "share_words.h"

#include <QObject>
#include <algorithm>
#include <map>

namespace {
QString text(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }

void addDistinct(std::vector<std::string>& values, const std::string& value) {
  if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}
}  // namespace

QString plainExclusionReason(const imaging::Exclusion& exclusion) {
  switch (exclusion.code) {
    case imaging::OutcomeCode::StructuredReportExcluded:
    case imaging::OutcomeCode::StructuredReportNotCleaned:
      return QObject::tr("A written report: its text may name you or others, so it is left out.");
    case imaging::OutcomeCode::BurnedInAnnotation:
      return QObject::tr("The file says your details are printed into the picture itself, so it is left out.");
    case imaging::OutcomeCode::BurnedInTextFound:
      return QObject::tr("Writing was found printed into this X-ray picture; it may show names or dates, so it is left out.");
    default: break;
  }
  if (exclusion.code == imaging::OutcomeCode::BurnedInLikely && exclusion.ultrasound)
    return QObject::tr("An ultrasound image: the screen it was taken from may show names or dates in the picture, so it is left out.");
  if (exclusion.code == imaging::OutcomeCode::BurnedInLikely &&
      (exclusion.cause == imaging::ExclusionCause::VisibleLight || exclusion.cause == imaging::ExclusionCause::Ophthalmic))
    return QObject::tr("A photograph or microscope image: a label or name card may show in the picture, so it is left out.");
  if (imaging::isBurnedIn(exclusion.code))
    return QObject::tr("A scanned page or screen capture: the picture itself may show names or dates, so it is left out.");
  if (exclusion.code == imaging::OutcomeCode::AudioNotCheckable)
    return QObject::tr("A sound recording: it may speak your name or birth date, which cannot be checked, so it is left out.");
  if (exclusion.code == imaging::OutcomeCode::DocumentNotCheckable)
    return QObject::tr("An attached document or 3D model: its content cannot be cleaned, so it is left out rather than sent empty.");
  return QObject::tr("Left out: %1").arg(text(exclusion.detail.empty() ? imaging::describe(exclusion.code) : exclusion.detail));
}

QString plainAction(const std::string& action) {
  static const std::map<std::string, const char*> words = {
      {"remove", "removed"},
      {"empty", "emptied"},
      {"dummy", "replaced by a placeholder"},
      {"replace-uid", "replaced by a new number"},
      {"shift-date", "moved by a fixed number of days"},
      {"clean", "cleaned of identifying text"},
      {"scrub", "identifying words taken out"},
      {"pseudonym", "replaced by the name for the recipient"},
      {"keep-text", "stays: the recipient reads this"},
      {"keep-verbatim", "stays exactly as written (you vouched for it)"},
      {"recipe-remove", "removed by the recipe"},
      {"recipe-empty", "emptied by the recipe"},
      {"recipe-replace", "replaced by the recipe's text"},
  };
  const auto found = words.find(action);
  return found == words.end() ? text(action) : QObject::tr(found->second);
}

std::vector<ChangeRow> mergeChanges(const std::vector<imaging::DryRunInstance>& preview) {
  std::vector<ChangeRow> rows;
  std::map<std::string, std::size_t> row_of_tag;
  for (const auto& instance : preview)
    for (const auto& change : instance.changes) {
      auto [it, added] = row_of_tag.emplace(change.tag, rows.size());
      if (added) rows.push_back({change.tag, change.keyword, change.action, {}, {}});
      ChangeRow& row = rows[it->second];
      addDistinct(row.before, change.before);
      addDistinct(row.after, change.after);
    }
  return rows;
}

QString joinValues(const std::vector<std::string>& values) {
  QStringList parts;
  for (const auto& v : values) parts << (v.empty() ? QObject::tr("(empty)") : text(v));
  return parts.join(QStringLiteral(" | "));
}

QString plainFinding(imaging::FindingKind kind) {
  using K = imaging::FindingKind;
  switch (kind) {
    case K::IdentifierInValue: return QObject::tr("an identifying value is still in an attribute");
    case K::IdentifierInPath: return QObject::tr("a file or folder name contains an identifying value");
    case K::IdentifierInBytes: return QObject::tr("an identifying value is still somewhere in the file");
    case K::IdentifierInReport: return QObject::tr("the export's report names an input file or quotes text that identifies the patient");
    case K::SourceUid: return QObject::tr("an original image number (UID) was kept");
    case K::IdentityNotRemoved: return QObject::tr("name or ID was not replaced");
    case K::DanglingReference: return QObject::tr("refers to an image that should be in the copy but is missing");
    case K::DicomdirMissingFile: return QObject::tr("the index (DICOMDIR) lists a file that is missing");
    case K::DicomdirUnlistedFile: return QObject::tr("a file is not in the index (DICOMDIR)");
    case K::DicomdirBrokenTree: return QObject::tr("the index (DICOMDIR) is damaged: a viewer may not find every image");
    case K::NoDicomdir: return QObject::tr("the copy has no index (DICOMDIR)");
    case K::NotDicom: return QObject::tr("a file of the copy is not DICOM");
    case K::Truncated: return QObject::tr("a file of the copy is cut short and cannot be checked");
    case K::UnsafeStructure: return QObject::tr("a file of the copy is built in a way that cannot be checked safely");
    case K::PersonName: return QObject::tr("a person's name is still in a value");
    case K::UnsafeText: return QObject::tr("text that may identify someone is still in a value");
    case K::UidNotReplaced: return QObject::tr("an original number (UID) was kept");
    case K::BurnedInText: return QObject::tr("text is still found in a picture whose printed text was blacked out");
    case K::UnknownElement: return QObject::tr("a file holds an attribute of unknown meaning that may identify someone");
    case K::BurnedInAnnotation: return QObject::tr("a picture says it has text printed in it (names, dates)");
    case K::HiddenPixelBits: return QObject::tr("a picture hides drawing (an overlay) in its unused pixel bits");
    case K::PixelDataSurplus: return QObject::tr("a picture carries more pixels than it shows (a hidden frame)");
    case K::JpegComment: return QObject::tr("a compressed picture carries a comment or metadata block that may name the patient");
    case K::ProfileNotApplied: return QObject::tr("an attribute that de-identification removes or blanks (a birth date, an ID, a station) still holds a value");
  }
  return QString::fromLatin1(imaging::toString(kind));
}
