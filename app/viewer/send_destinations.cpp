#include "send_destinations.h"

#include "imaging/core/error.h"
#include "imaging/send/destination.h"

namespace {

const char* const kKey = "send/destinations";

bool parses(const QString& destination, QString* error = nullptr) {
  try {
    imaging::parseDicomPeer(destination.toStdString());
    return true;
  } catch (const imaging::Error& e) {
    if (error) *error = QString::fromStdString(e.oneLine());
    return false;
  }
}

}  // namespace

QStringList savedDestinations(const QSettings& settings) {
  QStringList list;
  for (const QString& entry : settings.value(kKey).toStringList())
    if (!list.contains(entry) && parses(entry) && list.size() < kMaxSavedDestinations) list << entry;
  return list;
}

bool rememberDestination(QSettings& settings, const QString& destination) {
  if (!parses(destination)) return false;
  QStringList list = savedDestinations(settings);
  list.removeAll(destination);
  list.prepend(destination);
  while (list.size() > kMaxSavedDestinations) list.removeLast();
  settings.setValue(kKey, list);
  return true;
}

QString destinationFromFields(const QString& ae_title, const QString& host, const QString& port, QString* error) {
  QString h = host.trimmed();
  if (h.contains(':') && !h.startsWith('[')) h = QLatin1Char('[') + h + QLatin1Char(']');  // IPv6
  const QString destination = ae_title.trimmed() + QLatin1Char('@') + h + QLatin1Char(':') + port.trimmed();
  QString reason;
  if (parses(destination, &reason)) return destination;
  if (error) *error = reason;
  return {};
}
