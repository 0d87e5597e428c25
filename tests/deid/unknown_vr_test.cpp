// Sequences that other software wrote with VR UN (PS3.5 6.2.2: implicit VR little endian inside,
// defined or undefined length) are decoded and de-identified like any sequence; a UN value that
// cannot be decoded is removed, never copied.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "fixtures.h"
#include "imaging/deid/parts.h"
#include "unknown_vr.h"

using namespace deidtest;
using imaging::InstanceOutcome;
using imaging::Profile;

namespace {

constexpr const char* kSerial = "SN778899";
constexpr const char* kFrameDateTime = "20240107101010";
constexpr const char* kPlanUid = "1.2.826.0.1.3680043.9.7777.1.5.6";

DcmItem* addItem(DcmItem& parent, const DcmTagKey& seq) {
  DcmItem* item = nullptr;
  parent.findOrCreateSequenceItem(seq, item, -2);
  return item;
}

// The value bytes of `seq` encoded in implicit VR little endian (what an old PACS puts in a UN
// element), with defined or undefined lengths.
std::string implicitValue(DcmSequenceOfItems& seq, E_EncodingType encoding, const std::string& name) {
  DcmDataset holder;
  holder.insert(new DcmSequenceOfItems(seq), true);
  const auto path = workDir(name) / "seq.bin";
  const OFCondition saved = holder.saveFile(path.c_str(), EXS_LittleEndianImplicit, encoding);
  if (saved.bad()) throw std::runtime_error(saved.text());
  const std::string bytes = fileBytes(path);
  return bytes.substr(8);  // tag and length
}

void putUn(DcmItem& item, const DcmTagKey& tag, const std::string& value) {
  auto* un = new DcmOtherByteOtherWord(DcmTag(tag, EVR_UN));
  un->putUint8Array(reinterpret_cast<const Uint8*>(value.data()), static_cast<unsigned long>(value.size()));
  item.insert(un, true);
}

// De-identifies a file already on disk (after a test changed its bytes), like fixtures' run().
Result runOnDisk(DcmFileFormat& source, const std::filesystem::path& input, const imaging::DeidConfig& config) {
  Result r;
  r.input = input;
  r.output = input.parent_path() / "out.dcm";
  DcmDataset& ds = *source.getDataset();
  const std::string identity = str(ds, DCM_PatientID) + '\x1f' + str(ds, DCM_IssuerOfPatientID) + '\x1f' +
                               str(ds, DCM_PatientName);
  r.patient.identity_key = identity;
  r.patient.pseudonym = config.pseudonyms->forPatient(identity);
  r.patient.date_offset_days = config.dates->offsetDays(identity);
  r.patient.identifiers = imaging::harvestIdentifiers(r.input);
  r.outcome = imaging::Deidentifier(config).deidentifyFile(r.input, r.output, r.patient, false);
  if (std::filesystem::exists(r.output)) {
    r.file = std::make_unique<DcmFileFormat>();
    if (r.file->loadFile(r.output.c_str()).bad()) r.file.reset();
    else r.file->loadAllDataIntoMemory();
  }
  return r;
}

DcmSequenceOfItems* sequence(DcmItem& item, const DcmTagKey& tag) {
  DcmSequenceOfItems* seq = nullptr;
  if (item.findAndGetSequence(tag, seq).bad()) return nullptr;
  return seq;
}

}  // namespace

TEST(UnknownVr, ReferencedRtPlanSequenceWrittenAsUnIsDecodedAndItsUidMapped) {
  auto mr = makeMr();
  DcmSequenceOfItems plan(DCM_ReferencedRTPlanSequence);
  auto* ref = new DcmItem();
  ref->putAndInsertString(DCM_ReferencedSOPClassUID, UID_RTPlanStorage);
  ref->putAndInsertString(DCM_ReferencedSOPInstanceUID, kPlanUid);
  plan.insert(ref);
  putUn(*mr->getDataset(), DCM_ReferencedRTPlanSequence, implicitValue(plan, EET_ExplicitLength, "un_plan_src"));

  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "un_plan");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  ASSERT_TRUE(r.file);
  DcmSequenceOfItems* out = sequence(r.ds(), DCM_ReferencedRTPlanSequence);
  ASSERT_NE(out, nullptr) << "written back as a real sequence";
  ASSERT_EQ(out->card(), 1u);
  const std::string mapped = str(*out->getItem(0), DCM_ReferencedSOPInstanceUID);
  EXPECT_EQ(mapped.rfind("2.25.", 0), 0u) << mapped;
  EXPECT_EQ(str(*out->getItem(0), DCM_ReferencedSOPClassUID), UID_RTPlanStorage);
  EXPECT_EQ(fileBytes(r.output).find(kPlanUid), std::string::npos);
  // The same source UID maps the same way wherever it stands.
  EXPECT_EQ(mapped, makeConfig(Profile::defaultProfile()).uids->map(kPlanUid));
}

