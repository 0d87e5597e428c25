// Projection X-ray images whose Burned In Annotation is absent: the export screens their pixels
// for text (old CR readers print the patient's name without setting the flag). Text found: left
// out by default (burned-in-text-found), blacked out with --redact-burned-in, kept as it is with
// --include-burned-in or --trust-burned-in-flag; a lone lead marker is no text; CT is not screened.
// verify screens such images on its own and reports the kept one.
#include <gtest/gtest.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <algorithm>
#include <stdexcept>

#include "burned_in_fixtures.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/workflow/verify.h"
#include "verify_pixels.h"
#include "workflow_fixture.h"
#include "xray_fixtures.h"

namespace fs = std::filesystem;
using Status = imaging::InstanceOutcome::Status;

namespace {

constexpr const char* kCtClass = "1.2.840.10008.5.1.4.1.1.2";

struct Input {
  fs::path root;
  ocr_test::TextBounds name;  // where the name line was drawn in the CR that carries it
};

// One patient, three series: a CR with the name line and an "L", a CR with only the "L", and a
// CT slice with the name line (all without Burned In Annotation).
Input makeInput(const std::string& test) {
  Input in;
  in.root = ocr_test::freshDir("projection-" + test) / "in";
  ocr_test::XraySpec cr;
  in.name = ocr_test::writeXray(in.root / "cr_name", cr, {ocr_test::nameLine(cr), ocr_test::leadMarker(cr)}).front();
  ocr_test::XraySpec marker = cr;
  marker.series_uid += ".2";
  marker.sop_uid += ".2";
  marker.series_number = 2;
  marker.seed = 11;
  ocr_test::writeXray(in.root / "cr_marker", marker, {ocr_test::leadMarker(marker)});
  ocr_test::XraySpec ct = cr;
  ct.width = ct.height = 512;
  ct.modality = "CT";
  ct.sop_class = kCtClass;
  ct.series_uid += ".3";
  ct.sop_uid += ".3";
  ct.series_number = 3;
  ocr_test::writeXray(in.root / "ct_name", ct, {ocr_test::nameLine(ct)});
  return in;
}

imaging::AnonymizeOptions defaults() {
  imaging::AnonymizeOptions o;
  o.deid = imaging::makeDeidConfig(workflow_fixture::testKey(), imaging::Profile::defaultProfile());
  return o;
}

const imaging::FileResult& resultFor(const imaging::AnonymizeResult& r, const std::string& input) {
  for (const auto& f : r.files)
    if (f.input_relative == input) return f;
  throw std::runtime_error("no result for " + input);
}

imaging::AnonymizeResult exportWith(const Input& in, const imaging::AnonymizeOptions& options, const std::string& out) {
  const imaging::Inventory inventory = imaging::scan(in.root);
  return imaging::AnonymizeJob(inventory, options).run(in.root.parent_path() / out);
}

// Stored samples inside a box of a 16-bit file.
std::vector<Uint16> samplesIn(const fs::path& file, const ocr_test::TextBounds& b) {
  DcmFileFormat ff;
  if (ff.loadFile(file.c_str()).bad()) throw std::runtime_error("cannot read " + file.string());
  Uint16 columns = 0;
  const Uint16* pixels = nullptr;
  ff.getDataset()->findAndGetUint16(DCM_Columns, columns);
  if (ff.getDataset()->findAndGetUint16Array(DCM_PixelData, pixels).bad() || pixels == nullptr)
    throw std::runtime_error("no 16-bit pixels in " + file.string());
  std::vector<Uint16> out;
  for (int y = b.y; y < b.y + b.height; ++y)
    for (int x = b.x; x < b.x + b.width; ++x) out.push_back(pixels[static_cast<std::size_t>(y) * columns + static_cast<std::size_t>(x)]);
  return out;
}

std::size_t whiteCount(const std::vector<Uint16>& samples) {
  return static_cast<std::size_t>(std::count(samples.begin(), samples.end(), Uint16{4095}));
}

std::size_t burnedInTextFindings(const imaging::VerifyResult& v, const std::string& name) {
  return static_cast<std::size_t>(std::count_if(v.findings.begin(), v.findings.end(), [&](const imaging::VerifyFinding& f) {
    return f.kind == imaging::FindingKind::BurnedInText && f.location.rfind(name, 0) == 0;
  }));
}

}  // namespace

