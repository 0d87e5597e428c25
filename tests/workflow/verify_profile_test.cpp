// Red team E, E1 (2026-12-06): `send` runs verify without the source, and verify without the
// source did not know what the profile removes: a real birth date, a short Patient ID, Admission
// ID, Requested Procedure ID, Study ID, Device Serial Number, Patient Birth Time or a file-meta
// Source AE title holding a name left the machine. Each is planted into a clean export here, one
// at a time; verify without the source must report it as profile-not-applied where it stands.
#include <gtest/gtest.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <cstring>
#include <fstream>
#include <functional>

#include "imaging/media/scan.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/workflow/recipe.h"
#include "imaging/workflow/verify.h"
#include "verify_profile.h"
#include "workflow_fixture.h"

namespace fs = std::filesystem;
using imaging::FindingKind;

namespace {

void changeAndSave(const fs::path& file, const std::function<void(DcmFileFormat&)>& change) {
  DcmFileFormat f;
  ASSERT_TRUE(f.loadFile(file.c_str()).good());
  f.loadAllDataIntoMemory();
  change(f);
  ASSERT_TRUE(f.saveFile(file.c_str(), EXS_LittleEndianExplicit).good());
}

// DCMTK rebuilds the file meta on saving and drops a Source AE Title: this writes the meta as it
// is, with the group length grown by the added element (8 bytes of header, the even value).
void plantSourceAeTitle(const fs::path& file, const char* title) {
  DcmFileFormat f;
  ASSERT_TRUE(f.loadFile(file.c_str()).good());
  f.loadAllDataIntoMemory();
  DcmMetaInfo& meta = *f.getMetaInfo();
  Uint32 length = 0;
  ASSERT_TRUE(meta.findAndGetUint32(DCM_FileMetaInformationGroupLength, length).good());
  ASSERT_TRUE(meta.putAndInsertString(DCM_SourceApplicationEntityTitle, title).good());
  const Uint32 value = static_cast<Uint32>((std::strlen(title) + 1) / 2 * 2);
  ASSERT_TRUE(meta.putAndInsertUint32(DCM_FileMetaInformationGroupLength, length + 8 + value).good());
  ASSERT_TRUE(f.saveFile(file.c_str(), EXS_LittleEndianExplicit, EET_ExplicitLength, EGL_withoutGL, EPD_noChange, 0, 0,
                         EWM_dontUpdateMeta).good());
}

fs::path makeInput(const std::string& name) {
  const fs::path root = export_fixtures::freshDir(name) / "in";
  export_fixtures::Spec a;
  a.patient_name = "PENDLEWORTH^Araminta";
  a.patient_id = "HX-90417736";
  a.birth_date = "19580722";
  export_fixtures::write(root / "a" / "img1", a);
  export_fixtures::Spec a2 = a;
  a2.sop_uid += ".2";
  a2.instance_number = 2;
  export_fixtures::write(root / "a" / "img2", a2);
  return root;
}

// A ScanShare export of the input made with `configure` (the profile, a recipe, a chosen name).
fs::path exportWith(const std::string& name, const std::function<void(imaging::AnonymizeOptions&)>& configure) {
  const fs::path in = makeInput(name);
  const fs::path out = in.parent_path() / "out";
  imaging::AnonymizeOptions o;
  o.deid = imaging::makeDeidConfig(workflow_fixture::testKey(), imaging::Profile::defaultProfile());
  configure(o);
  imaging::AnonymizeJob(imaging::scan(in), o).run(out);
  return out;
}

// The send gate's verify: no source.
imaging::VerifyResult gate(const fs::path& out) { return imaging::verify(out, imaging::VerifyOptions{}); }

std::size_t profileFindings(const imaging::VerifyResult& r, const std::string& where = std::string()) {
  std::size_t n = 0;
  for (const auto& f : r.findings)
    if (f.kind == FindingKind::ProfileNotApplied && f.location.find(where) != std::string::npos) ++n;
  return n;
}

std::string listed(const imaging::VerifyResult& r) {
  std::string s;
  for (const auto& f : r.findings) s += std::string(imaging::toString(f.kind)) + " " + f.location + " " + f.detail + "\n";
  return s;
}

// Plants into one exported image, runs the gate, puts the image back.
imaging::VerifyResult afterPlant(const fs::path& out, const std::function<void(DcmFileFormat&)>& plant) {
  const fs::path file = out / "DICOM/P0000001/S0000001/E0000001/I0000002";
  const std::string original = export_fixtures::readAll(file);
  changeAndSave(file, plant);
  imaging::VerifyResult r = gate(out);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << original;
  return r;
}

std::function<void(DcmFileFormat&)> put(const DcmTagKey& tag, const char* value) {
  return [tag, value](DcmFileFormat& f) { ASSERT_TRUE(f.getDataset()->putAndInsertString(tag, value).good()); };
}

const fs::path& defaultExport() {
  static const fs::path out = exportWith("verify_profile_default", [](imaging::AnonymizeOptions&) {});
  return out;
}

}  // namespace

