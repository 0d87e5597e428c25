// scanStreamed(): the same records, problems and DICOMDIR values as scan(), handed over as read;
// the walk under it (order, links), countFilesUpTo, cancellation.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <zip.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <dcmtk/dcmdata/dctk.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "imaging/media/decodable.h"
#include "dicom_fixtures.h"
#include "file_walk.h"
#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "inventory_text.h"

namespace fs = std::filesystem;
using imaging::FilePath;
using imaging::Inventory;

namespace {

DcmDirectoryRecord* addRecord(DcmDirectoryRecord& parent, E_DirRecType type,
                              const std::vector<std::pair<DcmTagKey, std::string>>& values) {
  auto* record = new DcmDirectoryRecord(type, nullptr, OFFilename());
  for (const auto& [tag, value] : values) record->putAndInsertString(tag, value.c_str());
  EXPECT_TRUE(parent.insertSub(record).good());
  return record;
}

// PATIENT > STUDY > SERIES > IMAGE (no IMAGE when file_id is empty).
void addPatientTree(DcmDirectoryRecord& root, const std::string& name, const std::string& id,
                    const std::string& study_uid, const std::string& file_id) {
  DcmDirectoryRecord* p = addRecord(root, ERT_Patient, {{DCM_PatientName, name}, {DCM_PatientID, id}});
  DcmDirectoryRecord* st = addRecord(*p, ERT_Study, {{DCM_StudyInstanceUID, study_uid}, {DCM_StudyDate, "20240102"}});
  DcmDirectoryRecord* se = addRecord(*st, ERT_Series, {{DCM_Modality, "MR"}});
  if (!file_id.empty()) addRecord(*se, ERT_Image, {{DCM_ReferencedFileID, file_id}, {DCM_InstanceNumber, "1"}});
}

fixtures::InstanceSpec patientSpec(const std::string& name, const std::string& id, int study, int series, int number) {
  fixtures::InstanceSpec spec;
  spec.patient_name = name;
  spec.patient_id = id;
  spec.study_uid = "1.2.826.0.1.3680043.8.498.9" + std::to_string(study);
  spec.series_uid = spec.study_uid + "." + std::to_string(series);
  spec.series_number = series;
  spec.instance_number = number;
  return spec;
}

// Two patients over nested folders with names that sort trickily, a duplicate SOP Instance UID, a
// damaged file, a file that is not DICOM, a DICOMDIR (a nickname, a patient with no file, a record
// over the non-DICOM file) and a copy of it under another name.
void writeMedium(const fs::path& root) {
  fixtures::InstanceSpec a1 = patientSpec("ALDER^Ann", "PID-A", 1, 1, 1);
  a1.sop_uid = "1.2.826.0.1.3680043.8.498.91.1.1";
  fixtures::writeInstance(root / "P1" / "S1" / "IM1", a1);
  fixtures::writeInstance(root / "P1" / "S1" / "IM2", patientSpec("ALDER^Ann", "PID-A", 1, 1, 2));
  fixtures::writeInstance(root / "P1" / "S2" / "IM1", patientSpec("ALDER^Ann", "PID-A", 1, 2, 1));
  fixtures::writeInstance(root / "P2" / "b" / "c", patientSpec("BIRCH^Ben", "PID-B", 2, 1, 1));
  fixtures::writeInstance(root / "P2" / "b-", patientSpec("BIRCH^Ben", "PID-B", 2, 1, 2));
  fixtures::writeInstance(root / "P2" / "b.x", a1);  // the same instance again
  fixtures::writeInstance(root / "P2" / "b c" / "\xC3\xA4.dcm", patientSpec("BIRCH^Ben", "PID-B", 2, 2, 1));
  const std::string bytes = fixtures::readBytes(root / "P2" / "b-");
  fixtures::writeBytes(root / "P2" / "bc", bytes.substr(0, 300));  // damaged
  fixtures::writeBytes(root / "README", "Open viewer.exe to see the images.\n");
  {
    DcmDicomDir dicomdir((root / "DICOMDIR").c_str(), "TEST");
    DcmDirectoryRecord& top = dicomdir.getRootRecord();
    addPatientTree(top, "ALDER^Nightjar", "PID-A-OLD", a1.study_uid, "P1\\S1\\IM1");
    addPatientTree(top, "WOLLSTONE^Perpetua", "PID-W", "1.2.826.0.1.3680043.8.498.93", "");
    addPatientTree(top, "README^Rex", "PID-R", "1.2.826.0.1.3680043.8.498.94", "README");
    addPatientTree(top, "GONE^Gary", "PID-G", "1.2.826.0.1.3680043.8.498.95", "P9\\IM1");  // missing
    ASSERT_TRUE(dicomdir.write(EXS_LittleEndianExplicit, EET_UndefinedLength, EGL_withoutGL).good());
  }
  fs::copy_file(root / "DICOMDIR", root / "dicomdir-backup");
}

struct StreamedInventory {
  Inventory inventory;
  std::vector<std::size_t> positions;
  int most_calls_at_once = 0;
};

// What a consumer of scanStreamed builds: the records placed at their positions, the problems,
// then the DICOMDIR values (per instance, then everyone's), as scan() does.
StreamedInventory inventoryFromStream(const fs::path& input, const imaging::ScanOptions& options) {
  StreamedInventory out;
  imaging::InventoryBuilder builder;
  std::atomic<int> inside{0};
  const auto enter = [&] {
    out.most_calls_at_once = std::max(out.most_calls_at_once, ++inside);
    std::this_thread::yield();  // give another caller the chance to overlap, were it let in
  };
  imaging::ScanSink sink;
  sink.record = [&](std::size_t position, imaging::InstanceRecord record) {
    enter();
    out.positions.push_back(position);
    builder.place(position, std::move(record));
    --inside;
  };
  sink.problem = [&](imaging::Problem problem) {
    enter();
    builder.addProblem(std::move(problem));
    --inside;
  };
  const imaging::StreamedScan scanned = imaging::scanStreamed(input, options, sink);
  EXPECT_NE(scanned.dicomdir_values, nullptr);
  builder.setProblemPathBase(scanned.files_root);
  builder.setDecodable(imaging::media::decodableHere);
  out.inventory = builder.build(input, scanned.files_scanned, scanned.used_dicomdir);
  for (imaging::Patient& patient : out.inventory.patients)
    for (const imaging::Study& study : patient.studies)
      for (const imaging::Series& series : study.series)
        for (const imaging::Instance& instance : series.instances)
          scanned.dicomdir_values->mergeFor(instance.path, patient.identifying_values);
  const imaging::IdentifyingValues everyone = scanned.dicomdir_values->forEveryone();
  for (imaging::Patient& patient : out.inventory.patients) patient.identifying_values.merge(everyone);
  out.inventory.files_root = scanned.files_root;
  out.inventory.keep_alive = scanned.keep_alive;
  return out;
}

// An inventory's text with its files' folder named alike: two scans of a zip extract it twice.
std::string describedRelative(const Inventory& inventory) {
  std::string text = inventory_text::describe(inventory);
  const std::string root = inventory.files_root.string();
  for (std::size_t at = text.find(root); !root.empty() && at != std::string::npos; at = text.find(root, at))
    text.replace(at, root.size(), "<root>");
  return text;
}

std::vector<std::string> walked(const fs::path& root, const imaging::media::WalkOptions& options = {}) {
  std::vector<std::string> files;
  imaging::media::walkRegularFiles(
      root,
      [&](const fs::path& file) {
        files.push_back(file.lexically_relative(root).string());
        return true;
      },
      [](imaging::Problem) {}, options);
  return files;
}

void writeZip(const fs::path& zip_path, const std::vector<std::pair<std::string, std::string>>& entries) {
  int error = 0;
  zip_t* archive = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(archive, nullptr);
  for (const auto& [name, bytes] : entries) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);  // kept alive by `entries`
    ASSERT_NE(source, nullptr);
    ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0) << name;
  }
  ASSERT_EQ(zip_close(archive), 0);
}

}  // namespace

