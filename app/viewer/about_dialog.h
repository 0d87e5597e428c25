#pragma once
// The About box: ScanShare's version, the commit it was built from and the libraries it runs with.
#include <QString>

class QWidget;

// Plain text, one item a line (also what `scanshare-viewer --version` prints).
QString aboutText();
void showAboutDialog(QWidget* parent);
