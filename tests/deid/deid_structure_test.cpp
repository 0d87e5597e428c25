// Type 1/2 resolution of compound actions, dummy values per VR, structured reports, character
// sets and the burned-in exclusion rules.
#include <gtest/gtest.h>

#include "fixtures.h"
#include "imaging/deid/parts.h"

using namespace deidtest;
using imaging::DeidOption;
using imaging::InstanceOutcome;
using imaging::Profile;

namespace {

DcmItem* addItem(DcmItem& parent, const DcmTagKey& seq) {
  DcmItem* item = nullptr;
  parent.findOrCreateSequenceItem(seq, item, -2);
  return item;
}

void concept(DcmItem& item, const char* code, const char* meaning) {
  DcmItem* c = addItem(item, DCM_ConceptNameCodeSequence);
  c->putAndInsertString(DCM_CodeValue, code);
  c->putAndInsertString(DCM_CodingSchemeDesignator, "DCM");
  c->putAndInsertString(DCM_CodeMeaning, meaning);
}

DcmItem* contentItem(DcmItem& parent, const char* type, const char* code, const char* meaning) {
  DcmItem* item = addItem(parent, DCM_ContentSequence);
  item->putAndInsertString(DCM_RelationshipType, "CONTAINS");
  item->putAndInsertString(DCM_ValueType, type);
  concept(*item, code, meaning);
  return item;
}

std::unique_ptr<DcmFileFormat> makeSr() {
  auto file = makeMr();
  DcmDataset& ds = *file->getDataset();
  for (const DcmTagKey& tag : {DCM_PixelData, DCM_Rows, DCM_Columns, DCM_BitsAllocated, DCM_BitsStored, DCM_HighBit,
                               DCM_PixelRepresentation, DCM_SamplesPerPixel, DCM_PhotometricInterpretation})
    ds.findAndDeleteElement(tag);
  ds.putAndInsertString(DCM_SOPClassUID, UID_BasicTextSRStorage);
  ds.putAndInsertString(DCM_Modality, "SR");
  ds.putAndInsertString(DCM_ValueType, "CONTAINER");
  ds.putAndInsertString(DCM_ContinuityOfContent, "SEPARATE");
  ds.putAndInsertString(DCM_CompletionFlag, "COMPLETE");
  ds.putAndInsertString(DCM_VerificationFlag, "VERIFIED");
  concept(ds, "11528-7", "Radiology Report");
  DcmItem* verifier = addItem(ds, DCM_VerifyingObserverSequence);
  verifier->putAndInsertString(DCM_VerifyingObserverName, "House^Gregory");
  verifier->putAndInsertString(DCM_VerifyingOrganization, "St Elsewhere Hospital");
  verifier->putAndInsertString(DCM_VerificationDateTime, "20240106120000");
  contentItem(ds, "PNAME", "121008", "Person Observer Name")->putAndInsertString(DCM_PersonName, "Wilson^James");
  contentItem(ds, "TEXT", "121009", "Person Observer's Organization Name")
      ->putAndInsertString(DCM_TextValue, "Princeton Plainsboro");
  contentItem(ds, "PNAME", "121029", "Subject Name")->putAndInsertString(DCM_PersonName, kPatientName);
  contentItem(ds, "TEXT", "121071", "Finding")
      ->putAndInsertString(DCM_TextValue, "John Doe (born 1980-02-15, ID PID12345): no effusion.");
  contentItem(ds, "DATE", "111060", "Study Date")->putAndInsertString(DCM_Date, "20240105");
  contentItem(ds, "UIDREF", "121018", "Procedure Study Instance UID")->putAndInsertString(DCM_UID, kStudyUid);
  return file;
}

}  // namespace