TEST(ProjectionScreening, CrWithNameLineIsLeftOutByDefaultMarkerOnlyAndCtAreKept) {
  const Input in = makeInput("default");
  const imaging::AnonymizeResult r = exportWith(in, defaults(), "out");
  const imaging::FileResult& named = resultFor(r, "cr_name");
  EXPECT_EQ(named.status, Status::Excluded);
  EXPECT_EQ(named.code, imaging::OutcomeCode::BurnedInTextFound) << named.reason;
  EXPECT_TRUE(imaging::isBurnedIn(named.code));
  EXPECT_TRUE(named.burned_in) << "the CLI warns on burned_in";
  EXPECT_TRUE(named.output_name.empty());
  const imaging::FileResult& marker = resultFor(r, "cr_marker");
  EXPECT_EQ(marker.status, Status::Kept) << marker.reason;
  EXPECT_FALSE(marker.redacted);
  // CT is not screened: its text goes out as before (header policy only).
  EXPECT_EQ(resultFor(r, "ct_name").status, Status::Kept);
  EXPECT_EQ(r.kept, 2u);
  EXPECT_EQ(r.excluded, 1u);
  EXPECT_FALSE(r.hadProblems()) << "an exclusion by policy is no problem";

  imaging::VerifyOptions vo;
  vo.against = in.root;
  const imaging::VerifyResult v = imaging::verify(r.output, vo);
  for (const auto& f : v.findings)
    EXPECT_NE(f.kind, imaging::FindingKind::BurnedInText) << f.location << ": " << f.detail;
}

TEST(ProjectionScreening, RedactBurnedInBlacksOutTheNameLine) {
  const Input in = makeInput("redact");
  imaging::AnonymizeOptions options = defaults();
  options.redact_burned_in = true;
  const imaging::AnonymizeResult r = exportWith(in, options, "out");
  const imaging::FileResult& named = resultFor(r, "cr_name");
  ASSERT_EQ(named.status, Status::Kept) << named.reason;
  EXPECT_TRUE(named.redacted);
  EXPECT_FALSE(named.redactions.empty());
  const std::vector<Uint16> before = samplesIn(in.root / "cr_name", in.name);
  const std::vector<Uint16> after = samplesIn(r.output / named.output_name, in.name);
  ASSERT_GT(whiteCount(before), 100u);
  EXPECT_EQ(whiteCount(after), 0u) << "ink of the name line left in the export";
  EXPECT_EQ(ocr_test::readAttribute(r.output / named.output_name, 0x0028, 0x0301), "NO");
  // Nothing to black out in the marker-only CR: exported untouched, not marked redacted.
  const imaging::FileResult& marker = resultFor(r, "cr_marker");
  EXPECT_EQ(marker.status, Status::Kept);
  EXPECT_FALSE(marker.redacted);
  EXPECT_EQ(r.kept, 3u);

  imaging::VerifyOptions vo;
  vo.against = in.root;
  EXPECT_EQ(burnedInTextFindings(imaging::verify(r.output, vo), named.output_name), 0u);
}

TEST(ProjectionScreening, IncludeBurnedInKeepsItAsItIsAndVerifyReportsIt) {
  const Input in = makeInput("include");
  imaging::AnonymizeOptions options = defaults();
  options.deid.include_burned_in = true;
  const imaging::AnonymizeResult r = exportWith(in, options, "out");
  const imaging::FileResult& named = resultFor(r, "cr_name");
  ASSERT_EQ(named.status, Status::Kept) << named.reason;
  EXPECT_FALSE(named.redacted);
  EXPECT_EQ(samplesIn(r.output / named.output_name, in.name), samplesIn(in.root / "cr_name", in.name));

  imaging::VerifyOptions vo;
  vo.against = in.root;
  const imaging::VerifyResult v = imaging::verify(r.output, vo);
  EXPECT_FALSE(v.clean());
  EXPECT_GT(burnedInTextFindings(v, named.output_name), 0u);
  EXPECT_EQ(burnedInTextFindings(v, resultFor(r, "cr_marker").output_name), 0u);
  EXPECT_EQ(burnedInTextFindings(v, resultFor(r, "ct_name").output_name), 0u) << "verify screens no CT";
  // Without the source, the line rule alone still reports it.
  EXPECT_GT(burnedInTextFindings(imaging::verify(r.output), named.output_name), 0u);
  // The user who trusts the flags skips the screening, and is told so.
  vo.trust_burned_in_flag = true;
  const imaging::VerifyResult trusted = imaging::verify(r.output, vo);
  EXPECT_EQ(burnedInTextFindings(trusted, named.output_name), 0u);
  EXPECT_TRUE(std::any_of(trusted.notes.begin(), trusted.notes.end(),
                          [](const std::string& n) { return n.find("not screened") != std::string::npos; }));
}

