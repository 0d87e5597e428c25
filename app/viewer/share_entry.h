#pragma once
// The File > Share... action (Ctrl+E). The main window enables it once a medium is open and
// connects it to the share dialog (share_dialog.h).
#include <QAction>

QAction* createShareAction(QObject* parent);
