// scan() of CD images (ISO 9660, Joliet, Rock Ridge): the images are written in the test with libarchive.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "dicom_fixtures.h"
#include "imaging/core/error.h"
#include "imaging/media/scan.h"

namespace fs = std::filesystem;
using imaging::Inventory;
using imaging::ProblemKind;

namespace {

// One entry of an image to write: a folder, a file with bytes, a symbolic link or a hard link.
struct IsoEntry {
  std::string name;
  std::string bytes;
  enum Kind { File, Folder, Symlink, Hardlink } kind = File;
  std::string link;  // target of Symlink / Hardlink
};

IsoEntry fileEntry(const std::string& name, const std::string& bytes) { return {name, bytes, IsoEntry::File, ""}; }
IsoEntry linkEntry(const std::string& name, IsoEntry::Kind kind, const std::string& target) { return {name, "", kind, target}; }

// Writes an ISO 9660 image; options e.g. "iso9660:!rockridge,iso9660:!joliet" (plain ISO 9660).
void writeIso(const fs::path& iso, const std::vector<IsoEntry>& entries, const std::string& options) {
  std::unique_ptr<archive, int (*)(archive*)> writer(archive_write_new(), &archive_write_free);
  ASSERT_EQ(archive_write_set_format_iso9660(writer.get()), ARCHIVE_OK);
  if (!options.empty()) {
    ASSERT_EQ(archive_write_set_options(writer.get(), options.c_str()), ARCHIVE_OK) << options;
  }
  ASSERT_EQ(archive_write_open_filename(writer.get(), iso.c_str()), ARCHIVE_OK);
  for (const IsoEntry& e : entries) {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(), &archive_entry_free);
    archive_entry_set_pathname(entry.get(), e.name.c_str());
    archive_entry_set_mtime(entry.get(), 1700000000, 0);
    switch (e.kind) {
      case IsoEntry::Folder:
        archive_entry_set_mode(entry.get(), AE_IFDIR | 0755);
        break;
      case IsoEntry::Symlink:
        archive_entry_set_mode(entry.get(), AE_IFLNK | 0777);
        archive_entry_set_symlink(entry.get(), e.link.c_str());
        break;
      case IsoEntry::Hardlink:
        archive_entry_set_mode(entry.get(), AE_IFREG | 0644);
        archive_entry_set_hardlink(entry.get(), e.link.c_str());
        break;
      case IsoEntry::File:
        archive_entry_set_mode(entry.get(), AE_IFREG | 0644);
        archive_entry_set_size(entry.get(), static_cast<la_int64_t>(e.bytes.size()));
        break;
    }
    ASSERT_EQ(archive_write_header(writer.get(), entry.get()), ARCHIVE_OK) << e.name;
    if (e.kind == IsoEntry::File && !e.bytes.empty()) {
      ASSERT_EQ(archive_write_data(writer.get(), e.bytes.data(), e.bytes.size()), static_cast<la_ssize_t>(e.bytes.size()));
    }
  }
  ASSERT_EQ(archive_write_close(writer.get()), ARCHIVE_OK);
}

// Every folder and file under root, as image entries with the same relative names.
std::vector<IsoEntry> entriesOf(const fs::path& root) {
  std::vector<fs::path> paths;
  for (const auto& e : fs::recursive_directory_iterator(root)) paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  std::vector<IsoEntry> entries;
  for (const fs::path& p : paths) {
    IsoEntry entry;
    entry.name = p.lexically_relative(root).generic_string();
    if (fs::is_directory(p)) entry.kind = IsoEntry::Folder;
    else entry.bytes = fixtures::readBytes(p);
    entries.push_back(entry);
  }
  return entries;
}

std::vector<const imaging::Problem*> problemsOfKind(const Inventory& inventory, ProblemKind kind) {
  std::vector<const imaging::Problem*> found;
  for (const auto& problem : inventory.problems)
    if (problem.kind == kind) found.push_back(&problem);
  return found;
}

std::set<std::string> sopUids(const Inventory& inventory) {
  std::set<std::string> uids;
  for (const auto& patient : inventory.patients)
    for (const auto& study : patient.studies)
      for (const auto& series : study.series)
        for (const auto& instance : series.instances) uids.insert(instance.sop_instance_uid);
  return uids;
}

std::multiset<std::string> seriesUids(const Inventory& inventory) {
  std::multiset<std::string> uids;
  for (const auto& patient : inventory.patients)
    for (const auto& study : patient.studies)
      for (const auto& series : study.series) uids.insert(series.series_instance_uid);
  return uids;
}

