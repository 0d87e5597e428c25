// The header-only path (DeidConfig::stream_pixel_data): the output must equal the full-load
// path's, pixel data must read back identical, and every unusual layout must fall back to the
// full load rather than produce a corrupt file.
#include <gtest/gtest.h>

#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcrleerg.h>

#include <fstream>

#include "fixtures.h"

using namespace deidtest;
using imaging::InstanceOutcome;

namespace {

// A 96x80 16-bit MR: 15 KB of pixel data, above DCMTK's 4 KB lazy-load threshold.
std::unique_ptr<DcmFileFormat> makeLargerMr() {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.putAndInsertUint16(DCM_Rows, 80);
  ds.putAndInsertUint16(DCM_Columns, 96);
  std::vector<Uint16> pixels(96 * 80);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<Uint16>((i * 37 + i / 96 * 11) % 4096);
  ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  return mr;
}

struct Pair {
  InstanceOutcome streamed, loaded;
  std::filesystem::path input, streamed_file, loaded_file;
};

// De-identifies `input_file` twice, streamed and fully loaded, with the same patient context.
Pair runBoth(const std::filesystem::path& input_file, const std::string& name) {
  Pair p;
  p.input = input_file;
  const auto dir = workDir(name + "_out");
  p.streamed_file = dir / "streamed.dcm";
  p.loaded_file = dir / "loaded.dcm";
  imaging::DeidConfig config = makeConfig(imaging::Profile::defaultProfile());
  imaging::PatientContext patient;
  patient.identity_key = "patient";
  patient.pseudonym = config.pseudonyms->forPatient(patient.identity_key);
  patient.date_offset_days = config.dates->offsetDays(patient.identity_key);
  patient.identifiers = imaging::harvestIdentifiers(input_file);
  config.stream_pixel_data = true;
  p.streamed = imaging::Deidentifier(config).deidentifyFile(input_file, p.streamed_file, patient, false);
  config.stream_pixel_data = false;
  p.loaded = imaging::Deidentifier(config).deidentifyFile(input_file, p.loaded_file, patient, false);
  return p;
}

std::filesystem::path save(DcmFileFormat& file, E_TransferSyntax xfer, const std::string& name) {
  const auto path = workDir(name) / "in.dcm";
  const OFCondition c = file.saveFile(path.c_str(), xfer);
  if (c.bad()) throw std::runtime_error(c.text());
  return path;
}

// Uncompressed pixel bytes of a file as DCMTK decodes them.
std::string decodedPixels(const std::filesystem::path& file) {
  DcmRLEDecoderRegistration::registerCodecs();
  DcmFileFormat ff;
  if (ff.loadFile(file.c_str()).bad()) return "unreadable";
  DcmDataset& ds = *ff.getDataset();
  if (ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad()) return "undecodable";
  const Uint8* bytes = nullptr;
  if (ds.findAndGetUint8Array(DCM_PixelData, bytes).bad() || !bytes) return "no pixel data";
  DcmElement* elem = nullptr;
  ds.findAndGetElement(DCM_PixelData, elem);
  return std::string(reinterpret_cast<const char*>(bytes), elem->getLength());
}

bool readable(const std::filesystem::path& file) {
  DcmFileFormat ff;
  return ff.loadFile(file.c_str()).good() && ff.loadAllDataIntoMemory().good();
}

void appendBytes(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::app);
  out << bytes;
}

std::string le16(std::uint16_t v) { return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}; }
std::string le32(std::uint32_t v) { return le16(static_cast<std::uint16_t>(v & 0xFFFF)) + le16(static_cast<std::uint16_t>(v >> 16)); }

}  // namespace

class StreamedEqualsLoaded : public ::testing::TestWithParam<E_TransferSyntax> {};

