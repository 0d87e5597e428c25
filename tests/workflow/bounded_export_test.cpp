// The bounded-memory export (anonymizeBounded) writes what the whole-inventory job writes, byte for
// byte, whatever its chunk size and sort budget: the order of patients, studies, series and
// images, the output names, the DICOMDIR, duplicates, exclusions, withheld paths and the report.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <map>
#include <regex>

#include "export_fixtures.h"
#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/workflow/share_pipeline.h"
#include "workflow_fixture.h"

namespace fs = std::filesystem;

namespace {

imaging::AnonymizeOptions optionsFor(const imaging::Key& key) {
  imaging::AnonymizeOptions o;
  o.deid = imaging::makeDeidConfig(key, imaging::Profile::defaultProfile());
  o.flush_to_disk = false;
  o.scan_seconds = 0;  // given: both reports then time the scan alike
  return o;
}

std::map<std::string, std::string> treeOf(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) files[e.path().lexically_relative(root).generic_string()] = export_fixtures::readAll(e.path());
  return files;
}

// The report without what names the output folder or measures time.
std::string comparableReport(const fs::path& path) {
  const std::string text = export_fixtures::readAll(path);
  return std::regex_replace(text, std::regex(R"(("export_seconds"|"scan_seconds"|"output"): [^,\n]*|Output: .*)"), "$1");
}

// Three patients (two share a name), studies whose dates run against their UIDs, series numbered
// against their UIDs, images numbered against their paths, a long series, a second copy of one
// instance (the later, undecodable-free copy loses), a flagged burned-in image, a readme, a damaged
// file and a folder named after a patient.
fs::path makeArchive(const std::string& name) {
  const fs::path root = export_fixtures::freshDir(name) / "in";
  using export_fixtures::Spec;
  const auto image = [&](const fs::path& file, Spec s) { export_fixtures::write(root / file, s); };
  Spec a;
  a.patient_name = "Doe^Jane";
  a.patient_id = "ID-100";
  for (int i = 1; i <= 23; ++i) {  // one long series, written in reverse path order
    Spec s = a;
    s.sop_uid = a.series_uid + "." + std::to_string(i);
    s.instance_number = 24 - i;
    image("Doe_Jane/long/f" + std::to_string(i), s);
  }
  Spec a2 = a;  // a later study with a smaller UID
  a2.study_uid = "1.2.826.0.1.3680043.8.498.6001";
  a2.series_uid = a2.study_uid + ".9";
  a2.series_number = 2;
  for (int i = 1; i <= 5; ++i) {
    Spec s = a2;
    s.sop_uid = a2.series_uid + "." + std::to_string(i);
    s.instance_number = i % 3;  // equal numbers: the path decides
    image("Doe_Jane/later/g" + std::to_string(i), s);
  }
  Spec a3 = a2;
  a3.series_uid = a2.study_uid + ".1";
  a3.series_number = 7;
  a3.sop_uid = a3.series_uid + ".1";
  a3.burned_in = true;
  image("Doe_Jane/later/burned", a3);
  Spec b = a;  // same name, another ID: another patient
  b.patient_id = "ID-200";
  b.study_uid = "1.2.826.0.1.3680043.8.498.8001";
  b.series_uid = b.study_uid + ".1";
  for (int i = 1; i <= 4; ++i) {
    Spec s = b;
    s.sop_uid = b.series_uid + "." + std::to_string(i);
    s.instance_number = i;
    image("other/b" + std::to_string(i), s);
  }
  Spec copy = b;  // a second copy of b1 under another folder: a duplicate
  copy.sop_uid = b.series_uid + ".1";
  image("zcopies/b1again", copy);
  Spec c;
  c.patient_name = "Able^Carl";
  c.patient_id = "ID-300";
  c.study_uid = "1.2.826.0.1.3680043.8.498.9001";
  c.series_uid = c.study_uid + ".3";
  c.sop_uid = c.series_uid + ".1";
  c.modality = "CT";
  image("c/one", c);
  std::ofstream(root / "README.TXT") << "viewer instructions\n";
  std::ofstream(root / "c" / "damaged") << std::string(128, '\0') << "DICM" << std::string(10, 'x');
  return root;
}

}  // namespace