// A small "CD": two patients, three series, a DICOMDIR that names the files in upper case.
fs::path writeCdFolder(const fs::path& root) {
  const fs::path cd = root / "cd";
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    fixtures::InstanceSpec spec;
    spec.patient_id = i < 3 ? "PID-A" : "PID-B";
    spec.study_uid = i < 3 ? "1.2.826.0.1.3680043.8.498.10" : "1.2.826.0.1.3680043.8.498.20";
    spec.series_uid = spec.study_uid + (i < 2 ? ".1" : ".2");
    spec.instance_number = i + 1;
    const std::string name = "im0000" + std::to_string(i + 1);
    fixtures::writeInstance(cd / "dicom" / "st000001" / name, spec);
    ids.push_back("DICOM\\ST000001\\IM0000" + std::to_string(i + 1));
  }
  fixtures::writeDicomdir(cd / "DICOMDIR", ids);
  return cd;
}

imaging::ScanOptions optionsUnder(const fs::path& temp_parent) {
  fs::create_directories(temp_parent);
  imaging::ScanOptions options;
  options.temp_parent = temp_parent;
  return options;
}

class IsoFlavour : public ::testing::TestWithParam<const char*> {};

TEST_P(IsoFlavour, ScansLikeTheFolderItWasMadeFrom) {
  const fs::path root = fixtures::freshWorkDir();
  const fs::path cd = writeCdFolder(root);
  const fs::path iso = root / "disk.iso";
  writeIso(iso, entriesOf(cd), GetParam());

  const Inventory from_folder = imaging::scan(cd);
  const Inventory from_iso = imaging::scan(iso, optionsUnder(root / "tmp"));
  ASSERT_EQ(from_folder.instanceCount(), 5u);
  EXPECT_EQ(from_iso.root, iso);
  EXPECT_EQ(from_iso.patients.size(), from_folder.patients.size());
  EXPECT_EQ(from_iso.instanceCount(), from_folder.instanceCount());
  EXPECT_EQ(seriesUids(from_iso), seriesUids(from_folder));
  EXPECT_EQ(sopUids(from_iso), sopUids(from_folder));
  EXPECT_TRUE(from_iso.used_dicomdir);  // the upper-case DICOMDIR references resolved
  EXPECT_TRUE(problemsOfKind(from_iso, ProblemKind::MissingReferencedFile).empty());
  EXPECT_TRUE(problemsOfKind(from_iso, ProblemKind::InvalidDicomdir).empty());
  EXPECT_TRUE(from_iso.problems.empty()) << from_iso.problems.front().path << ": " << from_iso.problems.front().reason;
  for (const auto& patient : from_iso.patients)
    for (const auto& study : patient.studies)
      for (const auto& series : study.series)
        for (const auto& instance : series.instances) EXPECT_TRUE(fs::is_regular_file(instance.path)) << instance.path;
}

// Plain ISO 9660 (upper-case 8.3 names with ";1" versions), Joliet, Rock Ridge, and both.
INSTANTIATE_TEST_SUITE_P(Iso, IsoFlavour,
                         ::testing::Values("iso9660:!rockridge,iso9660:!joliet", "iso9660:!rockridge,iso9660:joliet",
                                           "iso9660:rockridge,iso9660:!joliet", "iso9660:rockridge,iso9660:joliet"));

TEST(IsoImage, NonDicomFilesAreReportedLikeInAFolder) {
  const fs::path root = fixtures::freshWorkDir();
  const fs::path cd = root / "cd";
  fixtures::writeInstance(cd / "IMAGES" / "IM1", {});
  fixtures::writeBytes(cd / "AUTORUN.INF", "[autorun]\r\nopen=viewer.exe\r\n");
  const fs::path iso = root / "disk.iso";
  writeIso(iso, entriesOf(cd), "");

  const Inventory from_folder = imaging::scan(cd);
  const Inventory from_iso = imaging::scan(iso, optionsUnder(root / "tmp"));
  EXPECT_EQ(from_iso.instanceCount(), 1u);
  const auto not_dicom = problemsOfKind(from_iso, ProblemKind::NotDicom);
  ASSERT_EQ(not_dicom.size(), 1u);
  EXPECT_EQ(problemsOfKind(from_folder, ProblemKind::NotDicom).size(), 1u);
  EXPECT_EQ(not_dicom[0]->path.filename(), "AUTORUN.INF");
  EXPECT_EQ(from_iso.files_scanned, from_folder.files_scanned);
}

// Large enough that cutting the image in half lands in file data, past the folders.
fs::path writeFourLargeInstances(const fs::path& root) {
  const fs::path cd = root / "cd";
  for (int i = 0; i < 4; ++i) {
    fixtures::InstanceSpec spec;
    spec.instance_number = i + 1;
    spec.rows = 256;
    spec.columns = 256;
    fixtures::writeInstance(cd / "DICOM" / ("IM" + std::to_string(i + 1)), spec);
  }
  return cd;
}