TEST_P(StreamedEqualsLoaded, ByteForByteAndPixelsReadBackIdentical) {
  const E_TransferSyntax xfer = GetParam();
  auto mr = makeLargerMr();
  if (xfer == EXS_RLELossless) {
    DcmRLEEncoderRegistration::registerCodecs();
    ASSERT_TRUE(mr->getDataset()->chooseRepresentation(EXS_RLELossless, nullptr).good());
  }
  const std::string name = std::string("stream_equal_") + DcmXfer(xfer).getXferID();
  const auto input = save(*mr, xfer, name);
  const std::string input_bytes = fileBytes(input);
  const Pair p = runBoth(input, name);
  ASSERT_EQ(p.streamed.status, InstanceOutcome::Status::Kept) << p.streamed.reason;
  ASSERT_EQ(p.loaded.status, InstanceOutcome::Status::Kept) << p.loaded.reason;
  EXPECT_TRUE(p.streamed.pixel_data_streamed);
  EXPECT_FALSE(p.loaded.pixel_data_streamed);
  EXPECT_EQ(fileBytes(p.streamed_file), fileBytes(p.loaded_file));
  EXPECT_EQ(p.streamed.action_counts, p.loaded.action_counts);
  // DCMTK reads the streamed output back, in the same transfer syntax, with the input's pixels.
  DcmFileFormat out;
  ASSERT_TRUE(out.loadFile(p.streamed_file.c_str()).good());
  EXPECT_EQ(out.getDataset()->getOriginalXfer(), xfer);
  const std::string pixels = decodedPixels(p.streamed_file);
  EXPECT_EQ(pixels.size(), 96u * 80u * 2u);
  EXPECT_EQ(pixels, decodedPixels(input));
  EXPECT_EQ(fileBytes(input), input_bytes);  // input untouched
}

INSTANTIATE_TEST_SUITE_P(TransferSyntaxes, StreamedEqualsLoaded,
                         ::testing::Values(EXS_LittleEndianExplicit, EXS_LittleEndianImplicit, EXS_RLELossless));

TEST(PixelStream, TrailingPaddingIsDropped) {
  auto mr = makeLargerMr();
  const auto input = save(*mr, EXS_LittleEndianExplicit, "stream_padding");
  appendBytes(input, le16(0xFFFC) + le16(0xFFFC) + "OB" + std::string(2, '\0') + le32(6) + std::string(6, '\0'));
  const Pair p = runBoth(input, "stream_padding");
  ASSERT_EQ(p.streamed.status, InstanceOutcome::Status::Kept) << p.streamed.reason;
  EXPECT_TRUE(p.streamed.pixel_data_streamed);
  EXPECT_EQ(decodedPixels(p.streamed_file), decodedPixels(input));
  DcmFileFormat out;
  ASSERT_TRUE(out.loadFile(p.streamed_file.c_str()).good());
  EXPECT_FALSE(out.getDataset()->tagExists(DcmTagKey(0xFFFC, 0xFFFC)));
}

TEST(PixelStream, ElementsAfterPixelDataTakeTheFullLoad) {
  auto mr = makeLargerMr();
  const auto input = save(*mr, EXS_LittleEndianExplicit, "stream_trailing");
  // A private creator and a private value after the pixel data, carrying a planted name.
  appendBytes(input, le16(0x7FE1) + le16(0x0010) + "LO" + le16(8) + "VENDOR01" + le16(0x7FE1) + le16(0x1001) + "LO" +
                         le16(8) + "Doe^John");
  const Pair p = runBoth(input, "stream_trailing");
  ASSERT_EQ(p.streamed.status, InstanceOutcome::Status::Kept) << p.streamed.reason;
  EXPECT_FALSE(p.streamed.pixel_data_streamed);
  EXPECT_EQ(fileBytes(p.streamed_file), fileBytes(p.loaded_file));
  EXPECT_EQ(fileBytes(p.streamed_file).find("Doe^John"), std::string::npos);
}