TEST(ScanStreamed, GivesWhatScanUses) {
  const fs::path root = fixtures::freshWorkDir();
  writeMedium(root);
  const Inventory expected = imaging::scan(root);
  // The fixture has what it should: a sanity check of the comparison's reach.
  ASSERT_TRUE(expected.used_dicomdir);
  ASSERT_EQ(expected.patients.size(), 2u);
  ASSERT_EQ(expected.files_scanned, 11u);
  EXPECT_GE(expected.problems.size(), 4u);  // duplicate, damaged, not DICOM, missing
  for (unsigned threads : {1u, 4u}) {
    imaging::ScanOptions options;
    options.threads = threads;
    const StreamedInventory streamed = inventoryFromStream(root, options);
    EXPECT_EQ(inventory_text::describe(streamed.inventory), inventory_text::describe(expected)) << threads;
    EXPECT_EQ(streamed.inventory.files_root, root);
    EXPECT_EQ(streamed.most_calls_at_once, 1) << "sink calls overlapped";
    // Non-DICOMDIR-named files: 10, of which 7 give a record (the damaged one, README and the
    // DICOMDIR under another name none).
    std::vector<std::size_t> positions = streamed.positions;
    std::sort(positions.begin(), positions.end());
    EXPECT_EQ(std::adjacent_find(positions.begin(), positions.end()), positions.end());
    EXPECT_EQ(positions.size(), 7u);
    EXPECT_LT(positions.back(), 10u);
  }
  // The DICOMDIR's values did reach the inventory: the nickname, the patient with no file.
  const auto& alder = expected.patients.at(0).identifying_values.patient;
  EXPECT_NE(std::find(alder.begin(), alder.end(), "PID-A-OLD"), alder.end());
  EXPECT_NE(std::find(alder.begin(), alder.end(), "PID-W"), alder.end());
  EXPECT_NE(std::find(alder.begin(), alder.end(), "PID-R"), alder.end());
}