void truncateTo(const fs::path& file, std::size_t size) {
  const std::string bytes = fixtures::readBytes(file);
  ASSERT_GT(bytes.size(), size);
  fixtures::writeBytes(file, bytes.substr(0, size));
}

TEST(IsoImage, ImageCutInHalfKeepsWhatWasReadAndNamesTheImage) {
  const fs::path root = fixtures::freshWorkDir();
  const fs::path iso = root / "cut.iso";
  writeIso(iso, entriesOf(writeFourLargeInstances(root)), "");
  truncateTo(iso, fs::file_size(iso) / 2);

  const Inventory inventory = imaging::scan(iso, optionsUnder(root / "tmp"));
  EXPECT_LT(inventory.dicom_files, 4u);
  EXPECT_GE(inventory.dicom_files, 1u);  // the files before the cut are still there
  const auto unreadable = problemsOfKind(inventory, ProblemKind::Unreadable);
  ASSERT_EQ(unreadable.size(), 1u);
  EXPECT_EQ(unreadable[0]->path, "cut.iso");
  EXPECT_NE(unreadable[0]->reason.find("truncated"), std::string::npos);
  EXPECT_EQ(unreadable[0]->reason.find('\n'), std::string::npos);
}

TEST(IsoImage, ImageCutBeforeItsFoldersIsAnErrorNamingIt) {
  const fs::path root = fixtures::freshWorkDir();
  const fs::path iso = root / "stub.iso";
  writeIso(iso, entriesOf(writeFourLargeInstances(root)), "");
  truncateTo(iso, 16 * 2048 + 100);  // the first volume descriptor's signature survives, nothing else
  try {
    (void)imaging::scan(iso, optionsUnder(root / "tmp"));
    FAIL() << "a stub of an image must not scan";
  } catch (const imaging::Error& error) {
    EXPECT_EQ(error.path(), iso.string());
    EXPECT_EQ(error.oneLine().find('\n'), std::string::npos);
  }
  EXPECT_TRUE(fs::is_empty(root / "tmp"));  // the extraction folder went away with the error
}

TEST(IsoImage, FileNamedIsoThatIsNotOneIsReportedNotExtracted) {
  const fs::path root = fixtures::freshWorkDir();
  const fs::path fake = root / "holiday.iso";
  fixtures::writeBytes(fake, std::string(40000, 'x'));
  const Inventory inventory = imaging::scan(fake, optionsUnder(root / "tmp"));
  EXPECT_EQ(inventory.instanceCount(), 0u);
  ASSERT_EQ(inventory.problems.size(), 1u);
  EXPECT_EQ(inventory.problems[0].path.filename(), "holiday.iso");
  EXPECT_EQ(inventory.problems[0].kind, ProblemKind::NotDicom);
  EXPECT_TRUE(fs::is_empty(root / "tmp"));
}

TEST(IsoImage, UdfOnlyImageIsAnUnsupportedError) {
  const fs::path root = fixtures::freshWorkDir();
  const fs::path udf = root / "dvd.iso";
  std::string bytes(64 * 1024, '\0');
  bytes.replace(16 * 2048 + 1, 5, "BEA01");
  bytes.replace(17 * 2048 + 1, 5, "NSR02");
  bytes.replace(18 * 2048 + 1, 5, "TEA01");
  fixtures::writeBytes(udf, bytes);
  try {
    (void)imaging::scan(udf);
    FAIL() << "a UDF-only image must be refused";
  } catch (const imaging::Error& error) {
    EXPECT_EQ(error.code(), imaging::ErrorCode::Unsupported);
    EXPECT_EQ(error.path(), udf.string());
    EXPECT_NE(std::string(error.what()).find("UDF"), std::string::npos);
  }
}

TEST(IsoImage, ExtractionIsBounded) {
  const fs::path root = fixtures::freshWorkDir();
  const std::string big(200000, 'a');
  writeIso(root / "big.iso", {fileEntry("A.BIN", big), fileEntry("B.BIN", big)}, "");
  imaging::ScanOptions options = optionsUnder(root / "tmp");
  options.max_extracted_bytes = 250000;
  const Inventory inventory = imaging::scan(root / "big.iso", options);
  const auto refused = problemsOfKind(inventory, ProblemKind::Unsupported);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0]->path, "big.iso");
  EXPECT_NE(refused[0]->reason.find("limit"), std::string::npos);
  EXPECT_EQ(inventory.files_scanned, 1u);
}

