// scan(): DICOMDIR handling, problems, zip input, character sets, cancellation.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <zip.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <algorithm>
#include <atomic>

#include "dicom_fixtures.h"
#include "imaging/core/error.h"
#include "imaging/media/scan.h"

namespace fs = std::filesystem;
using imaging::Inventory;
using imaging::ProblemKind;

namespace {

std::vector<const imaging::Problem*> problemsOfKind(const Inventory& inventory, ProblemKind kind) {
  std::vector<const imaging::Problem*> found;
  for (const auto& problem : inventory.problems)
    if (problem.kind == kind) found.push_back(&problem);
  return found;
}

void writeZip(const fs::path& zip_path, const std::vector<std::pair<std::string, std::string>>& entries) {
  int error = 0;
  zip_t* archive = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(archive, nullptr);
  for (const auto& [name, bytes] : entries) {
    // libzip copies the buffer at close time; keep the strings alive until then (they are).
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    ASSERT_NE(source, nullptr);
    ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0) << name;
  }
  ASSERT_EQ(zip_close(archive), 0);
}

std::string firstPatientName(const Inventory& inventory) {
  return inventory.patients.empty() ? std::string("<none>") : inventory.patients.front().name;
}

}  // namespace

TEST(Scan, LowerCaseDicomdirAtDepthWithMissingAndUnlistedFiles) {
  const fs::path root = fixtures::freshWorkDir();
  const fs::path disk = root / "cd" / "content";
  // Files on the "CD" appear in another letter case, one with an ISO 9660 version suffix.
  fixtures::writeInstance(disk / "Images" / "im00001", {});
  fixtures::InstanceSpec second;
  second.instance_number = 2;
  fixtures::writeInstance(disk / "Images" / "IM00002;1", second);
  fixtures::writeDicomdir(disk / "dicomdir", {"IMAGES\\IM00001", "IMAGES\\IM00002", "IMAGES\\IM00003"});
  fixtures::InstanceSpec unlisted;
  unlisted.instance_number = 3;
  fixtures::writeInstance(root / "extra" / "unlisted.dcm", unlisted);

  const Inventory inventory = imaging::scan(root);
  EXPECT_TRUE(inventory.used_dicomdir);
  EXPECT_EQ(inventory.files_scanned, 4u);
  EXPECT_EQ(inventory.dicom_files, 3u);
  ASSERT_EQ(inventory.instanceCount(), 3u);
  const auto missing = problemsOfKind(inventory, ProblemKind::MissingReferencedFile);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0]->path.generic_string(), "cd/content/IMAGES/IM00003");
  EXPECT_EQ(inventory.problems.size(), 1u);
  // Sorted by instance number.
  const auto& instances = inventory.patients.at(0).studies.at(0).series.at(0).instances;
  EXPECT_EQ(instances[0].instance_number, 1);
  EXPECT_EQ(instances[2].path.filename(), "unlisted.dcm");
}

TEST(Scan, DicomdirPathScansItsFolder) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::writeInstance(root / "A" / "B", {});
  fixtures::writeDicomdir(root / "DicomDir", {"A\\B"});
  const Inventory inventory = imaging::scan(root / "DicomDir");
  EXPECT_TRUE(inventory.used_dicomdir);
  EXPECT_EQ(inventory.dicom_files, 1u);
  EXPECT_TRUE(inventory.problems.empty());
}

TEST(Scan, TruncatedPixelDataAndHeaderAreReported) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::writeInstance(root / "good.dcm", {});
  const std::string bytes = fixtures::readBytes(root / "good.dcm");
  fixtures::writeBytes(root / "cut_pixels.dcm", bytes.substr(0, bytes.size() - 100));
  fixtures::writeBytes(root / "cut_header.dcm", bytes.substr(0, 300));

  const Inventory inventory = imaging::scan(root);
  EXPECT_EQ(inventory.dicom_files, 1u);
  const auto truncated = problemsOfKind(inventory, ProblemKind::Truncated);
  ASSERT_EQ(truncated.size(), 2u);
  EXPECT_EQ(truncated[0]->path, "cut_header.dcm");
  EXPECT_EQ(truncated[1]->path, "cut_pixels.dcm");
}