TEST(VerifyProfile, TheKindIsAPrivacyFindingWithAStableToken) {
  EXPECT_STREQ(imaging::toString(FindingKind::ProfileNotApplied), "profile-not-applied");
  EXPECT_TRUE(imaging::isPrivacyFinding(FindingKind::ProfileNotApplied));
}

TEST(VerifyProfile, CleanExportsOfEveryKindHaveNone) {
  const auto basic = [](imaging::AnonymizeOptions& o) { o.deid.profile = imaging::Profile::basic(); };
  const auto keep_dates = [](imaging::AnonymizeOptions& o) { o.deid.profile.setDateMode(imaging::DateMode::Keep); };
  const auto retain_all = [](imaging::AnonymizeOptions& o) {
    for (imaging::DeidOption option : imaging::allOptions()) o.deid.profile.options.insert(option);
  };
  // The person's own choice of name and ID, and a recipe's constant: written on purpose, and said.
  const auto chosen = [](imaging::AnonymizeOptions& o) { o.pseudonym = imaging::Pseudonym{"KNEE^STUDY", "K1"}; };
  const auto recipe = [](imaging::AnonymizeOptions& o) {
    imaging::parseRecipe(R"j({"attributes":[
        {"attribute":"InstitutionName","action":"replace","value":"Research Site 7"},
        {"attribute":"StudyID","action":"replace","value":"S7"}]})j").applyTo(o);
  };
  const std::pair<const char*, std::function<void(imaging::AnonymizeOptions&)>> exports[] = {
      {"default", [](imaging::AnonymizeOptions&) {}}, {"basic", basic}, {"keep_dates", keep_dates},
      {"all_options", retain_all}, {"chosen", chosen}, {"recipe", recipe}};
  for (const auto& [name, configure] : exports) {
    const auto r = gate(exportWith(std::string("verify_profile_clean_") + name, configure));
    EXPECT_EQ(profileFindings(r), 0u) << name << "\n" << listed(r);
  }
}

