// The share flow's saved destinations: only parseable "AET@HOST:PORT" entries, most recent first,
// no duplicates, at most kMaxSavedDestinations; the three fields assembled and checked.
#include <gtest/gtest.h>

#include <QSettings>
#include <QString>
#include <filesystem>
#include <unistd.h>

#include "send_destinations.h"

namespace {

// A settings file of this process's own. Emptied at the start (a file left by an earlier process
// of the same pid must not count) and at the end before it is removed: QSettings writes its values
// back when destroyed, after this destructor's body, which left the file behind with them.
struct TempSettings {
  std::filesystem::path file = std::filesystem::temp_directory_path() /
                               ("viewer-send-destinations-" + std::to_string(getpid()) + ".ini");
  QSettings settings{QString::fromStdString(file.string()), QSettings::IniFormat};
  TempSettings() { settings.clear(); }
  ~TempSettings() {
    settings.clear();
    settings.sync();
    std::error_code ec;
    std::filesystem::remove(file, ec);
  }
};

}  // namespace

TEST(ViewerSendDestinations, MostRecentFirstWithoutDuplicates) {
  TempSettings t;
  EXPECT_TRUE(savedDestinations(t.settings).isEmpty());
  EXPECT_TRUE(rememberDestination(t.settings, "ORTHANC@localhost:4242"));
  EXPECT_TRUE(rememberDestination(t.settings, "PACS@10.0.0.5:104"));
  EXPECT_TRUE(rememberDestination(t.settings, "ORTHANC@localhost:4242"));
  EXPECT_EQ(savedDestinations(t.settings), (QStringList{"ORTHANC@localhost:4242", "PACS@10.0.0.5:104"}));
}

TEST(ViewerSendDestinations, RefusesWhatDoesNotParseAndDropsItOnLoad) {
  TempSettings t;
  EXPECT_FALSE(rememberDestination(t.settings, "no-port@host"));
  EXPECT_FALSE(rememberDestination(t.settings, "A@host:70000"));
  EXPECT_TRUE(savedDestinations(t.settings).isEmpty());
  t.settings.setValue("send/destinations", QStringList{"broken", "GOOD@host:11112", "GOOD@host:11112"});
  EXPECT_EQ(savedDestinations(t.settings), QStringList{"GOOD@host:11112"});
}

TEST(ViewerSendDestinations, KeepsOnlyTheMostRecent) {
  TempSettings t;
  for (int i = 0; i < kMaxSavedDestinations + 3; ++i)
    ASSERT_TRUE(rememberDestination(t.settings, QStringLiteral("AE%1@host:%2").arg(i).arg(1000 + i)));
  const QStringList list = savedDestinations(t.settings);
  ASSERT_EQ(list.size(), kMaxSavedDestinations);
  EXPECT_EQ(list.front(), QStringLiteral("AE%1@host:%2").arg(kMaxSavedDestinations + 2).arg(1000 + kMaxSavedDestinations + 2));
  EXPECT_FALSE(list.contains("AE0@host:1000"));
}

TEST(ViewerSendDestinations, FieldsAssembledAndChecked) {
  QString error;
  EXPECT_EQ(destinationFromFields(" ORTHANC ", " localhost ", " 4242 ", &error), QString("ORTHANC@localhost:4242"));
  EXPECT_EQ(destinationFromFields("PEER", "::1", "104", &error), QString("PEER@[::1]:104"));
  EXPECT_TRUE(destinationFromFields("", "localhost", "104", &error).isEmpty());
  EXPECT_FALSE(error.isEmpty());
  error.clear();
  EXPECT_TRUE(destinationFromFields("PEER", "localhost", "0", &error).isEmpty());
  EXPECT_FALSE(error.isEmpty());
}
