// Content ScanShare cannot check is left out with a reason, whatever --include-burned-in says:
// audio waveforms (a dictation speaks the patient's name) and encapsulated documents, whose
// content the table empties, so that they would leave as empty shells marked "kept" (red team D,
// D7; red team C, C5).
#include <gtest/gtest.h>

#include <vector>

#include "fixtures.h"

using namespace deidtest;
using imaging::ExclusionCause;
using imaging::InstanceOutcome;
using imaging::OutcomeCode;
using imaging::Profile;

namespace {

constexpr const char* kVoiceAudio = "1.2.840.10008.5.1.4.1.1.9.4.1";
constexpr const char* kGeneralAudio = "1.2.840.10008.5.1.4.1.1.9.4.2";
constexpr const char* kEcg = "1.2.840.10008.5.1.4.1.1.9.1.1";
constexpr const char* kPdf = "1.2.840.10008.5.1.4.1.1.104.1";

std::optional<imaging::Exclusion> reasonFor(const imaging::DeidConfig& config, const char* sop_class,
                                            const char* modality) {
  imaging::Instance instance;
  instance.sop_class_uid = sop_class;
  imaging::Series series;
  series.modality = modality;
  return imaging::Deidentifier(config).exclusionReason(instance, series);
}

// makeMr() without its image: the class and modality given, and what that class carries.
std::unique_ptr<DcmFileFormat> makeObject(const char* sop_class, const char* modality) {
  auto file = makeMr();
  DcmDataset& ds = *file->getDataset();
  for (const DcmTagKey& tag : {DCM_PixelData, DCM_Rows, DCM_Columns, DCM_BitsAllocated, DCM_BitsStored, DCM_HighBit,
                               DCM_PixelRepresentation, DCM_SamplesPerPixel, DCM_PhotometricInterpretation})
    delete ds.remove(tag);
  ds.putAndInsertString(DCM_SOPClassUID, sop_class);
  ds.putAndInsertString(DCM_Modality, modality);
  return file;
}

std::unique_ptr<DcmFileFormat> makeVoiceAudio() {
  auto file = makeObject(kVoiceAudio, "AU");
  DcmItem* waveform = nullptr;
  file->getDataset()->findOrCreateSequenceItem(DCM_WaveformSequence, waveform, -2);
  waveform->putAndInsertString(DCM_WaveformOriginality, "ORIGINAL");
  waveform->putAndInsertUint16(DCM_NumberOfWaveformChannels, 1);
  waveform->putAndInsertUint32(DCM_NumberOfWaveformSamples, 64);
  waveform->putAndInsertString(DCM_SamplingFrequency, "8000");
  waveform->putAndInsertUint16(DCM_WaveformBitsAllocated, 8);
  waveform->putAndInsertString(DCM_WaveformSampleInterpretation, "MB");
  const std::vector<Uint8> samples(64, 0x7F);
  waveform->putAndInsertUint8Array(DCM_WaveformData, samples.data(), static_cast<unsigned long>(samples.size()));
  return file;
}

std::unique_ptr<DcmFileFormat> makePdf() {
  auto file = makeObject(kPdf, "DOC");
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertString(DCM_MIMETypeOfEncapsulatedDocument, "application/pdf");
  ds.putAndInsertString(DCM_DocumentTitle, "Referral letter");
  const std::string pdf = "%PDF-1.4\n% referral for Doe John, born 15.02.1980\n%%EOF\n";
  ds.putAndInsertUint8Array(DCM_EncapsulatedDocument, reinterpret_cast<const Uint8*>(pdf.data()),
                            static_cast<unsigned long>(pdf.size()));
  return file;
}

}  // namespace

TEST(UncheckableContent, AudioIsLeftOutEvenWithIncludeBurnedIn) {
  auto included = makeConfig(Profile::defaultProfile());
  included.include_burned_in = true;
  for (const auto& config : {makeConfig(Profile::defaultProfile()), included}) {
    for (const auto& [sop_class, modality] : {std::pair{kVoiceAudio, "AU"}, std::pair{kGeneralAudio, "AU"},
                                              std::pair{"1.2.840.10008.5.1.4.1.1.9.4.9", "AU"},  // a later audio class
                                              std::pair{kEcg, "AU"}}) {                          // modality AU
      const auto reason = reasonFor(config, sop_class, modality);
      ASSERT_TRUE(reason.has_value()) << sop_class;
      EXPECT_EQ(reason->code, OutcomeCode::AudioNotCheckable) << sop_class;
      EXPECT_EQ(reason->cause, ExclusionCause::Audio);
      EXPECT_FALSE(imaging::isBurnedIn(reason->code)) << "redaction cannot help: not offered";
      EXPECT_TRUE(imaging::isExclusion(reason->code)) << "a policy outcome, not a failure";
    }
    EXPECT_FALSE(reasonFor(config, kEcg, "ECG").has_value()) << "an ECG's samples are numbers, not speech";
  }
}

TEST(UncheckableContent, EncapsulatedDocumentsAreLeftOutUnlessARecipeKeepsThem) {
  auto included = makeConfig(Profile::defaultProfile());
  included.include_burned_in = true;
  for (const auto& config : {makeConfig(Profile::defaultProfile()), included})
    for (const char* sop_class : {kPdf, "1.2.840.10008.5.1.4.1.1.104.2", "1.2.840.10008.5.1.4.1.1.104.3",
                                  "1.2.840.10008.5.1.4.1.1.104.4", "1.2.840.10008.5.1.4.1.1.104.5"}) {
      const auto reason = reasonFor(config, sop_class, "DOC");
      ASSERT_TRUE(reason.has_value()) << sop_class;
      EXPECT_EQ(reason->code, OutcomeCode::DocumentNotCheckable) << sop_class;
      EXPECT_EQ(reason->cause, ExclusionCause::EncapsulatedDocument);
    }
  // A recipe that keeps Encapsulated Document vouches for its content: nothing is emptied then.
  auto kept = makeConfig(Profile::defaultProfile());
  kept.overrides.push_back({{0x0042, 0x0011}, imaging::OverrideAction::Keep, ""});
  EXPECT_FALSE(reasonFor(kept, kPdf, "DOC").has_value());
}

TEST(UncheckableContent, DeidentifyFileLeavesAudioAndDocumentsOut) {
  auto included = makeConfig(Profile::defaultProfile());
  included.include_burned_in = true;
  const Result audio = run(*makeVoiceAudio(), included, "uncheckable_audio");
  EXPECT_EQ(audio.outcome.status, InstanceOutcome::Status::Excluded);
  EXPECT_EQ(audio.outcome.code, OutcomeCode::AudioNotCheckable);
  EXPECT_FALSE(std::filesystem::exists(audio.output));
  const Result pdf = run(*makePdf(), included, "uncheckable_pdf");
  EXPECT_EQ(pdf.outcome.status, InstanceOutcome::Status::Excluded);
  EXPECT_EQ(pdf.outcome.code, OutcomeCode::DocumentNotCheckable);
  EXPECT_FALSE(std::filesystem::exists(pdf.output));

  // With the recipe's keep the document goes out whole, as the recipe asked.
  auto kept = makeConfig(Profile::defaultProfile());
  kept.overrides.push_back({{0x0042, 0x0011}, imaging::OverrideAction::Keep, ""});
  const Result vouched = run(*makePdf(), kept, "uncheckable_pdf_kept");
  ASSERT_EQ(vouched.outcome.status, InstanceOutcome::Status::Kept) << vouched.outcome.reason;
  EXPECT_NE(fileBytes(vouched.output).find("%PDF-1.4"), std::string::npos);
}