TEST(ScanStreamed, GivesWhatScanUsesForEveryKindOfInput) {
  const fs::path root = fixtures::freshWorkDir();
  writeMedium(root / "medium");
  std::vector<std::pair<std::string, std::string>> entries;
  for (const char* name : {"P1/S1/IM1", "P1/S2/IM1", "P2/b-", "P2/bc", "README", "DICOMDIR"})
    entries.emplace_back(std::string("CD/") + name, fixtures::readBytes(root / "medium" / name));
  writeZip(root / "medium.zip", entries);
  imaging::ScanOptions options;
  options.temp_parent = root;
  for (const fs::path& input : {root / "medium" / "DICOMDIR", root / "medium" / "P2" / "b-", root / "medium.zip"}) {
    const Inventory expected = imaging::scan(input, options);
    const StreamedInventory streamed = inventoryFromStream(input, options);
    EXPECT_EQ(describedRelative(streamed.inventory), describedRelative(expected)) << input;
  }
  const StreamedInventory zipped = inventoryFromStream(root / "medium.zip", options);
  EXPECT_EQ(zipped.inventory.dicom_files, 3u);
  EXPECT_TRUE(zipped.inventory.used_dicomdir);
  ASSERT_FALSE(zipped.inventory.patients.empty());
  EXPECT_TRUE(fs::exists(zipped.inventory.patients[0].studies[0].series[0].instances[0].path.path()));  // kept alive
}

TEST(ScanStreamed, CancelThrowsCancelled) {
  const fs::path root = fixtures::freshWorkDir();
  for (int i = 0; i < 20; ++i) fixtures::writeInstance(root / ("f" + std::to_string(i)), patientSpec("A^B", "P", 1, 1, i));
  imaging::ScanSink sink;
  sink.record = [](std::size_t, imaging::InstanceRecord) {};
  sink.problem = [](imaging::Problem) {};
  std::atomic<bool> cancel{false};
  std::atomic<std::size_t> last_done{0}, last_listed{0};
  imaging::ScanOptions options;
  options.threads = 2;
  options.progress = [&](std::size_t done, std::size_t listed) {
    EXPECT_LE(done, listed);
    last_done = done;
    last_listed = listed;
  };
  EXPECT_EQ(imaging::scanStreamed(root, options, sink).files_scanned, 20u);
  EXPECT_EQ(last_done.load(), 20u);
  EXPECT_EQ(last_listed.load(), 20u);

  options.cancel = &cancel;
  options.progress = [&](std::size_t, std::size_t) { cancel = true; };  // cancelled after the first file
  for (bool at_once : {true, false}) {
    cancel = at_once;
    try {
      imaging::scanStreamed(root, options, sink);
      FAIL() << "expected Cancelled";
    } catch (const imaging::Error& e) {
      EXPECT_EQ(e.code(), imaging::ErrorCode::Cancelled);
    }
  }
}