TEST(Scan, JunkIsNotDicom) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::writeInstance(root / "DICOM" / "I1", {});
  fixtures::writeBytes(root / "autorun.inf", "[autorun]\r\nopen=viewer\\viewer.exe\r\n");
  fixtures::writeBytes(root / "viewer" / "viewer.exe", std::string("MZ\x90\0\3\0\0\0", 8) + std::string(400, 'x'));
  fixtures::writeBytes(root / "viewer" / "lib.jar", std::string("PK\3\4", 4) + std::string(60, '\0'));
  fixtures::writeBytes(root / "README.TXT", "Patient: Test Patient. Open viewer.exe to see the images.\n");
  fixtures::writeBytes(root / "empty", "");

  const Inventory inventory = imaging::scan(root);
  EXPECT_EQ(inventory.files_scanned, 6u);
  EXPECT_EQ(inventory.dicom_files, 1u);
  const auto junk = problemsOfKind(inventory, ProblemKind::NotDicom);
  ASSERT_EQ(junk.size(), 5u);
  for (const auto* problem : junk) {
    EXPECT_NE(problem->reason.find("not a DICOM file"), std::string::npos) << problem->reason;
    EXPECT_EQ(problem->reason.find("Test Patient"), std::string::npos);
  }
}

TEST(Scan, DuplicateSopInstanceKeepsTheFirst) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::InstanceSpec spec;
  spec.sop_uid = "1.2.826.0.1.3680043.8.498.77";
  fixtures::writeInstance(root / "a.dcm", spec);
  fixtures::writeInstance(root / "b.dcm", spec);
  const Inventory inventory = imaging::scan(root);
  EXPECT_EQ(inventory.dicom_files, 1u);
  ASSERT_EQ(inventory.instanceCount(), 1u);
  EXPECT_EQ(inventory.patients[0].studies[0].series[0].instances[0].path.filename(), "a.dcm");
  const auto duplicates = problemsOfKind(inventory, ProblemKind::DuplicateSopInstance);
  ASSERT_EQ(duplicates.size(), 1u);
  EXPECT_EQ(duplicates[0]->path, "b.dcm");
}

TEST(Scan, UidsAreCollectedOnlyWhenAsked) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::InstanceSpec spec;
  spec.sop_uid = "1.2.826.0.1.3680043.8.498.78";
  fixtures::writeInstance(root / "a.dcm", spec);
  const Inventory with = imaging::scan(root);
  ASSERT_EQ(with.instanceCount(), 1u);
  const imaging::Instance& collected = with.patients[0].studies[0].series[0].instances[0];
  EXPECT_TRUE(collected.uids_known);
  EXPECT_NE(std::find(collected.uids.begin(), collected.uids.end(), spec.sop_uid), collected.uids.end());

  imaging::ScanOptions options;
  options.collect_uids = false;  // an export alone: verify would read the file itself
  const Inventory without = imaging::scan(root, options);
  ASSERT_EQ(without.instanceCount(), 1u);
  const imaging::Instance& left = without.patients[0].studies[0].series[0].instances[0];
  EXPECT_FALSE(left.uids_known);
  EXPECT_TRUE(left.uids.empty());
  EXPECT_EQ(left.sop_instance_uid, spec.sop_uid);
}