TEST(TypeResolution, EnhancedMrGetsDummiesForType1) {
  auto mr = makeMr();
  mr->getDataset()->putAndInsertString(DCM_SOPClassUID, UID_EnhancedMRImageStorage);
  const Result r = run(*mr, makeConfig(Profile::basic()), "type_enhanced");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_AcquisitionDateTime), "19000101000000");  // X/Z/D, Type 1 -> D
  EXPECT_EQ(str(r.ds(), DCM_ContentDate), "19000101");                // Z/D, Type 1 -> D
  EXPECT_EQ(str(r.ds(), DCM_ContentTime), "000000");
  EXPECT_EQ(str(r.ds(), DCM_DeviceSerialNumber), "ANONYMOUS");        // Enhanced General Equipment
  EXPECT_FALSE(has(r.ds(), DCM_StationName));                         // Type 3 -> X
}

TEST(TypeResolution, WaveformKeepsItsAcquisitionContextAndContentDate) {
  // 12-lead ECG: Acquisition Context Sequence is Type 2 and Content Date/Time Type 1 there
  // (dciodvfy found the sequence removed from pydicom's ECG export).
  auto ecg = makeMr();
  DcmDataset& ds = *ecg->getDataset();
  ds.putAndInsertString(DCM_SOPClassUID, "1.2.840.10008.5.1.4.1.1.9.1.1");
  DcmItem* context = nullptr;
  ASSERT_TRUE(ds.findOrCreateSequenceItem(DCM_AcquisitionContextSequence, context, -2).good());
  context->putAndInsertString(DCM_ValueType, "TEXT");
  context->putAndInsertString(DCM_TextValue, "Recorded by John Doe at home");
  ds.putAndInsertString(DCM_ContentDate, "20240102");
  const Result r = run(*ecg, makeConfig(Profile::basic()), "type_waveform");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  DcmSequenceOfItems* kept = nullptr;
  ASSERT_TRUE(r.ds().findAndGetSequence(DCM_AcquisitionContextSequence, kept).good());
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->card(), 0u) << "Type 2: emptied, not removed, and nothing of its content kept";
  EXPECT_TRUE(has(r.ds(), DCM_ContentDate));
  EXPECT_NE(str(r.ds(), DCM_ContentDate), "20240102");
}

TEST(TypeResolution, ContrastAgentType2IsEmptiedNotRemoved) {
  auto mr = makeMr();
  mr->getDataset()->putAndInsertString(DCM_ContrastBolusAgent, "Gadolinium for John");
  const Result r = run(*mr, makeConfig(Profile::basic()), "type_contrast");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_TRUE(has(r.ds(), DCM_ContrastBolusAgent));
  EXPECT_EQ(str(r.ds(), DCM_ContrastBolusAgent), "");
}

TEST(DummyValues, EachVrGetsAValidDummy) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.putAndInsertString(DCM_PersonName, "Doe^John");            // PN, D
  ds.putAndInsertString(DCM_VerifyingOrganization, "Clinic X");  // LO, D
  ds.putAndInsertString(DCM_Date, "20240101");                   // DA, D
  ds.putAndInsertString(DCM_Time, "235959");                     // TM, D
  ds.putAndInsertString(DCM_UID, "1.2.3.4.5");                   // UI, U
  ds.putAndInsertString(DCM_SelectorASValue, "043Y");            // AS, D
  const Result r = run(*mr, makeConfig(Profile::basic()), "dummy_vrs");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_PersonName), "ANONYMOUS");
  EXPECT_EQ(str(r.ds(), DCM_VerifyingOrganization), "ANONYMOUS");
  EXPECT_EQ(str(r.ds(), DCM_Date), "19000101");
  EXPECT_EQ(str(r.ds(), DCM_Time), "000000");
  EXPECT_EQ(str(r.ds(), DCM_UID), imaging::makeHmacUidMapper(testKey())->map("1.2.3.4.5"));
  EXPECT_EQ(str(r.ds(), DCM_SelectorASValue), "000Y");
  EXPECT_GE(r.outcome.action_counts.at("dummy"), 4);
}

TEST(DummyValues, OptionalDummySequenceIsRemovedWhole) {
  auto mr = makeMr();
  DcmItem* annotation = addItem(*mr->getDataset(), DCM_GraphicAnnotationSequence);
  annotation->putAndInsertString(DCM_GraphicLayer, "LAYER1");
  DcmItem* text = addItem(*annotation, DCM_TextObjectSequence);
  text->putAndInsertString(DCM_UnformattedTextValue, "John Doe");
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "dummy_sequence");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_FALSE(has(r.ds(), DCM_GraphicAnnotationSequence));
}