TEST(ProjectionScreening, TrustBurnedInFlagExportsUnscreened) {
  const Input in = makeInput("trust");
  imaging::AnonymizeOptions options = defaults();
  options.deid.trust_burned_in_flag = true;
  const imaging::AnonymizeResult r = exportWith(in, options, "out");
  EXPECT_EQ(resultFor(r, "cr_name").status, Status::Kept);
  EXPECT_EQ(r.kept, 3u);
}

TEST(ProjectionScreening, WhichImagesAreScreened) {
  const imaging::Deidentifier deid(defaults().deid);
  imaging::DeidConfig trusting = defaults().deid;
  trusting.trust_burned_in_flag = true;
  const imaging::Deidentifier trusted(trusting);
  const auto screens = [](const imaging::Deidentifier& d, const std::string& sop, const std::string& modality,
                          const std::string& flag, bool pixels = true) {
    imaging::Instance instance;
    instance.has_pixel_data = pixels;
    instance.sop_class_uid = sop;
    instance.burned_in_annotation = flag;
    imaging::Series series;
    series.modality = modality;
    return d.screensPixels(instance, series);
  };
  const std::string cr = "1.2.840.10008.5.1.4.1.1.1", dx = "1.2.840.10008.5.1.4.1.1.1.1";
  EXPECT_TRUE(screens(deid, cr, "CR", ""));
  EXPECT_TRUE(screens(deid, cr, "CR", "NO"));
  EXPECT_TRUE(screens(deid, dx, "DX", ""));
  EXPECT_TRUE(screens(deid, dx, "PX", ""));
  EXPECT_TRUE(screens(deid, "1.2.840.10008.5.1.4.1.1.1.2", "MG", ""));
  EXPECT_TRUE(screens(deid, "1.2.840.10008.5.1.4.1.1.12.1", "XA", ""));
  EXPECT_TRUE(screens(deid, "1.2.840.10008.5.1.4.1.1.12.2", "RF", ""));
  EXPECT_TRUE(screens(deid, "1.2.840.10008.5.1.4.1.1.1.3", "IO", ""));
  EXPECT_FALSE(screens(deid, cr, "CR", "YES")) << "left out by its flag already";
  EXPECT_FALSE(screens(deid, kCtClass, "CT", ""));
  EXPECT_FALSE(screens(deid, "1.2.840.10008.5.1.4.1.1.4", "MR", ""));
  EXPECT_FALSE(screens(deid, "1.2.840.10008.5.1.4.1.1.7", "CR", "")) << "secondary capture: left out";
  EXPECT_FALSE(screens(trusted, cr, "CR", ""));
  EXPECT_FALSE(screens(deid, cr, "CR", "", false)) << "no pixel data: nothing to screen";

  // verify keeps its own list: it must name the same images.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {cr, "CR"}, {dx, "DX"}, {dx, ""}, {"", "cr"}, {"", "PX "}, {"1.2.840.10008.5.1.4.1.1.1.1.1", "DX"},
      {"1.2.840.10008.5.1.4.1.1.1.2.1", "MG"}, {"1.2.840.10008.5.1.4.1.1.1.3.1", "IO"},
      {"1.2.840.10008.5.1.4.1.1.12.1.1", "XA"}, {"1.2.840.10008.5.1.4.1.1.12.2.1", "RF"},
      {"1.2.840.10008.5.1.4.1.1.12.3", ""}, {"1.2.840.10008.5.1.4.1.1.13.1.4", "MG"},
      {"1.2.840.10008.5.1.4.1.1.13.1.5", ""}, {"", "DF"}, {"", "DS"}, {"", "CF"},
      {"1.2.840.10008.5.1.4.1.1.13.1.3", "MG "}, {"1.2.840.10008.5.1.4.1.1.13.1.3", ""},
      {kCtClass, "CT"}, {"1.2.840.10008.5.1.4.1.1.4", "MR"}, {"1.2.840.10008.5.1.4.1.1.128", "PT"},
      {"1.2.840.10008.5.1.4.1.1.20", "NM"}, {"1.2.840.10008.5.1.4.1.1.481.1", "RTIMAGE"}};
  for (const auto& [sop, modality] : cases)
    EXPECT_EQ(imaging::workflow::isProjectionXrayImage(sop, modality), screens(deid, sop, modality, ""))
        << sop << " / " << modality;
}