TEST(PixelStream, OddLengthPixelDataTakesTheFullLoad) {
  auto mr = makeLargerMr();
  mr->getDataset()->findAndDeleteElement(DCM_PixelData);
  const auto input = save(*mr, EXS_LittleEndianExplicit, "stream_odd");
  appendBytes(input, le16(0x7FE0) + le16(0x0010) + "OB" + std::string(2, '\0') + le32(7) + "ABCDEFG");
  const Pair p = runBoth(input, "stream_odd");
  EXPECT_FALSE(p.streamed.pixel_data_streamed);
  EXPECT_EQ(p.streamed.status, p.loaded.status);
  if (p.streamed.status == InstanceOutcome::Status::Kept) {
    EXPECT_TRUE(readable(p.streamed_file));
    EXPECT_EQ(fileBytes(p.streamed_file), fileBytes(p.loaded_file));
  }
}

TEST(PixelStream, BrokenFragmentsTakeTheFullLoadAndNeverWriteACorruptFile) {
  DcmRLEEncoderRegistration::registerCodecs();
  auto mr = makeLargerMr();
  mr->getDataset()->findAndDeleteElement(DCM_PixelData);
  const auto input = save(*mr, EXS_RLELossless, "stream_fragments");
  // Undefined-length pixel data: an empty offset table, one fragment, and no sequence delimiter.
  appendBytes(input, le16(0x7FE0) + le16(0x0010) + "OB" + std::string(2, '\0') + le32(0xFFFFFFFFu) + le16(0xFFFE) +
                         le16(0xE000) + le32(0) + le16(0xFFFE) + le16(0xE000) + le32(8) + "RLEBYTES");
  const Pair p = runBoth(input, "stream_fragments");
  EXPECT_FALSE(p.streamed.pixel_data_streamed);
  EXPECT_EQ(p.streamed.status, p.loaded.status);
  if (p.streamed.status == InstanceOutcome::Status::Kept) {
    EXPECT_TRUE(readable(p.streamed_file));
  } else {
    EXPECT_FALSE(std::filesystem::exists(p.streamed_file));
  }
}

TEST(PixelStream, TruncatedPixelDataIsNotStreamed) {
  auto mr = makeLargerMr();
  const auto input = save(*mr, EXS_LittleEndianExplicit, "stream_truncated");
  std::filesystem::resize_file(input, std::filesystem::file_size(input) - 100);
  const Pair p = runBoth(input, "stream_truncated");
  EXPECT_FALSE(p.streamed.pixel_data_streamed);
  EXPECT_EQ(p.streamed.status, p.loaded.status);
  if (p.streamed.status == InstanceOutcome::Status::Kept) {
    EXPECT_TRUE(readable(p.streamed_file));
  }
}

TEST(PixelStream, DeflatedBigEndianAndFloatPixelsTakeTheFullLoad) {
  for (E_TransferSyntax xfer : {EXS_DeflatedLittleEndianExplicit, EXS_BigEndianExplicit}) {
    auto mr = makeLargerMr();
    const std::string name = std::string("stream_fallback_") + DcmXfer(xfer).getXferID();
    const auto input = save(*mr, xfer, name);
    const Pair p = runBoth(input, name);
    ASSERT_EQ(p.streamed.status, InstanceOutcome::Status::Kept) << p.streamed.reason;
    EXPECT_FALSE(p.streamed.pixel_data_streamed) << name;
    EXPECT_EQ(fileBytes(p.streamed_file), fileBytes(p.loaded_file)) << name;
  }
  auto mr = makeLargerMr();
  std::vector<Float32> floats(16, 1.5f);
  mr->getDataset()->putAndInsertFloat32Array(DcmTagKey(0x7FE0, 0x0008), floats.data(), 16);
  const auto input = save(*mr, EXS_LittleEndianExplicit, "stream_float");
  const Pair p = runBoth(input, "stream_float");
  EXPECT_FALSE(p.streamed.pixel_data_streamed);
  EXPECT_EQ(p.streamed.status, p.loaded.status);
}