namespace {

// Rewrites the file meta's Transfer Syntax UID (and the meta group length) of a file written by
// writeInstance: the same data set under a transfer syntax DCMTK 3.6.7 does not know.
void overrideTransferSyntax(const fs::path& path, const std::string& uid) {
  std::string bytes = fixtures::readBytes(path);
  const std::string tag("\x02\x00\x10\x00UI", 6);
  const std::size_t at = bytes.find(tag, 132);
  ASSERT_NE(at, std::string::npos);
  const std::size_t old_length = static_cast<unsigned char>(bytes[at + 6]) | static_cast<unsigned char>(bytes[at + 7]) << 8;
  std::string value = uid;
  if (value.size() % 2) value.push_back('\0');
  bytes.replace(at, 8 + old_length, tag + static_cast<char>(value.size()) + '\0' + value);
  std::uint32_t group = 0;
  for (int i = 3; i >= 0; --i) group = group << 8 | static_cast<unsigned char>(bytes[140 + i]);
  group = group - static_cast<std::uint32_t>(old_length) + static_cast<std::uint32_t>(value.size());
  for (int i = 0; i < 4; ++i) bytes[140 + i] = static_cast<char>((group >> (8 * i)) & 0xFF);
  fixtures::writeBytes(path, bytes);
}

}  // namespace

TEST(Scan, DuplicateSopInstanceKeepsTheCopyThatCanBeDecoded) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::InstanceSpec spec;
  spec.sop_uid = "1.2.826.0.1.3680043.8.498.78";
  fixtures::writeInstance(root / "a.dcm", spec);  // first in scan order, but HTJ2K: not decodable here
  overrideTransferSyntax(root / "a.dcm", "1.2.840.10008.1.2.4.201");
  fixtures::writeInstance(root / "b.dcm", spec);
  const Inventory inventory = imaging::scan(root);
  ASSERT_EQ(inventory.instanceCount(), 1u);
  EXPECT_EQ(inventory.patients[0].studies[0].series[0].instances[0].path.filename(), "b.dcm");
  const auto duplicates = problemsOfKind(inventory, ProblemKind::DuplicateSopInstance);
  ASSERT_EQ(duplicates.size(), 1u);
  EXPECT_EQ(duplicates[0]->path, "a.dcm");
  EXPECT_NE(duplicates[0]->reason.find("b.dcm"), std::string::npos) << duplicates[0]->reason;
  EXPECT_NE(duplicates[0]->reason.find("decoded"), std::string::npos) << duplicates[0]->reason;
}

TEST(Scan, DicomWithoutSopInstanceUidIsIncompleteNotUnreadable) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::writeInstance(root / "nouid.dcm", {});
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile((root / "nouid.dcm").c_str()).good());
  file.loadAllDataIntoMemory();
  file.getDataset()->findAndDeleteElement(DCM_SOPInstanceUID);
  ASSERT_TRUE(file.saveFile((root / "nouid.dcm").c_str(), EXS_LittleEndianExplicit).good());
  const Inventory inventory = imaging::scan(root);
  EXPECT_TRUE(problemsOfKind(inventory, ProblemKind::Unreadable).empty());
  const auto incomplete = problemsOfKind(inventory, ProblemKind::Incomplete);
  ASSERT_EQ(incomplete.size(), 1u);
  EXPECT_NE(incomplete[0]->reason.find("SOP Instance UID"), std::string::npos) << incomplete[0]->reason;
  EXPECT_EQ(std::string(imaging::toString(ProblemKind::Incomplete)), "incomplete");
}