TEST(VerifyProfile, EachPlantOfRedTeamE1IsFound) {
  const fs::path& out = defaultExport();
  ASSERT_EQ(profileFindings(gate(out)), 0u) << listed(gate(out));
  const struct {
    DcmTagKey tag;
    const char* value;
    const char* where;
  } plants[] = {
      {DCM_PatientBirthDate, "19580722", "I0000002 (0010,0030)"},
      {DCM_PatientID, "K4471", "I0000002 (0010,0020)"},
      {DCM_PatientID, "PENDLEA", "I0000002 (0010,0020)"},
      {DCM_AdmissionID, "AD5512", "I0000002 (0038,0010)"},
      {DCM_RequestedProcedureID, "RP7781", "I0000002 (0040,1001)"},
      {DCM_StudyID, "ST4471", "I0000002 (0020,0010)"},
      {DCM_DeviceSerialNumber, "SN8812", "I0000002 (0018,1000)"},
      {DCM_PatientBirthTime, "071500", "I0000002 (0010,0032)"},
      // A pseudonym look-alike: L is not in the pseudonyms' alphabet, and it has 10 letters only by luck.
      {DCM_PatientName, "ANON^PENDLEWRTH", "I0000002 (0010,0010)"},
      {DCM_PatientName, "ANON^PENDLE", "I0000002 (0010,0010)"},
      {DCM_IssuerOfPatientID, "FENNIMORE", "I0000002 (0010,0021)"},
  };
  for (const auto& p : plants) {
    const auto r = afterPlant(out, put(p.tag, p.value));
    EXPECT_EQ(profileFindings(r, p.where), 1u) << p.where << "\n" << listed(r);
    for (const auto& f : r.findings) EXPECT_EQ(f.detail.find(p.value), std::string::npos) << "the value is never shown";
  }
  // The file meta: ScanShare never carries a source AE title over.
  {
    const fs::path file = out / "DICOM/P0000001/S0000001/E0000001/I0000002";
    const std::string original = export_fixtures::readAll(file);
    plantSourceAeTitle(file, "PENDLEWORTH");
    const auto meta = gate(out);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << original;
    EXPECT_EQ(profileFindings(meta, "I0000002 (0002,0016)"), 1u) << listed(meta);
  }
  // A sequence the profile removes, still with its item.
  const auto sequence = afterPlant(out, [](DcmFileFormat& f) {
    DcmItem* item = nullptr;
    ASSERT_TRUE(f.getDataset()->findOrCreateSequenceItem(DCM_OtherPatientIDsSequence, item, -2).good());
    item->putAndInsertString(DCM_TypeOfPatientID, "TEXT");
  });
  EXPECT_EQ(profileFindings(sequence, "I0000002 (0010,1002)"), 1u) << listed(sequence);
  // Private data under a profile that does not retain safe private attributes.
  const auto private_value = afterPlant(out, [](DcmFileFormat& f) {
    ASSERT_TRUE(f.getDataset()->putAndInsertString(DcmTag(0x0009, 0x0010, EVR_LO), "ACME 1.0").good());
    ASSERT_TRUE(f.getDataset()->putAndInsertUint16(DcmTag(0x0009, 0x1002, EVR_US), 7).good());
  });
  EXPECT_EQ(profileFindings(private_value, "I0000002 (0009,1002)"), 1u) << listed(private_value);
  // Guards: what ScanShare itself writes there is not a finding.
  EXPECT_EQ(profileFindings(afterPlant(out, put(DCM_PatientName, "ANON^7KQ2M9XW3B"))), 0u);
  EXPECT_EQ(profileFindings(afterPlant(out, put(DCM_PatientID, "SS-7KQ2M9XW3B"))), 0u);
  EXPECT_EQ(profileFindings(afterPlant(out, put(DCM_DeviceSerialNumber, "ANONYMOUS"))), 0u);
  EXPECT_EQ(profileFindings(afterPlant(out, put(DCM_PatientBirthDate, ""))), 0u);
}

TEST(VerifyProfile, UnshiftedDatesAreFoundWhereTheProfileRemovesDates) {
  // Without a longitudinal option every date the table lists is a dummy or gone: a real one
  // (the birth date as Series Date, an Acquisition DateTime) is a finding without the source.
  const fs::path out = exportWith("verify_profile_basic_dates",
                                  [](imaging::AnonymizeOptions& o) { o.deid.profile = imaging::Profile::basic(); });
  const auto series = afterPlant(out, put(DCM_SeriesDate, "19580722"));
  EXPECT_EQ(profileFindings(series, "I0000002 (0008,0021)"), 1u) << listed(series);
  const auto acquisition = afterPlant(out, put(DCM_AcquisitionDateTime, "20240311101500"));
  EXPECT_EQ(profileFindings(acquisition, "I0000002 (0008,002A)"), 1u) << listed(acquisition);
  // An option the copy declares keeps what it keeps: patient characteristics are not basic.
  EXPECT_EQ(profileFindings(afterPlant(out, put(DCM_PatientAge, "065Y")), "(0010,1010)"), 1u);
  EXPECT_EQ(profileFindings(afterPlant(defaultExport(), put(DCM_PatientAge, "065Y"))), 0u);
}

TEST(VerifyProfile, AChosenPseudonymOrARecipeConstantNeedsItsMark) {
  // Without "Chosen pseudonym" in the method, the same name and ID are not ScanShare's.
  const fs::path out = exportWith("verify_profile_chosen", [](imaging::AnonymizeOptions& o) {
    o.pseudonym = imaging::Pseudonym{"KNEE^STUDY", "K1"};
  });
  ASSERT_EQ(profileFindings(gate(out)), 0u) << listed(gate(out));
  const auto unmarked = afterPlant(out, [](DcmFileFormat& f) {
    OFString method;
    f.getDataset()->findAndGetOFStringArray(DCM_DeidentificationMethod, method);
    std::string without = method.c_str();
    const std::size_t at = without.find("\\Chosen pseudonym");
    ASSERT_NE(at, std::string::npos) << without;
    without.erase(at, std::string("\\Chosen pseudonym").size());
    f.getDataset()->putAndInsertString(DCM_DeidentificationMethod, without.c_str());
  });
  EXPECT_EQ(profileFindings(unmarked, "I0000002 (0010,0020)"), 1u) << listed(unmarked);
}