TEST(StructuredReport, ExcludedWithoutCleanStructuredContent) {
  auto sr = makeSr();
  const Result r = run(*sr, makeConfig(Profile::defaultProfile()), "sr_default");
  EXPECT_EQ(r.outcome.status, InstanceOutcome::Status::Excluded);
  EXPECT_EQ(r.outcome.code, imaging::OutcomeCode::StructuredReportNotCleaned);
  EXPECT_NE(r.outcome.reason.find("clean-structured-content"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(r.output));
}

TEST(StructuredReport, ExcludeSrWinsOverTheOption) {
  auto sr = makeSr();
  Profile p = Profile::defaultProfile();
  p.options.insert(DeidOption::CleanStructuredContent);
  auto config = makeConfig(p);
  config.exclude_sr = true;
  const Result r = run(*sr, config, "sr_excluded");
  EXPECT_EQ(r.outcome.status, InstanceOutcome::Status::Excluded);
}

TEST(StructuredReport, ContentTreeIsCleaned) {
  auto sr = makeSr();
  Profile p = Profile::defaultProfile();
  p.options.insert(DeidOption::CleanStructuredContent);
  const Result r = run(*sr, makeConfig(p), "sr_clean");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  ASSERT_TRUE(r.file);
  DcmDataset& ds = r.ds();
  auto content = [&](int i) {
    DcmItem* item = nullptr;
    ds.findAndGetSequenceItem(DCM_ContentSequence, item, i);
    return item;
  };
  ASSERT_NE(content(5), nullptr);
  EXPECT_EQ(str(*content(0), DCM_PersonName), "ANONYMOUS");
  EXPECT_EQ(str(*content(1), DCM_TextValue), "ANONYMOUS");
  EXPECT_EQ(str(*content(2), DCM_PersonName), r.patient.pseudonym.name);
  const std::string finding = str(*content(3), DCM_TextValue);
  EXPECT_NE(finding.find("no effusion"), std::string::npos) << finding;
  for (const char* planted : {"John", "Doe", "1980-02-15", "PID12345"})
    EXPECT_EQ(finding.find(planted), std::string::npos) << planted;
  EXPECT_NE(str(*content(4), DCM_Date), "20240105");
  EXPECT_EQ(str(*content(4), DCM_Date).size(), 8u);
  EXPECT_EQ(str(*content(5), DCM_UID), str(ds, DCM_StudyInstanceUID));  // reference stays consistent
  DcmItem* verifier = nullptr;
  ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_VerifyingObserverSequence, verifier).good());
  EXPECT_EQ(str(*verifier, DCM_VerifyingObserverName), "ANONYMOUS");
  EXPECT_EQ(str(*verifier, DCM_VerifyingOrganization), "ANONYMOUS");
  EXPECT_NE(str(*verifier, DCM_VerificationDateTime), "20240106120000");
  EXPECT_TRUE(has(ds, DCM_ContentDate));
  const std::string bytes = fileBytes(r.output);
  for (const char* planted : {"Wilson", "Princeton", "House", "Doe", "PID12345"})
    EXPECT_EQ(bytes.find(planted), std::string::npos) << planted;
}

TEST(CharacterSets, Latin1NamesAreScrubbedAndOutputIsUtf8WhenNeeded) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
  ds.putAndInsertString(DCM_PatientName, "M\xFCller^J\xFCrgen");             // Müller^Jürgen in Latin-1
  ds.putAndInsertString(DCM_StudyDescription, "Kn\xF6" "chel M\xDCLLER");    // Knöchel MÜLLER
  ds.putAndInsertString(DCM_SeriesDescription, "T2 J\xFCrgen");             // ASCII after scrubbing? no: "T2 "
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "charset_latin1");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_SpecificCharacterSet), "ISO_IR 192");
  const std::string study = str(r.ds(), DCM_StudyDescription);
  EXPECT_NE(study.find("Kn\xC3\xB6" "chel"), std::string::npos) << study;  // UTF-8 ö
  EXPECT_EQ(study.find("LLER"), std::string::npos) << study;
  EXPECT_EQ(str(r.ds(), DCM_SeriesDescription).find("rgen"), std::string::npos);
}