TEST(PixelStream, WrittenHeaderFactsMatchTheFile) {
  auto mr = makeLargerMr();
  const auto input = save(*mr, EXS_LittleEndianExplicit, "stream_facts");
  const Pair p = runBoth(input, "stream_facts");
  ASSERT_EQ(p.streamed.status, InstanceOutcome::Status::Kept) << p.streamed.reason;
  const imaging::WrittenHeader& w = p.streamed.written;
  ASSERT_TRUE(w.present);
  DcmFileFormat out;
  ASSERT_TRUE(out.loadFile(p.streamed_file.c_str()).good());
  DcmDataset& ds = *out.getDataset();
  EXPECT_EQ(w.transfer_syntax_uid, str(*out.getMetaInfo(), DCM_TransferSyntaxUID));
  EXPECT_EQ(w.sop_instance_uid, str(ds, DCM_SOPInstanceUID));
  EXPECT_EQ(w.sop_instance_uid, p.streamed.new_sop_instance_uid);
  EXPECT_EQ(w.sop_class_uid, str(ds, DCM_SOPClassUID));
  EXPECT_EQ(w.patient_name, str(ds, DCM_PatientName));
  EXPECT_EQ(w.patient_id, str(ds, DCM_PatientID));
  EXPECT_EQ(w.study_instance_uid, str(ds, DCM_StudyInstanceUID));
  EXPECT_EQ(w.series_instance_uid, str(ds, DCM_SeriesInstanceUID));
  EXPECT_EQ(w.study_date, str(ds, DCM_StudyDate));
  EXPECT_EQ(w.study_description, str(ds, DCM_StudyDescription));
  EXPECT_EQ(w.modality, "MR");
  EXPECT_EQ(w.series_number, "3");
  EXPECT_TRUE(w.has_instance_number);
  EXPECT_EQ(w.instance_number, "1");
  EXPECT_NE(w.patient_name, kPatientName);
}

TEST(PixelStream, FilesWithoutPixelDataAreReadOnceAndWrittenLikeTheFullLoad) {
  auto mr = makeLargerMr();
  mr->getDataset()->findAndDeleteElement(DCM_PixelData);
  const auto input = save(*mr, EXS_LittleEndianExplicit, "stream_no_pixels");
  const Pair p = runBoth(input, "stream_no_pixels");
  ASSERT_EQ(p.streamed.status, InstanceOutcome::Status::Kept) << p.streamed.reason;
  EXPECT_FALSE(p.streamed.pixel_data_streamed);
  EXPECT_EQ(fileBytes(p.streamed_file), fileBytes(p.loaded_file));
}

TEST(PixelStream, EmptyPixelDataIsKept) {
  auto mr = makeLargerMr();
  mr->getDataset()->findAndDeleteElement(DCM_PixelData);
  const auto input = save(*mr, EXS_LittleEndianExplicit, "stream_empty_pixels");
  appendBytes(input, le16(0x7FE0) + le16(0x0010) + "OW" + std::string(2, '\0') + le32(0));
  const Pair p = runBoth(input, "stream_empty_pixels");
  ASSERT_EQ(p.streamed.status, p.loaded.status);
  if (p.streamed.status == InstanceOutcome::Status::Kept) {
    DcmFileFormat out;
    ASSERT_TRUE(out.loadFile(p.streamed_file.c_str()).good());
    EXPECT_TRUE(out.getDataset()->tagExists(DCM_PixelData));
  }
}