TEST(VerifyProfile, AnotherToolsCopyIsHeldToTheBasicProfile) {
  // A minimal "anonymized" file from another program: identity removed, no ScanShare marks, no
  // option codes, the birth date kept. The DICOMDIR findings are not the point here.
  const fs::path root = export_fixtures::freshDir("verify_profile_other_tool") / "out";
  export_fixtures::Spec spec;
  spec.patient_name = "ANONYMOUS";
  spec.patient_id = "";
  spec.birth_date = "19580722";
  const fs::path file = root / "IMG1";
  export_fixtures::write(file, spec);
  changeAndSave(file, [](DcmFileFormat& f) {
    DcmDataset& ds = *f.getDataset();
    ds.putAndInsertString(DCM_PatientIdentityRemoved, "YES");
    ds.putAndInsertString(DCM_DeidentificationMethod, "OtherTool 2.1");
    for (const DcmTagKey& tag : {DCM_StudyDate, DCM_StudyTime, DCM_StudyID, DCM_SeriesDate, DCM_AccessionNumber,
                                 DCM_ReferringPhysicianName, DCM_PatientSex, DCM_InstitutionName, DCM_StationName,
                                 DCM_ContentDate, DCM_ContentTime, DCM_AcquisitionDate, DCM_AcquisitionTime,
                                 DCM_SeriesTime, DCM_SeriesDescription})
      delete ds.remove(tag);
  });
  const auto r = gate(root);
  EXPECT_EQ(profileFindings(r, "IMG1 (0010,0030)"), 1u) << listed(r);
  EXPECT_EQ(profileFindings(r), 1u) << "placeholders are not findings\n" << listed(r);
  // Its obvious placeholders pass; a real value does not.
  changeAndSave(file, [](DcmFileFormat& f) {
    f.getDataset()->putAndInsertString(DCM_PatientBirthDate, "");
    f.getDataset()->putAndInsertString(DCM_StudyID, "ANONYMIZED");
    f.getDataset()->putAndInsertString(DCM_AccessionNumber, "0000");
  });
  EXPECT_EQ(profileFindings(gate(root)), 0u) << listed(gate(root));
  changeAndSave(file, [](DcmFileFormat& f) { f.getDataset()->putAndInsertString(DCM_PatientID, "SUBJ-0042"); });
  EXPECT_EQ(profileFindings(gate(root), "IMG1 (0010,0020)"), 1u) << listed(gate(root));
}

TEST(VerifyProfile, DeclaredOptionsDecideByCode) {
  using imaging::workflow::ProfileCheck;
  using imaging::workflow::ProfileMarks;
  using imaging::workflow::VisitedValue;
  const VisitedValue serial{"(0018,1000)", DCM_DeviceSerialNumber, EVR_LO, 0, "SN8812"};
  ProfileMarks scanshare;
  scanshare.scanshare = true;
  EXPECT_EQ(ProfileCheck(scanshare, false).checkString(serial).size(), 1u);
  // 113109 Retain Device Identity: its K column keeps the serial number.
  DcmItem item;
  DcmItem* code = nullptr;
  ASSERT_TRUE(item.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, code, -2).good());
  code->putAndInsertString(DCM_CodeValue, "113109");
  item.putAndInsertString(DCM_DeidentificationMethod, "PS3.15 E.1-1 2024b Basic Profile\\ScanShare");
  const ProfileMarks device = imaging::workflow::readProfileMarks(item);
  EXPECT_TRUE(device.scanshare);
  EXPECT_TRUE(ProfileCheck(device, false).checkString(serial).empty());
  // No option keeps the birth date, not even the dummy date.
  const VisitedValue birth{"(0010,0030)", DCM_PatientBirthDate, EVR_DA, 0, "19000101"};
  EXPECT_EQ(ProfileCheck(device, false).checkString(birth).size(), 1u);
  // The DICOMDIR writer's own placeholders for Type 1 keys stand only in a DICOMDIR.
  const VisitedValue study_id{"(0004,1220)[1].(0020,0010)", DCM_StudyID, EVR_SH, 1, "1"};
  EXPECT_TRUE(ProfileCheck(scanshare, true).checkString(study_id).empty());
  EXPECT_EQ(ProfileCheck(scanshare, false).checkString(study_id).size(), 1u);
}