TEST(BoundedExport, WritesWhatTheWholeInventoryJobWritesForEveryChunkSize) {
  const fs::path in = makeArchive("bounded_same");
  const fs::path base = in.parent_path();
  const imaging::AnonymizeOptions options = optionsFor(workflow_fixture::testKey());
  const imaging::AnonymizeResult whole = imaging::AnonymizeJob(imaging::scan(in), options).run(base / "whole");
  ASSERT_EQ(whole.kept, 33u);
  ASSERT_GE(whole.excluded, 1u);  // the burned-in image
  const auto expected_tree = treeOf(base / "whole");
  const std::string expected_json = comparableReport(whole.report_json);
  const std::string expected_text = comparableReport(whole.report_text);
  // Chunks of 1 and 4 split every series; a sort budget of 512 bytes spills every few records.
  for (const auto& [chunk, budget] : std::vector<std::pair<std::size_t, std::size_t>>{
           {1, 512}, {4, 512}, {7, 4096}, {4096, std::size_t{32} << 20}}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk) + ", sort budget " + std::to_string(budget));
    const fs::path out = base / ("bounded-" + std::to_string(chunk));
    imaging::BoundedExportLimits limits;
    limits.chunk_instances = chunk;
    limits.sort_memory = budget;
    const imaging::AnonymizeResult bounded = imaging::anonymizeBounded(in, options, out, limits);
    EXPECT_EQ(bounded.kept, whole.kept);
    EXPECT_EQ(bounded.excluded, whole.excluded);
    EXPECT_EQ(bounded.failed, whole.failed);
    EXPECT_EQ(bounded.skipped.size(), whole.skipped.size());
    EXPECT_TRUE(bounded.files.empty());  // on disk, read back through forEachFile
    std::size_t visited = 0;
    bounded.forEachFile([&](const imaging::FileResult&) { ++visited; });
    EXPECT_EQ(visited, whole.files.size());
    EXPECT_TRUE(treeOf(out) == expected_tree);
    EXPECT_EQ(comparableReport(bounded.report_json), expected_json);
    EXPECT_EQ(comparableReport(bounded.report_text), expected_text);
  }
  // No spill file is left beside the outputs (they are unlinked as they are made).
  for (const auto& e : fs::directory_iterator(base))
    EXPECT_EQ(e.path().filename().string().find(".scanshare-spill"), std::string::npos) << e.path();
}

TEST(BoundedExport, WithholdsIdentifyingInputPathsLikeTheWholeJob) {
  const fs::path in = makeArchive("bounded_withheld");
  imaging::BoundedExportLimits limits;
  limits.chunk_instances = 3;
  const imaging::AnonymizeResult r =
      imaging::anonymizeBounded(in, optionsFor(workflow_fixture::testKey()), in.parent_path() / "out", limits);
  std::size_t withheld = 0;
  r.forEachFile([&](const imaging::FileResult& f) {
    withheld += f.input_withheld ? 1 : 0;
    EXPECT_EQ(f.input_relative.find("Doe_Jane"), std::string::npos);
  });
  EXPECT_EQ(withheld, 29u);  // every file under Doe_Jane/
  const std::string report = export_fixtures::readAll(r.report_json) + export_fixtures::readAll(r.report_text);
  for (const char* identifying : {"Doe", "Jane", "ID-100", "ID-200", "Able", "19700214"})
    EXPECT_EQ(report.find(identifying), std::string::npos) << identifying;
}

TEST(BoundedExport, RefusesWhatNeedsTheWholeInventory) {
  const fs::path in = workflow_fixture::makeInput("bounded_refuses");
  imaging::AnonymizeOptions series = optionsFor(workflow_fixture::testKey());
  series.series = {"1"};
  imaging::AnonymizeOptions chosen = optionsFor(workflow_fixture::testKey());
  chosen.pseudonym = imaging::Pseudonym{"Anon^Person", "A1"};
  imaging::AnonymizeOptions mapping = optionsFor(workflow_fixture::testKey());
  mapping.keep_written_uids = true;
  for (const auto* o : {&series, &chosen, &mapping}) {
    try {
      imaging::anonymizeBounded(in, *o, in.parent_path() / "out");
      ADD_FAILURE() << "not refused";
    } catch (const imaging::Error& e) {
      EXPECT_EQ(e.code(), imaging::ErrorCode::InvalidArgument);
    }
    EXPECT_FALSE(fs::exists(in.parent_path() / "out"));
  }
}

TEST(BoundedExport, SharePipelineChoosesItPastTheThresholdOnly) {
  const fs::path in = workflow_fixture::makeInput("bounded_auto");
  for (const std::size_t threshold : {std::size_t{3}, std::size_t{100}}) {
    imaging::ShareRequest request;
    request.input = in;
    request.options = optionsFor(workflow_fixture::testKey());
    request.output = in.parent_path() / ("out-" + std::to_string(threshold));
    request.verify = false;
    request.memory = imaging::ExportMemory::Auto;
    request.bounded_above_files = threshold;  // the input holds 5 files
    const imaging::ShareOutcome outcome = imaging::SharePipeline(std::move(request)).run();
    EXPECT_EQ(outcome.bounded, threshold < 5);
    EXPECT_EQ(outcome.result.kept, 4u);
  }
  imaging::ShareRequest verified;  // verify needs the scan: Bounded cannot be asked with it
  verified.input = in;
  verified.options = optionsFor(workflow_fixture::testKey());
  verified.output = in.parent_path() / "out-verified";
  verified.memory = imaging::ExportMemory::Bounded;
  EXPECT_THROW(imaging::SharePipeline(std::move(verified)).run(), imaging::Error);
}

