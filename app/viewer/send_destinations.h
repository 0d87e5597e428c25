#pragma once
// The saved list of places the share flow sends to ("AET@HOST:PORT", most recent first), kept in
// QSettings under "send/destinations". Parsing and checking are libimaging's (parseDicomPeer).
#include <QSettings>
#include <QString>
#include <QStringList>

constexpr int kMaxSavedDestinations = 10;

// The saved destinations that still parse, most recent first, without duplicates.
QStringList savedDestinations(const QSettings& settings);
// Puts destination first (moving it up when already there) and keeps at most kMaxSavedDestinations.
// Returns false, saving nothing, when it does not parse.
bool rememberDestination(QSettings& settings, const QString& destination);
// "AET@HOST:PORT" from the three fields, or an empty string with a one-line reason in error.
QString destinationFromFields(const QString& ae_title, const QString& host, const QString& port, QString* error);
