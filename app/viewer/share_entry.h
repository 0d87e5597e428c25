#pragma once
// The place where the share flow (tick series, options, before/after table, export, verify) plugs
// into the viewer. The flow itself comes with the anonymize pipeline; until then the action exists,
// disabled, so menus and shortcuts keep their final layout.
#include <QAction>

QAction* createShareAction(QObject* parent);