// A sink that throws stops the scan with its error, whatever thread it was called on.
TEST(ScanStreamed, SinkErrorStopsTheScan) {
  const fs::path root = fixtures::freshWorkDir();
  for (int i = 0; i < 50; ++i) fixtures::writeInstance(root / ("f" + std::to_string(i)), patientSpec("A^B", "P", 1, 1, i));
  imaging::ScanSink sink;
  sink.record = [](std::size_t, imaging::InstanceRecord) { throw std::runtime_error("disk full"); };
  sink.problem = [](imaging::Problem) {};
  imaging::ScanOptions options;
  options.threads = 3;
  EXPECT_THROW(imaging::scanStreamed(root, options, sink), std::runtime_error);
}

TEST(ScanStreamed, MissingPathThrowsNotFound) {
  try {
    imaging::scanStreamed(fixtures::freshWorkDir() / "nope", {}, {});
    FAIL() << "expected an Error";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::NotFound);
  }
}

// Depth first with each folder's entries sorted by name is the order FilePath sorts paths in: a
// '/' ends a component, so "b/c" comes before "b-" (0x2D), "b.x" (0x2E) and "bc".
TEST(FileWalk, OrderIsThePathOrder) {
  const fs::path root = fixtures::freshWorkDir();
  // "b" is a folder: b/b, b/c, ...
  for (const char* name : {"b.x", "b-", "bc", "b/b", "b/c", "b/c.d/e", "b/c-", "b/C", "a b/x", "a/b", "\xC3\xA4", "Z",
                           "b.x.d/f", "b0/g", "b-d/h", "_", "~"})
    fixtures::writeBytes(root / name, "x");
  std::vector<std::string> expected;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file()) expected.push_back(entry.path().lexically_relative(root).string());
  std::sort(expected.begin(), expected.end(),
            [](const std::string& a, const std::string& b) { return FilePath(a) < FilePath(b); });
  const std::vector<std::string> files = walked(root);
  EXPECT_EQ(files, expected);
  ASSERT_GE(files.size(), 3u);
  EXPECT_LT(std::find(files.begin(), files.end(), "b/c") - files.begin(),
            std::find(files.begin(), files.end(), "b-") - files.begin());
  // listRegularFiles is the walk, collected.
  std::vector<std::string> listed;
  for (const FilePath& file : imaging::media::listRegularFiles(root).files)
    listed.push_back(file.path().lexically_relative(root).string());
  EXPECT_EQ(listed, files);
}

// Each file once, by the first of its names in walk order, though only hard links and files met
// through a link are remembered: a link met after its target knows by the target's place.
TEST(FileWalk, EveryFileOnceWhicheverNameComesFirst) {
  const fs::path root = fixtures::freshWorkDir();
  fixtures::writeBytes(root / "real_dir" / "f", "f");
  fixtures::writeBytes(root / "m_file", "m");
  fixtures::writeBytes(root / "z_file", "z");
  fixtures::writeBytes(root / "h1", "h");
  ASSERT_EQ(::link((root / "h1").c_str(), (root / "h2").c_str()), 0);
  fs::create_symlink("z_file", root / "a_link");          // before its target
  fs::create_directory_symlink("real_dir", root / "d_link");  // a folder, before its real name
  fs::create_symlink("real_dir/f", root / "e_link");      // a file first met through d_link
  fs::create_symlink("m_file", root / "z_link");          // after its target
  fs::create_directory_symlink(".", root / "real_dir" / "loop");
  fs::create_directory_symlink("/", root / "outside");
  std::vector<imaging::Problem> problems;
  std::vector<std::string> files;
  imaging::media::walkRegularFiles(
      root,
      [&](const fs::path& file) {
        files.push_back(file.lexically_relative(root).string());
        return true;
      },
      [&](imaging::Problem problem) { problems.push_back(std::move(problem)); });
  EXPECT_EQ(files, (std::vector<std::string>{"a_link", "d_link/f", "h1", "m_file"}));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, fs::path("outside"));
  EXPECT_EQ(problems[0].kind, imaging::ProblemKind::Unsupported);
}

