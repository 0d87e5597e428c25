// What the viewer keeps or prints beside the images, checked against the open medium's patients:
// the folder its open dialogs remember (never the medium's own path, nothing when the folder that
// holds it is named after the patient) and the corner text of saved pictures.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "identity_words.h"
#include "imaging/media/scan.h"
#include "synthetic_dicom.h"

namespace fs = std::filesystem;

namespace {

imaging::Inventory pendleworthMedium(const fs::path& folder) {
  fs::create_directories(folder);
  pixels_test::SyntheticImage image;
  image.modality = "MR";
  image.patient_name = "PENDLEWORTH^Araminta";
  image.series_description = "T1 SAG PENDLEWORTH";
  image.samples.assign(64, 100);
  pixels_test::writeSynthetic(image, folder / "im1.dcm");
  return imaging::scan(folder);
}

QString text(const fs::path& p) { return QString::fromStdString(p.string()); }

TEST(ViewerIdentityWords, RemembersOnlyAFolderWithoutThePatientsName) {
  const fs::path root = pixels_test::freshDir("viewer-identity-words");
  const fs::path named = root / "downloads" / "PENDLEWORTH_Araminta_CD";
  const IdentityWords words(pendleworthMedium(named));
  // The medium is named after the patient: its parent is remembered, never the medium itself.
  EXPECT_EQ(words.folderToRemember(text(named)), text(root / "downloads"));
  EXPECT_EQ(words.folderToRemember(text(named / "DICOMDIR")), QString());  // the parent holds the name
  EXPECT_EQ(words.folderToRemember(text(root / "Pendleworth" / "cd.iso")), QString());
}

TEST(ViewerIdentityWords, CornerLabelLosesThePatientsName) {
  const fs::path root = pixels_test::freshDir("viewer-identity-label");
  const imaging::Inventory inventory = pendleworthMedium(root / "cd");
  const IdentityWords words(inventory);
  const imaging::Series& series = inventory.patients.at(0).studies.at(0).series.at(0);
  const QString label = words.cornerLabel(series);
  EXPECT_FALSE(label.contains("PENDLEWORTH", Qt::CaseInsensitive)) << label.toStdString();
  EXPECT_TRUE(label.startsWith("MR 1: T1 SAG")) << label.toStdString();
  EXPECT_EQ(IdentityWords().cornerLabel(series), QString("MR 1: T1 SAG PENDLEWORTH"));  // no medium: nothing to scrub
}

}  // namespace