TEST(Scan, ZipIsExtractedAndUnsafeEntriesRefused) {
  const fs::path root = fixtures::freshWorkDir();
  const fs::path source = root / "src";
  fixtures::writeInstance(source / "im1", {});
  fixtures::InstanceSpec second;
  second.instance_number = 2;
  fixtures::writeInstance(source / "im2", second);
  const std::string im1 = fixtures::readBytes(source / "im1");
  const std::string im2 = fixtures::readBytes(source / "im2");
  const std::string evil = "should never be written";
  writeZip(root / "export.zip",
           {{"DICOM/ST1/IM1", im1}, {"DICOM/ST1/IM2", im2}, {"../evil", evil}, {"/tmp/scanshare-abs-evil", evil},
            {"readme.txt", "hello"}});
  const fs::path temp_parent = root / "tmp";
  fs::create_directories(temp_parent);

  imaging::ScanOptions options;
  options.temp_parent = temp_parent;
  fs::path extracted_at;
  {
    const Inventory inventory = imaging::scan(root / "export.zip", options);
    EXPECT_EQ(inventory.dicom_files, 2u);
    EXPECT_EQ(inventory.root, root / "export.zip");
    const auto refused = problemsOfKind(inventory, ProblemKind::Unsupported);
    ASSERT_EQ(refused.size(), 2u);
    EXPECT_EQ(refused[0]->path.generic_string(), "../evil");
    EXPECT_EQ(problemsOfKind(inventory, ProblemKind::NotDicom).size(), 1u);
    const fs::path instance_path = inventory.patients.at(0).studies.at(0).series.at(0).instances.at(0).path;
    EXPECT_TRUE(fs::exists(instance_path));  // kept alive by the inventory
    extracted_at = instance_path;
  }
  EXPECT_FALSE(fs::exists(extracted_at));  // extraction removed with the inventory
  EXPECT_FALSE(fs::exists(temp_parent / "evil"));
  EXPECT_FALSE(fs::exists(root / "evil"));
  EXPECT_FALSE(fs::exists("/tmp/scanshare-abs-evil"));
}

TEST(Scan, ZipExtractionIsBounded) {
  const fs::path root = fixtures::freshWorkDir();
  const std::string big(200000, 'a');
  writeZip(root / "big.zip", {{"a.bin", big}, {"b.bin", big}});
  imaging::ScanOptions options;
  options.temp_parent = root;
  options.max_extracted_bytes = 250000;
  const Inventory inventory = imaging::scan(root / "big.zip", options);
  const auto refused = problemsOfKind(inventory, ProblemKind::Unsupported);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_NE(refused[0]->reason.find("limit"), std::string::npos);
  EXPECT_LE(inventory.files_scanned, 1u);
}

TEST(Scan, CharacterSetsDecodeToUtf8) {
  const fs::path root = fixtures::freshWorkDir();
  struct Case {
    std::string charset, raw_name, expected_utf8;
  };
  const std::vector<Case> cases = {
      {"ISO_IR 100", "M\xFCller^J\xF6rg", "M\xC3\xBCller^J\xC3\xB6rg"},                  // Latin-1
      {"ISO_IR 192", "\xCE\xA9mega^\xC3\x85sa", "\xCE\xA9mega^\xC3\x85sa"},              // UTF-8
      {"ISO_IR 144", "\xB8\xD2\xD0\xDD\xDE\xD2", "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xBE\xD0\xB2"},  // Иванов
      {"\\ISO 2022 IR 87", "Yamada^Tarou=\x1B$B;3ED\x1B(B^\x1B$BB@O:\x1B(B",
       "Yamada^Tarou=\xE5\xB1\xB1\xE7\x94\xB0^\xE5\xA4\xAA\xE9\x83\x8E"},                  // 山田^太郎
      {"ISO_IR 999", "Caf\xE9^X", "Caf?^X"},  // unknown character set: kept, '?' for non-ASCII
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    fixtures::InstanceSpec spec;
    spec.charset = cases[i].charset;
    spec.patient_name = cases[i].raw_name;
    spec.patient_id = "P" + std::to_string(i);
    spec.study_uid += "." + std::to_string(i);
    spec.series_uid += "." + std::to_string(i);
    fixtures::writeInstance(root / ("p" + std::to_string(i)), spec);
  }
  const Inventory inventory = imaging::scan(root);
  EXPECT_TRUE(inventory.problems.empty());
  ASSERT_EQ(inventory.patients.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto it = std::find_if(inventory.patients.begin(), inventory.patients.end(),
                           [&](const imaging::Patient& p) { return p.id == "P" + std::to_string(i); });
    ASSERT_NE(it, inventory.patients.end());
    EXPECT_EQ(it->name, cases[i].expected_utf8) << cases[i].charset;
  }
}

