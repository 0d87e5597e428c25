#include "identity_words.h"

#include <QFileInfo>

#include "browser_panel.h"
#include "imaging/deid/patients_scrubber.h"

IdentityWords::IdentityWords() = default;

IdentityWords::IdentityWords(const imaging::Inventory& inventory) : scrubber_(imaging::makePatientsScrubber(inventory)) {}

QString IdentityWords::cornerLabel(const imaging::Series& series) const {
  const QString label = seriesLabel(series);
  if (!scrubber_) return label;
  const QByteArray utf8 = label.toUtf8();
  return QString::fromUtf8(scrubber_->scrub(std::string(utf8.constData(), static_cast<std::size_t>(utf8.size()))).c_str());
}

bool IdentityWords::identifies(const QString& text) const {
  if (!scrubber_) return false;
  const QByteArray utf8 = text.toUtf8();
  return scrubber_->containsIdentifier(std::string(utf8.constData(), static_cast<std::size_t>(utf8.size())));
}

QString IdentityWords::folderToRemember(const QString& opened_path) const {
  const QString parent = QFileInfo(opened_path).absolutePath();
  return identifies(parent) ? QString() : parent;
}
