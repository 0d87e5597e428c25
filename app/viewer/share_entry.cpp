#include "share_entry.h"

QAction* createShareAction(QObject* parent) {
  auto* action = new QAction(QObject::tr("&Share..."), parent);
  action->setShortcut(QKeySequence(QObject::tr("Ctrl+E")));
  action->setStatusTip(QObject::tr("Export a de-identified copy of the ticked series"));
  action->setEnabled(false);  // until a medium is open
  return action;
}