// The pydicom corpus (compressed, multi-frame, big endian, deflated, odd and damaged files): the
// streamed path must give exactly the full load's result, file for file.
TEST(PixelStream, PydicomCorpusStreamedEqualsFullLoad) {
  const std::filesystem::path corpus(PYDICOM_TEST_FILES);
  if (!std::filesystem::is_directory(corpus)) GTEST_FAIL() << "pydicom corpus missing: " << corpus;
  const auto dir = workDir("stream_corpus");
  auto config = makeConfig(imaging::Profile::defaultProfile());
  config.include_burned_in = true;
  imaging::PatientContext patient;
  patient.pseudonym = {"ANON^CORPUS", "SS-CORPUS"};
  patient.date_offset_days = -100;
  config.stream_pixel_data = true;
  const imaging::Deidentifier streaming(config);
  config.stream_pixel_data = false;
  const imaging::Deidentifier loading(config);
  std::size_t streamed = 0, compared = 0, n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    if (!entry.is_regular_file() || entry.file_size() > 8'000'000) continue;
    const auto a = dir / ("s" + std::to_string(n) + ".dcm");
    const auto b = dir / ("l" + std::to_string(n++) + ".dcm");
    const InstanceOutcome s = streaming.deidentifyFile(entry.path(), a, patient, false);
    const InstanceOutcome l = loading.deidentifyFile(entry.path(), b, patient, false);
    EXPECT_EQ(s.status, l.status) << entry.path() << ": " << s.reason << " / " << l.reason;
    if (s.status != InstanceOutcome::Status::Kept || l.status != InstanceOutcome::Status::Kept) continue;
    ++compared;
    streamed += s.pixel_data_streamed;
    const std::string sb = fileBytes(a), lb = fileBytes(b);
    if (sb != lb) {
      // Only trailing padding may differ: the streamed file drops it, so it must be the shorter.
      DcmFileFormat in;
      const bool padded = in.loadFile(entry.path().c_str()).good() &&
                          in.getDataset()->tagExists(DcmTagKey(0xFFFC, 0xFFFC));
      EXPECT_TRUE(padded && lb.compare(0, sb.size(), sb) == 0) << entry.path() << " differs";
    }
    EXPECT_TRUE(readable(a)) << entry.path();
    if (sb == lb) {
      std::filesystem::remove(a);
      std::filesystem::remove(b);
    }
  }
  EXPECT_GT(compared, 50u);
  EXPECT_GT(streamed, 30u);
  RecordProperty("streamed", static_cast<int>(streamed));
  RecordProperty("compared", static_cast<int>(compared));
}

TEST(PixelStream, NestedIconPixelDataStaysInTheHeader) {
  auto mr = makeLargerMr();
  DcmItem* icon = nullptr;
  ASSERT_TRUE(mr->getDataset()->findOrCreateSequenceItem(DCM_IconImageSequence, icon, 0).good());
  icon->putAndInsertUint16(DCM_SamplesPerPixel, 1);
  icon->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  icon->putAndInsertUint16(DCM_Rows, 64);
  icon->putAndInsertUint16(DCM_Columns, 64);
  icon->putAndInsertUint16(DCM_BitsAllocated, 8);
  icon->putAndInsertUint16(DCM_BitsStored, 8);
  icon->putAndInsertUint16(DCM_HighBit, 7);
  icon->putAndInsertUint16(DCM_PixelRepresentation, 0);
  std::vector<Uint8> thumb(64 * 64, 0x5A);
  icon->putAndInsertUint8Array(DCM_PixelData, thumb.data(), static_cast<unsigned long>(thumb.size()));
  const auto input = save(*mr, EXS_LittleEndianExplicit, "stream_icon");
  const Pair p = runBoth(input, "stream_icon");
  ASSERT_EQ(p.streamed.status, InstanceOutcome::Status::Kept) << p.streamed.reason;
  ASSERT_EQ(p.loaded.status, InstanceOutcome::Status::Kept) << p.loaded.reason;
  EXPECT_TRUE(p.streamed.pixel_data_streamed);
  EXPECT_EQ(fileBytes(p.streamed_file), fileBytes(p.loaded_file));
  EXPECT_EQ(decodedPixels(p.streamed_file), decodedPixels(input));
}