TEST(CharacterSets, CyrillicSourceStaysSingleByteWhenEverythingLeftIsAscii) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 144");
  ds.putAndInsertString(DCM_PatientName, "\xB8\xD2\xD0\xDD\xDE\xD2^\xB8\xD2\xD0\xDD");  // Иванов^Иван
  ds.putAndInsertString(DCM_StudyDescription, "MRI \xB8\xD2\xD0\xDD\xDE\xD2");        // MRI Иванов
  ds.putAndInsertString(DCM_SeriesDescription, "T1");
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "charset_cyrillic");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  const std::string study = str(r.ds(), DCM_StudyDescription);
  EXPECT_EQ(study.rfind("MRI ", 0), 0u) << study;
  EXPECT_EQ(study.find("\xB8\xD2"), std::string::npos);
  EXPECT_EQ(study.find("\xD0\x98"), std::string::npos);  // UTF-8 И
  EXPECT_EQ(str(r.ds(), DCM_SpecificCharacterSet), "ISO_IR 144");
}

TEST(BurnedIn, RiskyInstancesAreExcludedUnlessIncluded) {
  const auto config = makeConfig(Profile::defaultProfile());
  const imaging::Deidentifier d(config);
  imaging::Instance mr_instance;
  mr_instance.sop_class_uid = kMrClass;
  imaging::Series mr_series;
  mr_series.modality = "MR";
  EXPECT_FALSE(d.exclusionReason(mr_instance, mr_series).has_value());
  imaging::Instance burned = mr_instance;
  burned.burned_in_annotation = "YES";
  EXPECT_TRUE(d.exclusionReason(burned, mr_series).has_value());
  imaging::Instance sc;
  sc.sop_class_uid = "1.2.840.10008.5.1.4.1.1.7.4";
  EXPECT_TRUE(d.exclusionReason(sc, mr_series).has_value());
  imaging::Instance us;
  us.sop_class_uid = "1.2.840.10008.5.1.4.1.1.6.1";
  EXPECT_TRUE(d.exclusionReason(us, mr_series).has_value());
  imaging::Series xc;
  xc.modality = "XC";
  EXPECT_TRUE(d.exclusionReason(mr_instance, xc).has_value());
  // Ultrasound is told apart (the viewer calls it ultrasound, not a scanned page); the token stays.
  EXPECT_TRUE(d.exclusionReason(us, mr_series)->ultrasound);
  EXPECT_EQ(std::string(imaging::toString(d.exclusionReason(us, mr_series)->code)), "burned-in-likely");
  imaging::Series us_series;
  us_series.modality = "US";
  EXPECT_TRUE(d.exclusionReason(mr_instance, us_series)->ultrasound);
  EXPECT_FALSE(d.exclusionReason(sc, mr_series)->ultrasound);
  EXPECT_FALSE(d.exclusionReason(mr_instance, xc)->ultrasound);
  imaging::Instance sr;
  sr.sop_class_uid = UID_ComprehensiveSRStorage;
  EXPECT_TRUE(d.exclusionReason(sr, mr_series).has_value());

  auto included = makeConfig(Profile::defaultProfile());
  included.include_burned_in = true;
  const imaging::Deidentifier d2(included);
  EXPECT_FALSE(d2.exclusionReason(burned, mr_series).has_value());
  EXPECT_FALSE(d2.exclusionReason(us, mr_series).has_value());
}

