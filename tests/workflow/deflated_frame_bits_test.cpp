// Red team C, C1 (2026-12-06): Deflated Image Frame Compression (1.2.840.10008.1.2.8.1, newer than
// DCMTK 3.6.7, streamed only) carried an embedded overlay in bit 15 of a 12-bit image. Each frame
// is inflated and checked: one with such bits fails the file with a typed reason; a clean one is
// copied as before.
#include <gtest/gtest.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dctk.h>
#include <zlib.h>

#include <vector>

#include "export_fixtures.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/anonymize.h"
#include "workflow_fixture.h"

namespace fs = std::filesystem;

namespace {

// The fixture's 16x16 image (Bits Stored 12) as one raw-deflated frame; bit 15 set in some samples.
void writeDeflatedFrame(const fs::path& path, const export_fixtures::Spec& spec, bool overlay) {
  export_fixtures::write(path, spec);
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(path.c_str()).good());
  file.loadAllDataIntoMemory();
  std::vector<Uint16> samples(256);
  for (std::size_t i = 0; i < samples.size(); ++i) samples[i] = static_cast<Uint16>((i * 7) % 4096 | (overlay && i % 5 == 0 ? 0x8000 : 0));
  std::vector<unsigned char> packed(compressBound(512));
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(samples.data());
  z.avail_in = 512;
  z.next_out = packed.data();
  z.avail_out = static_cast<uInt>(packed.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  packed.resize(z.total_out + (z.total_out % 2));
  deflateEnd(&z);
  auto* sequence = new DcmPixelSequence(DcmTag(DCM_PixelData, EVR_OB));
  sequence->insert(new DcmPixelItem(DcmTag(DCM_Item, EVR_OB)));
  auto* fragment = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
  fragment->putUint8Array(packed.data(), static_cast<unsigned long>(packed.size()));
  sequence->insert(fragment);
  auto* pixel = new DcmPixelData(DCM_PixelData);
  pixel->putOriginalRepresentation(EXS_RLELossless, nullptr, sequence);
  file.getDataset()->insert(pixel, true);
  ASSERT_TRUE(file.saveFile(path.c_str(), EXS_RLELossless).good());
  export_fixtures::overrideTransferSyntax(path, "1.2.840.10008.1.2.8.1");
}

}  // namespace

TEST(DeflatedFrameBits, AFrameWithBitsAboveHighBitFailsTheFileACleanOneIsKept) {
  const fs::path root = export_fixtures::freshDir("deflated_frame_bits");
  const fs::path in = root / "in";
  export_fixtures::Spec clean;
  writeDeflatedFrame(in / "clean", clean, false);
  export_fixtures::Spec hidden = clean;
  hidden.sop_uid += ".2";
  hidden.instance_number = 2;
  writeDeflatedFrame(in / "hidden", hidden, true);
  imaging::AnonymizeOptions o;
  o.deid = imaging::makeDeidConfig(workflow_fixture::testKey(), imaging::Profile::defaultProfile());
  const auto r = imaging::AnonymizeJob(imaging::scan(in), o).run(root / "out");
  EXPECT_EQ(r.kept, 1u);
  ASSERT_EQ(r.failed, 1u);
  for (const auto& f : r.files) {
    if (f.status == imaging::InstanceOutcome::Status::Failed) {
      EXPECT_EQ(f.code, imaging::OutcomeCode::InputPixelBitsUnchecked) << f.reason;
    }
  }
}
