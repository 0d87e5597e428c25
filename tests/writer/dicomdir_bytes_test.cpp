// Our DICOMDIR writer (bytes written directly) against DcmDicomDir's, on every export at hand: the
// sample CDs (one patient, SR and key object records, character sets in records), pydicom's test
// and character set files (many patients, odd values) and the writer's own fixtures (missing Type 1
// keys). The two DICOMDIRs of the same folder must be the same byte for byte.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "dicomdir_records.h"
#include "export_fixtures.h"
#include "imaging/writer/dicomdir.h"
#include "imaging/writer/media_layout.h"
#include "run.h"

namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The DICOMDIR of `root` written both ways; expects them equal and returns how many bytes.
std::size_t expectSameDicomdir(const fs::path& root, const std::string& label) {
  imaging::setOwnDicomdirWriter(false);
  imaging::writeDicomdir(root);
  const std::string dcmtk = readAll(root / imaging::kMediaDicomdirName);
  imaging::setOwnDicomdirWriter(true);
  imaging::writeDicomdir(root);
  const std::string ours = readAll(root / imaging::kMediaDicomdirName);
  EXPECT_GT(dcmtk.size(), 400u) << label;
  if (ours != dcmtk) {
    std::size_t at = 0;
    while (at < ours.size() && at < dcmtk.size() && ours[at] == dcmtk[at]) ++at;
    ADD_FAILURE() << label << ": DICOMDIRs differ at byte " << at << " (ours " << ours.size() << " bytes, DCMTK's "
                  << dcmtk.size() << ")";
  }
  EXPECT_TRUE(imaging::checkDicomdir(root).complete()) << label;
  return ours.size();
}

void exportFolder(const fs::path& in, const fs::path& out) {
  const fs::path key = out.parent_path() / "key";
  { std::ofstream(key, std::ios::binary) << std::string(32, 'k'); }
  const std::string cmd = std::string("\"") + SCANSHARE_CLI + "\" anonymize \"" + in.string() + "\" -o \"" + out.string() +
                          "\" --key \"" + key.string() + "\" --no-flush >/dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  ASSERT_TRUE(rc == 0 || WEXITSTATUS(rc) == 1) << cmd;  // 1: done with some files excluded
  ASSERT_TRUE(fs::exists(out / imaging::kMediaDicomdirName)) << in;
}

}  // namespace

TEST(DicomdirBytes, SampleCdsAsDcmtkWritesThem) {
  const fs::path root = export_fixtures::freshDir("dicomdir_bytes_samples");
  for (const char* variant : {"demo", "multi-charset", "free-text"}) {
    const fs::path cd = root / variant;
    ASSERT_TRUE(scanshare_test::makeSample(SCANSHARE_MAKE_SAMPLE, variant, cd.string())) << variant;
    exportFolder(cd, root / (std::string(variant) + "-out"));
    expectSameDicomdir(root / (std::string(variant) + "-out"), variant);
  }
}

TEST(DicomdirBytes, PydicomCorporaAsDcmtkWritesThem) {
  const fs::path corpus = PYDICOM_TEST_FILES;
  ASSERT_TRUE(fs::is_directory(corpus)) << "install python3-pydicom";
  const fs::path root = export_fixtures::freshDir("dicomdir_bytes_pydicom");
  exportFolder(corpus, root / "test_files");
  expectSameDicomdir(root / "test_files", "pydicom test_files");
  exportFolder(corpus.parent_path() / "charset_files", root / "charset_files");
  expectSameDicomdir(root / "charset_files", "pydicom charset_files");
}

TEST(DicomdirBytes, MissingKeysAndSeveralPatientsAsDcmtkWritesThem) {
  const fs::path root = export_fixtures::freshDir("dicomdir_bytes_fixtures");
  export_fixtures::Spec a;
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 1, 1), a);
  export_fixtures::Spec b = a;
  b.sop_uid += ".2";
  b.instance_number = 2;
  b.rle = true;
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 1, 2), b);
  export_fixtures::Spec c = a;
  c.series_uid += ".9";
  c.sop_uid += ".3";
  c.missing_type1 = true;
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 2, 1), c);
  export_fixtures::Spec d = a;
  d.patient_name = "Other^Patient";
  d.patient_id = "P-2";
  d.study_uid += ".7";
  d.series_uid = d.study_uid + ".1";
  d.sop_uid = d.series_uid + ".1";
  export_fixtures::write(root / imaging::mediaInstancePath(2, 1, 1, 1), d);
  expectSameDicomdir(root, "fixtures");
}