TEST(Scan, SymlinkLoopsDoNotHangAndFilesCountOnce) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::writeInstance(root / "series" / "i1", {});
  fs::create_directory_symlink("..", root / "series" / "loop");
  fs::create_symlink("i1", root / "series" / "alias");
  const Inventory inventory = imaging::scan(root);
  EXPECT_EQ(inventory.files_scanned, 1u);
  EXPECT_EQ(inventory.dicom_files, 1u);
  EXPECT_TRUE(inventory.problems.empty());
}

// A mounted stick or CD may carry links to / or /home: following them would export the
// workstation's files, other patients' among them (red team 2026-12-06).
TEST(Scan, SymlinksLeadingOutsideTheInputAreReportedNotFollowed) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::writeInstance(root / "in" / "series" / "i1", {});
  fixtures::InstanceSpec other;
  other.patient_name = "Other^Patient";
  other.patient_id = "OTHER-1";
  fixtures::writeInstance(root / "outside" / "o1", other);
  fs::create_directory_symlink("../outside", root / "in" / "folder_link");
  fs::create_symlink("../outside/o1", root / "in" / "file_link");
  fs::create_directory_symlink("series", root / "in" / "inside_link");  // stays inside: followed, counted once
  const Inventory inventory = imaging::scan(root / "in");
  EXPECT_EQ(inventory.dicom_files, 1u);
  ASSERT_EQ(inventory.patients.size(), 1u);
  EXPECT_EQ(inventory.patients[0].name, "Test^Patient");
  ASSERT_EQ(inventory.problems.size(), 2u);
  for (const imaging::Problem& p : inventory.problems) {
    EXPECT_EQ(p.kind, imaging::ProblemKind::Unsupported) << p.path;
    EXPECT_NE(p.reason.find("outside the input"), std::string::npos) << p.reason;
  }
  EXPECT_EQ(inventory.problems[0].path, fs::path("file_link"));
  EXPECT_EQ(inventory.problems[1].path, fs::path("folder_link"));
}

// A file whose path is longer than the system allows is reported, not silently left out.
TEST(Scan, PathsTooLongToOpenAreReported) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::writeInstance(root / "i1", {});
  int dir = ::open(root.c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(dir, 0);
  const std::string name(200, 'd');
  for (int depth = 0; depth < 25; ++depth) {  // 25 x 201 bytes: past PATH_MAX (4096)
    ASSERT_EQ(::mkdirat(dir, name.c_str(), 0755), 0);
    const int next = ::openat(dir, name.c_str(), O_RDONLY | O_DIRECTORY);
    ::close(dir);
    ASSERT_GE(next, 0);
    dir = next;
  }
  const int file = ::openat(dir, "deep", O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(file, 0);
  ::close(file);
  ::close(dir);
  const Inventory inventory = imaging::scan(root);
  EXPECT_EQ(inventory.dicom_files, 1u);
  ASSERT_EQ(inventory.problems.size(), 1u);
  EXPECT_EQ(inventory.problems[0].kind, imaging::ProblemKind::Unreadable);
  EXPECT_NE(inventory.problems[0].reason.find("too long"), std::string::npos) << inventory.problems[0].reason;
}

TEST(Scan, SingleFileAndFieldsAreRead) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::InstanceSpec spec;
  spec.rows = 32;
  spec.columns = 24;
  spec.series_number = 7;
  const std::string uid = fixtures::writeInstance(root / "one.dcm", spec);
  const Inventory inventory = imaging::scan(root / "one.dcm");
  ASSERT_EQ(inventory.instanceCount(), 1u);
  const auto& patient = inventory.patients[0];
  EXPECT_EQ(patient.name, "Test^Patient");
  EXPECT_EQ(patient.sex, "F");
  const auto& series = patient.studies.at(0).series.at(0);
  EXPECT_EQ(series.number, 7);
  EXPECT_EQ(series.modality, "MR");
  EXPECT_EQ(series.rows(), 32);
  EXPECT_EQ(series.columns(), 24);
  const auto& instance = series.instances[0];
  EXPECT_EQ(instance.sop_instance_uid, uid);
  EXPECT_EQ(instance.transfer_syntax_uid, "1.2.840.10008.1.2.1");
  EXPECT_TRUE(instance.has_pixel_data);
  ASSERT_TRUE(instance.pixel_spacing.has_value());
  EXPECT_DOUBLE_EQ((*instance.pixel_spacing)[0], 0.5);
  ASSERT_TRUE(instance.image_position.has_value());
  EXPECT_DOUBLE_EQ((*instance.image_position)[2], 1.5);
  EXPECT_EQ(firstPatientName(inventory), "Test^Patient");
}

