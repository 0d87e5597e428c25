#include "about_dialog.h"

#include <QMessageBox>
#include <QtGlobal>
#include <vtkVersion.h>

#include "imaging/about/components.h"

QString aboutText() {
  // The viewer links VTK and Qt itself, so both are asked at run time.
  const auto components = imaging::componentVersions({"VTK", vtkVersion::GetVTKVersion(), "runtime"}, {"Qt", qVersion(), "runtime"});
  return QString::fromStdString(imaging::versionText("scanshare-viewer", components)).trimmed();
}

void showAboutDialog(QWidget* parent) {
  QString html = QObject::tr("<h3>ScanShare viewer</h3><p>Look through medical images and share them without sharing "
                             "your identity.</p><p>Licence: Apache-2.0.</p><pre>%1</pre>")
                     .arg(aboutText().toHtmlEscaped());
  QMessageBox::about(parent, QObject::tr("About ScanShare"), html);
}