TEST(BoundedExport, CancelledMidwayLeavesNothingBehind) {
  const fs::path in = makeArchive("bounded_cancel");
  const fs::path base = in.parent_path();
  std::atomic<bool> cancel{false};
  imaging::AnonymizeOptions options = optionsFor(workflow_fixture::testKey());
  options.cancel = &cancel;
  options.jobs = 1;
  std::size_t written = 0;
  options.progress = [&](std::size_t done, std::size_t) {
    written = done;
    if (done == 10) cancel = true;  // in the second chunk of 7
  };
  imaging::BoundedExportLimits limits;
  limits.chunk_instances = 7;
  limits.sort_memory = 512;
  try {
    imaging::anonymizeBounded(in, options, base / "out", limits);
    ADD_FAILURE() << "not cancelled";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::Cancelled);
  }
  EXPECT_GE(written, 10u);
  // Only the input is left: no output, no staging folder, no report, no spill file.
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(base)) left.push_back(e.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"in"});
}

namespace {

// Patient A's name is an ordinary word ("Rose"): only the cross-patient scrub removes it from
// patient B's series description, and only the report's check withholds B's folder named after it.
fs::path makeCrossArchive(const std::string& name) {
  const fs::path root = export_fixtures::freshDir(name) / "in";
  using export_fixtures::Spec;
  Spec a;
  a.patient_name = "Rose^May";
  a.patient_id = "ID-1";
  a.series_description = "Sag PD";
  export_fixtures::write(root / "a" / "1", a);
  Spec b;
  b.patient_name = "Smith^Bob";
  b.patient_id = "ID-2";
  b.study_uid = "1.2.826.0.1.3680043.8.498.5001";
  b.series_uid = b.study_uid + ".1";
  b.series_description = "Rose knee";
  for (int i = 1; i <= 3; ++i) {
    Spec s = b;
    s.sop_uid = b.series_uid + "." + std::to_string(i);
    s.instance_number = i;
    export_fixtures::write(root / "rose_scans" / std::to_string(i), s);
  }
  Spec c;
  c.patient_name = "Able^Carl";
  c.patient_id = "ID-3";
  c.study_uid = "1.2.826.0.1.3680043.8.498.4001";
  c.series_uid = c.study_uid + ".1";
  c.sop_uid = c.series_uid + ".1";
  export_fixtures::write(root / "c" / "1", c);
  return root;
}

}  // namespace

TEST(BoundedExport, OtherPatientsCheckedGroupByGroupGiveTheSameExport) {
  const fs::path in = makeCrossArchive("bounded_groups");
  const fs::path base = in.parent_path();
  const imaging::AnonymizeOptions options = optionsFor(workflow_fixture::testKey());
  const imaging::AnonymizeResult whole = imaging::AnonymizeJob(imaging::scan(in), options).run(base / "whole");
  const auto expected_tree = treeOf(base / "whole");
  std::string written;
  for (const auto& [file, bytes] : expected_tree) written += bytes;
  ASSERT_EQ(written.find("Rose"), std::string::npos);  // the cross-patient scrub took it out
  ASSERT_NE(written.find("knee"), std::string::npos);  // and only it
  std::size_t withheld = 0;
  for (const imaging::FileResult& f : whole.files) withheld += f.input_withheld ? 1 : 0;
  ASSERT_EQ(withheld, 3u);  // B's three, under rose_scans/
  for (const auto& [per_group, chunk] : std::vector<std::pair<std::size_t, std::size_t>>{{1, 1}, {1, 3}, {2, 2}, {5000, 1}}) {
    SCOPED_TRACE("patients at once " + std::to_string(per_group) + ", chunk " + std::to_string(chunk));
    const fs::path out = base / ("g" + std::to_string(per_group) + "-" + std::to_string(chunk));
    imaging::BoundedExportLimits limits;
    limits.patients_at_once = per_group;
    limits.chunk_instances = chunk;
    const imaging::AnonymizeResult bounded = imaging::anonymizeBounded(in, options, out, limits);
    EXPECT_TRUE(treeOf(out) == expected_tree);
    EXPECT_EQ(comparableReport(bounded.report_json), comparableReport(whole.report_json));
    EXPECT_EQ(comparableReport(bounded.report_text), comparableReport(whole.report_text));
  }
}