TEST(IsoImage, SymbolicLinksAreNotFollowed) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::writeBytes(root / "secret.txt", "outside the image");
  writeIso(root / "links.iso",
           {linkEntry("DICOM", IsoEntry::Folder, ""), fileEntry("DICOM/README.TXT", "hello"),
            linkEntry("DICOM/LINK", IsoEntry::Symlink, (root / "secret.txt").string())},
           "iso9660:rockridge");
  const Inventory inventory = imaging::scan(root / "links.iso", optionsUnder(root / "tmp"));
  std::size_t symlinks = 0, files = 0;
  for (const auto& e : fs::recursive_directory_iterator(root / "tmp")) {
    symlinks += e.is_symlink() ? 1 : 0;
    files += e.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(symlinks, 0u);
  EXPECT_EQ(files, 1u);
  const auto refused = problemsOfKind(inventory, ProblemKind::Unsupported);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0]->path.generic_string(), "DICOM/LINK");
  EXPECT_NE(refused[0]->reason.find("symbolic link"), std::string::npos);
}

// Points the directory record of `second` at the data of `first` (two names, one extent: what
// libarchive reports as a hard link). Plain ISO 9660 records: length at 0, extent at 2 (LE) and 6
// (BE), name length at 32, name at 33.
void shareExtent(const fs::path& iso, const std::string& first, const std::string& second) {
  std::string bytes = fixtures::readBytes(iso);
  auto recordOf = [&](const std::string& name) {
    const std::string key = std::string(1, static_cast<char>(name.size())) + name;
    const std::size_t at = bytes.find(key);
    return at == std::string::npos || at < 32 ? std::string::npos : at - 32;
  };
  const std::size_t a = recordOf(first), b = recordOf(second);
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  bytes.replace(b + 2, 8, bytes.substr(a + 2, 8));
  fixtures::writeBytes(iso, bytes);
}

TEST(IsoImage, SharedDataIsCopiedNeverLinked) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::writeInstance(root / "src" / "im1", {});
  const std::string im1 = fixtures::readBytes(root / "src" / "im1");
  const fs::path iso = root / "shared.iso";
  writeIso(iso, {linkEntry("DICOM", IsoEntry::Folder, ""), fileEntry("DICOM/IM1", im1),
                 fileEntry("DICOM/IM2", std::string(im1.size(), 'z'))},
           "iso9660:!rockridge,iso9660:!joliet");
  shareExtent(iso, "IM1.;1", "IM2.;1");
  const Inventory inventory = imaging::scan(iso, optionsUnder(root / "tmp"));

  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(root / "tmp")) {
    if (!e.is_regular_file()) continue;
    ++files;
    EXPECT_EQ(fs::hard_link_count(e.path()), 1u) << e.path();
    EXPECT_EQ(fixtures::readBytes(e.path()), im1) << e.path();
  }
  EXPECT_EQ(files, 2u);  // the shared data is copied, once per name
  EXPECT_EQ(inventory.instanceCount(), 1u);
  EXPECT_EQ(problemsOfKind(inventory, ProblemKind::DuplicateSopInstance).size(), 1u);
}

}  // namespace

// Joliet names are UTF-16; libarchive converts them through the thread's locale, which is "C" in
// our programs, so every non-ASCII name came out empty and was refused as an unsafe path (found in
// session 2 with an xorriso image of a folder named after the patient). The image is made by
// xorriso, as CD authoring tools make them, with Joliet names only.
TEST(IsoImage, JolietNonAsciiNamesAreRead) {
  const fs::path root = fixtures::freshWorkDir();
  const fs::path cd = root / "cd";
  fixtures::writeInstance(cd / "Bilder M\xc3\xbcller" / "Bild_\xc3\xa4" "1.dcm", {});
  const fs::path iso = root / "joliet.iso";
  const std::string command = std::string(XORRISO_PROGRAM) + " -outdev '" + iso.string() +
                              "' -joliet on -rockridge off -map '" + cd.string() + "' / > '" +
                              (root / "xorriso.log").string() + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << fixtures::readBytes(root / "xorriso.log");

  const Inventory inventory = imaging::scan(iso, optionsUnder(root / "tmp"));
  EXPECT_EQ(inventory.instanceCount(), 1u);
  EXPECT_TRUE(problemsOfKind(inventory, ProblemKind::Unsupported).empty())
      << inventory.problems.front().reason;
  bool named = false;
  inventory.forEachInstance([&](const imaging::Patient&, const imaging::Study&, const imaging::Series&,
                                const imaging::Instance& instance) {
    named |= instance.path.filename() == "Bild_\xc3\xa4" "1.dcm" &&
             instance.path.parent_path().filename() == "Bilder M\xc3\xbcller";
  });
  EXPECT_TRUE(named) << "the names on the disc are kept, in UTF-8";
}