// An archive of one folder a patient must not make the walk remember every folder (it held the
// identity of each, some 50 bytes a patient): only what a symbolic link leads to is remembered.
TEST(FileWalk, RemembersOnlyWhatLinksLeadTo) {
  const fs::path root = fixtures::freshWorkDir();
  constexpr int kFolders = 300;
  for (int i = 0; i < kFolders; ++i) {
    const std::string name = "p" + std::to_string(1000 + i);
    fixtures::writeBytes(root / name / "im", "x");
  }
  fs::create_directory_symlink("p1299", root / "a_link");  // before its target: walked there
  fs::create_directory_symlink("p1000", root / "z_link");  // after its target: skipped
  fs::create_directory_symlink("..", root / "p1005" / "up");  // a loop
  imaging::media::WalkStats stats;
  imaging::media::WalkOptions options;
  options.stats = &stats;
  const std::vector<std::string> files = walked(root, options);
  ASSERT_EQ(files.size(), static_cast<std::size_t>(kFolders));
  EXPECT_EQ(files.front(), "a_link/im");
  EXPECT_EQ(std::count(files.begin(), files.end(), "p1299/im"), 0);
  EXPECT_EQ(std::count(files.begin(), files.end(), "p1000/im"), 1);
  // The linked folder and its one file; not the 300 folders walked.
  EXPECT_LE(stats.most_remembered, 2u);
}

// A folder of more names than the walk holds (one folder a patient, all in one folder) is sorted
// on disk and walked in the same order; its names are not held, and nothing is left in the folder.
TEST(FileWalk, LongListingsAreSortedOnDisk) {
  const fs::path root = fixtures::freshWorkDir();
  const fs::path input = root / "in", spill = root / "spill";
  fs::create_directories(spill);
  std::vector<std::string> expected;
  for (int i = 0; i < 500; ++i) {
    const std::string name = "p" + std::to_string(i * 7919 % 1000);  // created out of order
    fixtures::writeBytes(input / name / "im", "x");
    expected.push_back(name + "/im");
  }
  fixtures::writeBytes(input / "p1" / "im2", "x");
  expected.push_back("p1/im2");
  std::sort(expected.begin(), expected.end(), [](const std::string& a, const std::string& b) {
    return FilePath(a) < FilePath(b);
  });
  imaging::media::WalkStats stats;
  imaging::media::WalkOptions options;
  options.spill_folder = spill;
  options.names_in_memory = 64;
  options.stats = &stats;
  EXPECT_EQ(walked(input, options), expected);
  EXPECT_LE(stats.most_names_held, 64u);  // held in memory, the root's 500 would be
  EXPECT_TRUE(fs::is_empty(spill));
}

TEST(FileWalk, CountFilesUpToStopsAtTheLimit) {
  const fs::path root = fixtures::freshWorkDir();
  for (int i = 0; i < 10; ++i) fixtures::writeBytes(root / ("d" + std::to_string(i % 3)) / std::to_string(i), "x");
  fixtures::writeBytes(root / "DICOMDIR", "x");
  EXPECT_EQ(imaging::countFilesUpTo(root, 100), 11u);
  EXPECT_EQ(imaging::countFilesUpTo(root, 4), 4u);
  EXPECT_EQ(imaging::countFilesUpTo(root, 0), 0u);
  EXPECT_EQ(imaging::countFilesUpTo(root / "DICOMDIR", 100), 11u);  // its folder
  EXPECT_EQ(imaging::countFilesUpTo(root / "d0" / "0", 100), 1u);
  EXPECT_EQ(imaging::countFilesUpTo(root / "nope", 100), 0u);
}
