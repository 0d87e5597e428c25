#pragma once
// The viewer's keyboard shortcuts in one list: the Help menu's dialog shows it, `--steps help`
// prints it, and the actions added in image_actions.cpp take their keys from it. Keys are written
// as Qt writes them (QKeySequence::PortableText: "Ctrl+Shift+S", "PgDown", "Del").
#include <QString>
#include <QStringList>
#include <vector>

struct Shortcut {
  QString keys;    // one or more key sequences, separated by ", "
  QString action;  // what they do, in plain words
};

const std::vector<Shortcut>& viewerShortcuts();

// The key sequence of the first shortcut whose action is `action` (empty when there is none).
QString shortcutFor(const QString& action);

// "KEYS<TAB>ACTION" per shortcut, in the list's order.
QStringList shortcutLines();

// Mouse gestures that have no key (MPR crosshair rotation, the active viewport), for the Help
// dialog: "GESTURE<TAB>ACTION".
QStringList mouseGestureLines();