TEST(BurnedIn, DeidentifyFileAlsoRefusesThem) {
  auto mr = makeMr();
  mr->getDataset()->putAndInsertString(DCM_BurnedInAnnotation, "YES");
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "burned_file");
  EXPECT_EQ(r.outcome.status, InstanceOutcome::Status::Excluded);
  EXPECT_EQ(r.outcome.code, imaging::OutcomeCode::BurnedInAnnotation);
  EXPECT_FALSE(r.outcome.reason.empty());
  EXPECT_FALSE(std::filesystem::exists(r.output));
  auto us = makeMr();
  us->getDataset()->putAndInsertString(DCM_Modality, "US");
  auto config = makeConfig(Profile::defaultProfile());
  config.include_burned_in = true;
  EXPECT_EQ(run(*us, config, "burned_included").outcome.status, InstanceOutcome::Status::Kept);
}

TEST(CharacterSets, UnconvertibleCharacterSetEmptiesNonAsciiText) {
  // glibc iconv cannot convert ISO 2022 IR 87 (Japanese kanji): such text cannot be checked, so
  // it is emptied rather than trusted; the file is still de-identified.
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.putAndInsertString(DCM_SpecificCharacterSet, "\\ISO 2022 IR 87");
  ds.putAndInsertString(DCM_PatientName, "Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B");
  ds.putAndInsertString(DCM_StudyDescription, "\x1b$B;3ED\x1b(B MRI");
  ds.putAndInsertString(DCM_SeriesDescription, "T1 KNEE");
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "charset_iso2022");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  ASSERT_TRUE(r.file);
  EXPECT_EQ(str(r.ds(), DCM_PatientName), r.patient.pseudonym.name);
  EXPECT_EQ(str(r.ds(), DCM_StudyDescription), "");
  EXPECT_EQ(str(r.ds(), DCM_SeriesDescription), "T1 KNEE");
  EXPECT_EQ(fileBytes(r.output).find(";3ED"), std::string::npos);
}

TEST(Encoding, GroupLengthsAreRemovedAndTextWrittenAsUnIsStillCleaned) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.putAndInsertUint32(DcmTagKey(0x0008, 0x0000), 1234);
  ds.findAndDeleteElement(DCM_StudyDescription);
  const std::string text = "Knee John Doe ";
  auto* un = new DcmOtherByteOtherWord(DcmTag(DCM_StudyDescription, EVR_UN));
  un->putUint8Array(reinterpret_cast<const Uint8*>(text.data()), static_cast<unsigned long>(text.size()));
  ds.insert(un, true);
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "encoding_un");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_FALSE(has(r.ds(), DcmTagKey(0x0008, 0x0000)));
  const std::string study = str(r.ds(), DCM_StudyDescription);
  EXPECT_EQ(study.rfind("Knee", 0), 0u) << study;
  EXPECT_EQ(study.find("John"), std::string::npos) << study;
  EXPECT_EQ(fileBytes(r.output).find("John"), std::string::npos);
}

TEST(Deidentifier, WithoutUidMapperFailsInsteadOfLeakingUids) {
  auto mr = makeMr();
  auto config = makeConfig(Profile::defaultProfile());
  config.uids.reset();
  const Result r = run(*mr, config, "no_mapper");
  EXPECT_EQ(r.outcome.status, InstanceOutcome::Status::Failed);
  EXPECT_FALSE(std::filesystem::exists(r.output));
}

TEST(TypeResolution, RequiredAttributesWithASingleXStayPresent) {
  // Presentation Creation Date is X in the table but Type 1 in a presentation state: dummy.
  auto pr = makeMr();
  DcmDataset& ds = *pr->getDataset();
  ds.putAndInsertString(DCM_SOPClassUID, UID_GrayscaleSoftcopyPresentationStateStorage);
  ds.putAndInsertString(DCM_PresentationCreationDate, "20240107");
  ds.putAndInsertString(DCM_PresentationCreationTime, "090000");
  ds.putAndInsertString(DCM_ContentCreatorName, "Doe^John");
  const Result r = run(*pr, makeConfig(Profile::basic()), "type_pr");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_PresentationCreationDate), "19000101");
  EXPECT_EQ(str(r.ds(), DCM_PresentationCreationTime), "000000");
  EXPECT_TRUE(has(r.ds(), DCM_ContentCreatorName));  // Z/D, Type 2 -> empty
  EXPECT_EQ(str(r.ds(), DCM_ContentCreatorName), "");

  // The same attribute in an image is optional: removed.
  auto mr = makeMr();
  mr->getDataset()->putAndInsertString(DCM_PresentationCreationDate, "20240107");
  const Result r2 = run(*mr, makeConfig(Profile::basic()), "type_pr_in_image");
  ASSERT_TRUE(r2.file);
  EXPECT_FALSE(has(r2.ds(), DCM_PresentationCreationDate));
}

