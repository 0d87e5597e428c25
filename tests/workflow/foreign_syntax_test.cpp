// Files the export cannot fully understand are handled one by one: transfer syntaxes newer than
// DCMTK 3.6.7 keep their pixel data byte for byte, a file that cannot be handled fails alone, and
// images without Modality still get a DICOMDIR record.
#include <gtest/gtest.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <set>

#include "export_fixtures.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/writer/dicomdir.h"
#include "workflow_fixture.h"

namespace fs = std::filesystem;
using Status = imaging::InstanceOutcome::Status;

namespace {

const char* const kForeign[] = {"1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203",
                                "1.2.840.10008.1.2.4.110", "1.2.840.10008.1.2.4.111", "1.2.840.10008.1.2.4.112",
                                "1.2.840.10008.1.2.8.1"};

imaging::AnonymizeOptions options() {
  imaging::AnonymizeOptions o;
  o.deid = imaging::makeDeidConfig(workflow_fixture::testKey(), imaging::Profile::defaultProfile());
  return o;
}

// The Pixel Data element to the end of the file (what the engine copies raw).
std::string pixelBytes(const fs::path& file) {
  const std::string bytes = export_fixtures::readAll(file);
  const std::size_t at = bytes.rfind(std::string("\xE0\x7F\x10\x00", 4));
  return at == std::string::npos ? std::string() : bytes.substr(at);
}

std::string metaTransferSyntax(const fs::path& file) {
  DcmFileFormat ff;
  if (ff.loadFile(file.c_str()).bad()) return "unreadable";
  OFString ts;
  ff.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, ts);
  return ts.c_str();
}

}  // namespace

TEST(ForeignSyntax, NewerTransferSyntaxesKeepTheirPixelsAndOneUnusableFileFailsAlone) {
  const fs::path root = export_fixtures::freshDir("foreign_syntax");
  const fs::path in = root / "in";
  export_fixtures::Spec base;
  export_fixtures::write(in / "plain", base);
  int n = 0;
  for (const char* uid : kForeign) {
    export_fixtures::Spec s = base;
    s.sop_uid += "." + std::to_string(++n);
    s.instance_number = n + 1;
    s.rle = true;  // encapsulated fragments, as every such file has
    s.transfer_syntax_override = uid;
    export_fixtures::write(in / ("new" + std::to_string(n)), s);
  }
  export_fixtures::Spec odd = base;  // native pixel data under a syntax nobody knows
  odd.sop_uid += ".99";
  odd.transfer_syntax_override = "1.2.840.10008.1.2.4.201";
  export_fixtures::write(in / "odd", odd);
  export_fixtures::Spec reference = base;
  reference.rle = true;
  export_fixtures::write(root / "reference", reference);
  const std::string source_pixels = pixelBytes(root / "reference");
  ASSERT_FALSE(source_pixels.empty());

  const imaging::Inventory inventory = imaging::scan(in);
  const fs::path out = root / "out";
  const imaging::AnonymizeResult r = imaging::AnonymizeJob(inventory, options()).run(out);
  EXPECT_EQ(r.kept, 1u + std::size(kForeign));
  EXPECT_EQ(r.failed, 1u);
  EXPECT_TRUE(imaging::checkDicomdir(out).complete());
  std::set<std::string> written;
  for (const auto& f : r.files) {
    if (f.status == Status::Failed) {
      EXPECT_EQ(f.code, imaging::OutcomeCode::UnknownTransferSyntax) << f.reason;
      continue;
    }
    ASSERT_EQ(f.status, Status::Kept) << f.reason;
    const fs::path file = out / f.output_name;
    const std::string ts = metaTransferSyntax(file);
    written.insert(ts);
    if (ts != UID_LittleEndianExplicitTransferSyntax) {
      EXPECT_EQ(pixelBytes(file), source_pixels) << ts;
    }
    EXPECT_EQ(export_fixtures::readAll(file).find(workflow_fixture::kNameA), std::string::npos);
  }
  const std::string dicomdir = export_fixtures::readAll(out / "DICOMDIR");
  for (const char* uid : kForeign) {
    EXPECT_TRUE(written.count(uid)) << uid;
    EXPECT_NE(dicomdir.find(uid), std::string::npos) << "record names " << uid;
  }
}

TEST(ForeignSyntax, SecondaryCapturesWithoutModalityAreListedAsOther) {
  const fs::path root = export_fixtures::freshDir("sc_no_modality");
  const fs::path in = root / "in";
  for (int i = 1; i <= 2; ++i) {
    export_fixtures::Spec s;
    s.sop_class_uid = UID_SecondaryCaptureImageStorage;
    s.no_modality = true;
    s.sop_uid += "." + std::to_string(i);
    s.instance_number = i;
    export_fixtures::write(in / ("sc" + std::to_string(i)), s);
  }
  imaging::AnonymizeOptions o = options();
  o.deid.include_burned_in = true;
  const imaging::AnonymizeResult r = imaging::AnonymizeJob(imaging::scan(in), o).run(root / "out");
  EXPECT_EQ(r.kept, 2u);
  EXPECT_EQ(r.failed, 0u);
  EXPECT_TRUE(imaging::checkDicomdir(root / "out").complete());
  DcmDicomDir dir((root / "out" / "DICOMDIR").c_str());
  DcmDirectoryRecord* series = dir.getRootRecord().getSub(0)->getSub(0)->getSub(0);
  ASSERT_NE(series, nullptr);
  OFString modality;
  series->findAndGetOFString(DCM_Modality, modality);
  EXPECT_EQ(modality, "OT");
}