TEST(UnknownVr, EnhancedMrFunctionalGroupsWrittenAsUnAreDeidentified) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.putAndInsertString(DCM_SOPClassUID, UID_EnhancedMRImageStorage);
  // Per-frame groups: undefined lengths (the UN element too, patched below); shared: defined.
  DcmSequenceOfItems per_frame(DCM_PerFrameFunctionalGroupsSequence);
  auto* frame = new DcmItem();
  per_frame.insert(frame);
  addItem(*frame, DCM_FrameContentSequence)->putAndInsertString(DCM_FrameAcquisitionDateTime, kFrameDateTime);
  DcmItem* derivation = addItem(*frame, DCM_DerivationImageSequence);
  DcmItem* source = addItem(*derivation, DCM_SourceImageSequence);
  source->putAndInsertString(DCM_ReferencedSOPClassUID, kMrClass);
  source->putAndInsertString(DCM_ReferencedSOPInstanceUID, kReferencedUid);
  DcmSequenceOfItems shared(DCM_SharedFunctionalGroupsSequence);
  auto* group = new DcmItem();
  shared.insert(group);
  group->putAndInsertString(DCM_DeviceSerialNumber, kSerial);
  addItem(*group, DCM_FrameContentSequence)->putAndInsertString(DCM_FrameAcquisitionDateTime, kFrameDateTime);

  const std::string per_frame_value = implicitValue(per_frame, EET_UndefinedLength, "un_enhanced_src1");
  ASSERT_EQ(per_frame_value.substr(per_frame_value.size() - 8), std::string("\xFE\xFF\xDD\xE0\0\0\0\0", 8));
  putUn(ds, DCM_PerFrameFunctionalGroupsSequence, per_frame_value);
  putUn(ds, DCM_SharedFunctionalGroupsSequence, implicitValue(shared, EET_ExplicitLength, "un_enhanced_src2"));

  const auto dir = workDir("un_enhanced");
  const auto input = dir / "in.dcm";
  ASSERT_TRUE(mr->saveFile(input.c_str(), EXS_LittleEndianExplicit).good());
  // Make the per-frame UN element undefined length, as PS3.5 6.2.2 allows.
  std::string bytes = fileBytes(input);
  const std::string header("\x00\x52\x30\x92UN\0\0", 8);
  const std::size_t at = bytes.find(header);
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at + 8, 4, std::string(4, '\xFF'));
  { std::ofstream(input, std::ios::binary | std::ios::trunc) << bytes; }
  ASSERT_NE(bytes.find(kSerial), std::string::npos);

  const Result r = runOnDisk(*mr, input, makeConfig(Profile::defaultProfile()));
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  ASSERT_TRUE(r.file);
  const std::string out = fileBytes(r.output);
  EXPECT_EQ(out.find(kSerial), std::string::npos);
  EXPECT_EQ(out.find(kReferencedUid), std::string::npos);
  EXPECT_EQ(out.find(kFrameDateTime), std::string::npos) << "frame dates are shifted";
  for (const DcmTagKey& tag : {DCM_PerFrameFunctionalGroupsSequence, DCM_SharedFunctionalGroupsSequence}) {
    DcmSequenceOfItems* seq = sequence(r.ds(), tag);
    ASSERT_NE(seq, nullptr) << tag.toString().c_str();
    ASSERT_EQ(seq->card(), 1u);
    DcmSequenceOfItems* content = sequence(*seq->getItem(0), DCM_FrameContentSequence);
    ASSERT_NE(content, nullptr);
    const std::string shifted = str(*content->getItem(0), DCM_FrameAcquisitionDateTime);
    EXPECT_EQ(shifted.size(), std::string(kFrameDateTime).size()) << shifted;
    EXPECT_NE(shifted, kFrameDateTime);
  }
}

TEST(UnknownVr, UndecodableUnSequenceIsRemovedNotCopied) {
  auto mr = makeMr();
  // Not an item list: a sequence's bytes whose first item length runs past the value.
  std::string junk("\xFE\xFF\x00\xE0\x40\x00\x00\x00", 8);
  junk += std::string("\x08\x00\x55\x11\x20\x00\x00\x00", 8) + kPlanUid + " Doe^John";
  putUn(*mr->getDataset(), DCM_ReferencedRTPlanSequence, junk);
  // A standard (even group) tag the dictionary does not know, with text in it.
  putUn(*mr->getDataset(), DcmTagKey(0x0010, 0x0011), "Doe^John PID12345");
  ASSERT_EQ(DcmTag(DcmTagKey(0x0010, 0x0011)).getEVR(), EVR_UNKNOWN);

  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "un_junk");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  ASSERT_TRUE(r.file);
  EXPECT_FALSE(has(r.ds(), DCM_ReferencedRTPlanSequence));
  EXPECT_FALSE(has(r.ds(), DcmTagKey(0x0010, 0x0011)));
  const std::string out = fileBytes(r.output);
  EXPECT_EQ(out.find(kPlanUid), std::string::npos);
  EXPECT_EQ(out.find("Doe^John"), std::string::npos);
}

TEST(UnknownVr, DecoderRefusesDeepNestingAndLeftoverBytes) {
  // 100 nested undefined-length sequences: refused before DCMTK's recursive parser sees them.
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += std::string("\xFE\xFF\x00\xE0\xFF\xFF\xFF\xFF\x08\x00\x15\x11\xFF\xFF\xFF\xFF", 16);
  for (int i = 0; i < 100; ++i)
    deep += std::string("\xFE\xFF\xDD\xE0\0\0\0\0\xFE\xFF\x0D\xE0\0\0\0\0", 16);
  const auto* bytes = reinterpret_cast<const Uint8*>(deep.data());
  EXPECT_EQ(imaging::deid::decodeUnknownSequence(DCM_ReferencedRTPlanSequence, bytes, deep.size()), nullptr);

  // A clean empty item decodes; the same with a stray byte after it does not.
  const std::string item("\xFE\xFF\x00\xE0\0\0\0\0", 8);
  std::unique_ptr<DcmSequenceOfItems> seq(imaging::deid::decodeUnknownSequence(
      DCM_ReferencedRTPlanSequence, reinterpret_cast<const Uint8*>(item.data()), item.size()));
  ASSERT_NE(seq, nullptr);
  EXPECT_EQ(seq->card(), 1u);
  const std::string extra = item + "X";
  EXPECT_EQ(imaging::deid::decodeUnknownSequence(DCM_ReferencedRTPlanSequence,
                                                 reinterpret_cast<const Uint8*>(extra.data()), extra.size()),
            nullptr);
}