TEST(StructuredReport, Type2ReferenceSequenceIsEmptiedNotRemoved) {
  auto sr = makeSr();
  DcmItem* pps = addItem(*sr->getDataset(), DCM_ReferencedPerformedProcedureStepSequence);
  pps->putAndInsertString(DCM_ReferencedSOPClassUID, "1.2.840.10008.3.1.2.3.3");
  pps->putAndInsertString(DCM_ReferencedSOPInstanceUID, kReferencedUid);
  Profile p = Profile::defaultProfile();
  p.options.insert(DeidOption::CleanStructuredContent);
  const Result r = run(*sr, makeConfig(p), "sr_pps");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_TRUE(has(r.ds(), DCM_ReferencedPerformedProcedureStepSequence));
  DcmSequenceOfItems* seq = nullptr;
  ASSERT_TRUE(r.ds().findAndGetSequence(DCM_ReferencedPerformedProcedureStepSequence, seq).good());
  EXPECT_EQ(seq->card(), 0u);
}

TEST(Dates, DatesTheTableDoesNotListMoveWithTheOthers) {
  // Procedure Creation Date (0014,4076) is not in Table E.1-1; left real, it would reveal the offset.
  const DcmTagKey unlisted(0x0014, 0x4076);
  auto mr = makeMr();
  mr->getDataset()->putAndInsertString(unlisted, "20240105");
  const Result shifted = run(*mr, makeConfig(Profile::defaultProfile()), "unlisted_date_shift");
  ASSERT_TRUE(shifted.file);
  EXPECT_EQ(str(shifted.ds(), unlisted), str(shifted.ds(), DCM_StudyDate));
  EXPECT_NE(str(shifted.ds(), unlisted), "20240105");
  const Result removed = run(*mr, makeConfig(Profile::basic()), "unlisted_date_remove");
  ASSERT_TRUE(removed.file);
  EXPECT_EQ(str(removed.ds(), unlisted), "");
  Profile keep = Profile::defaultProfile();
  keep.setDateMode(imaging::DateMode::Keep);
  const Result kept = run(*mr, makeConfig(keep), "unlisted_date_keep");
  ASSERT_TRUE(kept.file);
  EXPECT_EQ(str(kept.ds(), unlisted), "20240105");
}