TEST(Scan, MissingPathThrowsNotFound) {
  try {
    imaging::scan(fixtures::freshWorkDir() / "nope");
    FAIL() << "expected an Error";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::NotFound);
  }
}

TEST(Scan, CancelThrowsCancelledAndProgressCounts) {
  const fs::path root = fixtures::freshWorkDir();
  for (int i = 0; i < 20; ++i) {
    fixtures::InstanceSpec spec;
    spec.instance_number = i + 1;
    fixtures::writeInstance(root / ("f" + std::to_string(i)), spec);
  }
  std::atomic<std::size_t> last_total{0};
  std::atomic<std::size_t> calls{0};
  imaging::ScanOptions options;
  options.threads = 3;
  options.progress = [&](std::size_t, std::size_t total) {
    last_total = total;
    ++calls;
  };
  const Inventory inventory = imaging::scan(root, options);
  EXPECT_EQ(inventory.dicom_files, 20u);
  EXPECT_EQ(calls.load(), 20u);
  EXPECT_EQ(last_total.load(), 20u);

  std::atomic<bool> cancel{true};
  options.cancel = &cancel;
  try {
    imaging::scan(root, options);
    FAIL() << "expected Cancelled";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::Cancelled);
  }
}

// A zip cut short (a download that stopped) has no central directory: libzip cannot open it, so the
// whole disk used to be refused. The entries before the damage are read in order (2026-12-06).
TEST(Scan, ZipCutShortGivesTheEntriesBeforeTheDamage) {
  const fs::path root = fixtures::freshWorkDir();
  const fs::path source = root / "src";
  std::vector<std::pair<std::string, std::string>> entries;
  for (int i = 1; i <= 3; ++i) {
    fixtures::InstanceSpec spec;
    spec.instance_number = i;
    spec.sop_uid = "1.2.826.0.1.3680043.8.498.77." + std::to_string(i);
    fixtures::writeInstance(source / ("im" + std::to_string(i)), spec);
    entries.emplace_back("DICOM/IM" + std::to_string(i), fixtures::readBytes(source / ("im" + std::to_string(i))));
  }
  writeZip(root / "whole.zip", entries);
  const std::string whole = fixtures::readBytes(root / "whole.zip");
  // Cut inside the third entry's data: the first two are whole, the directory is gone.
  const std::size_t third = whole.find("DICOM/IM3");
  ASSERT_NE(third, std::string::npos);
  std::ofstream(root / "cut.zip", std::ios::binary) << whole.substr(0, third + 80);

  imaging::ScanOptions options;
  options.temp_parent = root;
  const Inventory inventory = imaging::scan(root / "cut.zip", options);
  EXPECT_EQ(inventory.instanceCount(), 2u);
  const auto truncated = problemsOfKind(inventory, ProblemKind::Truncated);
  ASSERT_FALSE(truncated.empty());
  EXPECT_EQ(truncated.back()->path.filename(), "cut.zip");
}