// UIDs and URLs the table does not list still name the source (red team 2026-12-06): an unlisted
// instance UID is mapped like a listed one, a non-standard UID in a referenced class is mapped, the
// file's own class and encoding stay, and an unlisted URL (it points at the source PACS and spells
// its UIDs) is emptied.
TEST(UnlistedAttributes, InstanceUidsAndUrlsDoNotCarryTheSourceOver) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  const std::string sop = str(ds, DCM_SOPInstanceUID);
  const std::string source_root = "1.2.826.0.1.3680043.9.7777";
  ds.putAndInsertString(DCM_MultiFrameSourceSOPInstanceUID, (source_root + ".5.6").c_str());
  ds.putAndInsertString(DCM_OriginalSpecializedSOPClassUID, sop.c_str());
  ds.putAndInsertString(DCM_RetrieveURL, ("https://pacs.example/wado?study=" + sop).c_str());
  auto* ref = new DcmItem;
  ref->putAndInsertString(DCM_ReferencedSOPClassUID, (source_root + ".1.3").c_str());
  ref->putAndInsertString(DCM_ReferencedSOPInstanceUID, (source_root + ".9.9").c_str());
  ds.insertSequenceItem(DCM_ReferencedImageSequence, ref);
  auto* std_ref = new DcmItem;
  std_ref->putAndInsertString(DCM_ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.4");
  ds.insertSequenceItem(DCM_ReferencedImageSequence, std_ref, 1);
  const std::string sop_class = str(ds, DCM_SOPClassUID);
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "unlisted_uids_urls");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  const std::string bytes = fileBytes(r.output);
  EXPECT_EQ(bytes.find(source_root), std::string::npos);
  EXPECT_EQ(bytes.find(sop), std::string::npos);
  EXPECT_EQ(bytes.find("pacs.example"), std::string::npos);
  EXPECT_FALSE(str(r.ds(), DCM_MultiFrameSourceSOPInstanceUID).empty());
  EXPECT_EQ(str(r.ds(), DCM_SOPClassUID), sop_class);
  DcmItem* kept_standard = nullptr;
  ASSERT_TRUE(r.ds().findAndGetSequenceItem(DCM_ReferencedImageSequence, kept_standard, 1).good());
  OFString standard_class;
  kept_standard->findAndGetOFString(DCM_ReferencedSOPClassUID, standard_class);
  EXPECT_EQ(std::string(standard_class.c_str()), "1.2.840.10008.5.1.4.1.1.4");
}

// A Specific Character Set that is not one of the standard's terms is text someone typed (the red
// team put a name there): not copied; a real one is.
TEST(UnlistedAttributes, ACharacterSetThatIsNoCharacterSetIsNotCopied) {
  auto mr = makeMr();
  mr->getDataset()->putAndInsertString(DCM_SpecificCharacterSet, "OTTOLINE");
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "charset_not_a_charset");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(fileBytes(r.output).find("OTTOLINE"), std::string::npos);
  EXPECT_FALSE(has(r.ds(), DCM_SpecificCharacterSet));
  auto latin = makeMr();
  latin->getDataset()->putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
  const Result kept = run(*latin, makeConfig(Profile::defaultProfile()), "charset_latin1");
  ASSERT_TRUE(kept.file) << kept.outcome.reason;
  EXPECT_EQ(str(kept.ds(), DCM_SpecificCharacterSet), "ISO_IR 100");
}

TEST(TypeResolution, ParametricMapKeepsDeviceSerialAndAnimalsKeepResponsibleParties) {
  auto map = makeMr();
  DcmDataset& ds = *map->getDataset();
  ds.putAndInsertString(DCM_SOPClassUID, "1.2.840.10008.5.1.4.1.1.30");  // Parametric Map
  ds.putAndInsertString(DCM_DeviceSerialNumber, "SN-4242");
  ds.putAndInsertString(DCM_PatientSpeciesDescription, "Canis lupus familiaris");
  ds.putAndInsertString(DCM_ResponsiblePerson, "Doe^John");
  ds.putAndInsertString(DCM_ResponsibleOrganization, "Happy Paws Clinic");
  const Result r = run(*map, makeConfig(Profile::defaultProfile()), "type_pmap_animal");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_DeviceSerialNumber), "ANONYMOUS");  // Type 1 in Enhanced General Equipment
  EXPECT_EQ(str(r.ds(), DCM_ResponsiblePerson), "ANONYMOUS");   // required for non-human patients
  EXPECT_EQ(str(r.ds(), DCM_ResponsibleOrganization), "ANONYMOUS");
  EXPECT_EQ(fileBytes(r.output).find("SN-4242"), std::string::npos);
  EXPECT_EQ(fileBytes(r.output).find("Happy Paws"), std::string::npos);

  // A human patient's responsible person is removed as the table says.
  auto mr = makeMr();
  mr->getDataset()->putAndInsertString(DCM_ResponsiblePerson, "Doe^John");
  const Result human = run(*mr, makeConfig(Profile::defaultProfile()), "type_human_responsible");
  ASSERT_TRUE(human.file) << human.outcome.reason;
  EXPECT_FALSE(has(human.ds(), DCM_ResponsiblePerson));
}
