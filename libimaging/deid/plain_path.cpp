// The plain path of deidentifyFile (plain_path.h).
#include "plain_path.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "burned_in.h"
#include "compressed_bits.h"
#include "declared_pixels.h"
#include "deid_marks.h"
#include "output_charset.h"
#include "dataset_engine.h"
#include "dataset_values.h"
#include "imaging_bridge/fd_streams.h"
#include "imaging_bridge/plain_dataset.h"
#include "pixel_stream.h"
#include "plain_tree.h"
#include "written_header.h"

namespace imaging::deid {
namespace {

// The plain path's file: the header made by writePlainTree, then the input's Pixel Data element
// (from the bytes the door holds, else copied by the kernel). Returns "" or the reason.
std::string writePlainOutput(const std::string& header, const std::filesystem::path& output,
                             const InputFile& input, const HeaderResult& pixels, const SampleBits& bits,
                             const StreamedRewrite& rewrite, std::uint64_t& bytes_written) {
  const int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return std::string("cannot write output: ") + std::strerror(errno);
  std::string failure;
  const bool pixels_follow = pixels.kind == HeaderLoad::PixelDataFollows;
  const std::size_t pixel_size = pixels_follow ? static_cast<std::size_t>(pixels.end - pixels.begin) : 0;
  const bool rewritten = pixels_follow && !rewrite.pieces.empty();
  const char* in_memory = pixels_follow && !rewritten ? input.headBytes(pixels.begin, pixel_size) : nullptr;
  // Native samples lose the bits outside the stored range (an embedded overlay), as on DCMTK's path.
  const bool stored_bits_only = pixels_follow && pixels.native && bits.hasUnusedBits();
  int error = 0;
  if (in_memory != nullptr) {
    const std::size_t value_offset = static_cast<std::size_t>(pixels.value_begin - pixels.begin);
    const char* value = in_memory + value_offset;
    const std::size_t value_size = pixel_size - value_offset;
    if (stored_bits_only && anyBitsOutsideStored(value, value_size, bits)) {
      // Only then a copy, to change: the door's bytes stay as read.
      std::string whole;
      whole.reserve(header.size() + pixel_size);
      whole += header;
      whole.append(in_memory, pixel_size);
      keepStoredBits(whole.data() + header.size() + value_offset, value_size, bits);
      error = bridge::writeAll(fd, whole.data(), whole.size());
    } else {
      error = bridge::writeBoth(fd, header.data(), header.size(), in_memory, pixel_size);
    }
  } else {
    error = bridge::writeAll(fd, header.data(), header.size());
  }
  if (error != 0) failure = std::string("cannot write output: ") + std::strerror(error);
  else if (rewritten)
    failure = appendPieces(input, rewrite.pieces, fd, header.size());
  else if (pixels_follow && in_memory == nullptr && stored_bits_only)
    failure = appendStoredBits(input.fd(), pixels.begin, pixels.value_begin, pixels.end, fd, header.size(), bits);
  else if (pixels_follow && in_memory == nullptr)
    failure = appendRawBytes(input.fd(), pixels.begin, pixels.end, fd, header.size());
  bytes_written = header.size() + (rewritten ? rewrite.size : pixel_size);
  if (::close(fd) != 0 && failure.empty()) failure = std::string("cannot write output: ") + std::strerror(errno);
  return failure;
}

std::uint32_t tagOf(const DcmTagKey& k) { return (std::uint32_t{k.getGroup()} << 16) | k.getElement(); }

// A top-level US value of the tree (0 when absent or not one 16-bit number).
unsigned treeUint16(const TreeItem& item, const DcmTagKey& tag, bool& present) {
  const TreeElement* e = findElement(item, tagOf(tag));
  present = e != nullptr && !e->removed && e->evr == EVR_US && e->bytes().size() == 2;
  if (!present) return 0;
  const std::string_view b = e->bytes();
  return static_cast<unsigned>(static_cast<unsigned char>(b[0])) | static_cast<unsigned>(static_cast<unsigned char>(b[1])) << 8;
}

// The same answer as the DCMTK path's sampleBitsOf.
SampleBits sampleBitsOf(const TreeItem& d) {
  bool a = false, s = false, h = false, r = false;
  SampleBits bits;
  bits.allocated = treeUint16(d, DCM_BitsAllocated, a);
  bits.stored = treeUint16(d, DCM_BitsStored, s);
  bits.high = treeUint16(d, DCM_HighBit, h);
  bits.is_signed = treeUint16(d, DCM_PixelRepresentation, r) == 1;
  if (!a || !s || !h) return SampleBits{};
  return bits;
}

// A string element's value as DCMTK answers it (normalised or machine string); PlainUnsupported
// for a value of another VR, whose formatting is DCMTK's.
std::string treeString(const TreeItem& item, const DcmTagKey& tag, bool normalized) {
  const TreeElement* e = findElement(item, tagOf(tag));
  if (e == nullptr) return {};
  if (!bridge::PlainDataSet::isStringVrCode(e->vr)) throw PlainUnsupported();
  return normalized ? treeValue(*e) : treeMachineString(*e);
}

// The same answer as pixelLayoutOf on DCMTK's tree.
PixelLayout pixelLayoutOf(const TreeItem& d) {
  PixelLayout layout;
  bool present = false;
  layout.rows = treeUint16(d, DCM_Rows, present);
  layout.columns = treeUint16(d, DCM_Columns, present);
  layout.bits_allocated = treeUint16(d, DCM_BitsAllocated, present);
  const unsigned samples = treeUint16(d, DCM_SamplesPerPixel, present);
  if (present) layout.samples = samples;
  setFramesFromText(layout, findElement(d, tagOf(DCM_NumberOfFrames)) != nullptr,
                    treeString(d, DCM_NumberOfFrames, true));
  layout.photometric = treeString(d, DCM_PhotometricInterpretation, true);
  return layout;
}

// writtenHeader() and readRecordKeys() of the tree as it will be written.
WrittenHeader writtenHeader(const TreeItem& d, const std::string& transfer_syntax_uid) {
  return writtenHeaderFrom(
      transfer_syntax_uid, [&](const DcmTagKey& tag) { return treeString(d, tag, false); },
      [&](std::string& out) {
        if (findElement(d, tagOf(DCM_InstanceNumber)) == nullptr) return false;
        out = treeString(d, DCM_InstanceNumber, false);
        return true;
      });
}

void readRecordKeys(const TreeItem& d, const std::vector<std::uint32_t>& tags, WrittenHeader& w) {
  for (const std::uint32_t t : tags) {
    const DcmTagKey tag(static_cast<Uint16>(t >> 16), static_cast<Uint16>(t & 0xFFFF));
    if (findElement(d, t) != nullptr) {
      w.record_keys.emplace_back(t, treeString(d, tag, true));
    } else if (tag == DCM_VerificationDateTime) {
      const TreeElement* observers = findElement(d, tagOf(DCM_VerifyingObserverSequence));
      if (observers == nullptr) continue;
      if (!observers->isSequence()) throw PlainUnsupported();
      if (observers->items.empty()) continue;
      const TreeItem& last = observers->items.back();
      if (findElement(last, t) == nullptr) continue;
      std::string v = treeString(last, tag, true);
      if (!v.empty()) w.record_keys.emplace_back(t, std::move(v));
    }
  }
  const TreeElement* concept_name = findElement(d, tagOf(DCM_ConceptNameCodeSequence));
  if (concept_name != nullptr && !concept_name->isSequence()) throw PlainUnsupported();
  if (concept_name != nullptr && !concept_name->items.empty()) {
    const TreeItem& code = concept_name->items.front();
    w.concept_code_value = treeString(code, DCM_CodeValue, true);
    w.concept_coding_scheme = treeString(code, DCM_CodingSchemeDesignator, true);
    w.concept_code_meaning = treeString(code, DCM_CodeMeaning, true);
  }
  w.record_keys_captured = true;
}

}  // namespace

// The same steps as deidentifyFile's on DCMTK's tree, in the same order.

bool deidentifyPlain(const DeidConfig& config, const TreeMarks& marks, const bridge::DicomFile& opened,
                     const std::filesystem::path& output, const PatientContext& patient, InstanceOutcome& outcome) {
  std::optional<PlainTree> read = readPlainTree(opened.input(), *opened.plain());
  if (!read) return false;
  PlainTree& tree = *read;
  TreeItem& d = tree.dataset;
  InstanceOutcome result;
  try {
    // Native pixel data longer than its image is cut by DCMTK's path (declared_pixels.h), and so
    // is float pixel data, which that path checks.
    if (tree.pixels.native &&
        fitNativePixels(pixelLayoutOf(d), tree.pixels.end - tree.pixels.value_begin).fit != PixelFit::Fits)
      return false;
    if (findElement(d, 0x7FE00008u) != nullptr || findElement(d, 0x7FE00009u) != nullptr) return false;
    // Compressed frames that may hide bits above High Bit: DCMTK's path decodes or refuses them;
    // frames that cannot hold one stay here (compressed_bits.h).
    const bool encapsulated = tree.pixels.kind == HeaderLoad::PixelDataFollows && !tree.pixels.native;
    const SampleBits bits = sampleBitsOf(d);
    const CompressedBitsRoute route = compressedBitsRoute(tree.transfer_syntax_uid, encapsulated, bits);
    std::string why;
    if (route == CompressedBitsRoute::DecodeWithDcmtk
            ? judgeRleFrames(opened.input(), tree.pixels, bits) != FrameVerdict::Clean
            : route != CompressedBitsRoute::None &&
                  checkStreamedFrames(opened.input(), tree.pixels, route, bits, why) != CompressedBitsResult::Unchanged)
      return false;
    const std::string sop_class = treeString(d, DCM_SOPClassUID, true);  // the input's: policy decides on it
    if (const auto reason = exclusionReason(
            config, {sop_class, treeString(d, DCM_Modality, true), treeString(d, DCM_BurnedInAnnotation, true),
                     treeString(d, DCM_ImageType, true), treeString(d, DCM_PhotometricInterpretation, true),
                     tree.transfer_syntax_uid})) {
      result.status = InstanceOutcome::Status::Excluded;
      result.code = reason->code;
      result.reason = reason->detail;
      outcome = std::move(result);
      return true;
    }
    if (treeString(d, DCM_SOPInstanceUID, true).empty()) return false;  // DCMTK's path words the failure

    const std::string original_charset = treeString(d, DCM_SpecificCharacterSet, true);
    // readPlainTree took only charsets that convert byte for byte; Latin-1 text is UTF-8 already.
    const bool converted = !original_charset.empty() && original_charset != "ISO_IR 192" && original_charset != "ISO_IR 6";
    DatasetEngine run(config, patient, /*record=*/false, result);
    run.setTextUnreliable(false);
    run.prepare(d);
    run.run(d);
    if (findElement(d, tagOf(DCM_PatientName)) == nullptr) {
      putElement(d, tagOf(DCM_PatientName), "PN", patient.pseudonym.name);
      run.count("pseudonym");
    }
    if (findElement(d, tagOf(DCM_PatientID)) == nullptr) {
      putElement(d, tagOf(DCM_PatientID), "LO", patient.pseudonym.id);
      run.count("pseudonym");
    }
    // JPEG frames lose their comment and application segments (jpeg_segments.h); a frame whose
    // header cannot be walked is refused rather than copied unread.
    StreamedRewrite rewrite;
    if (isJpegFamilyTransferSyntax(tree.transfer_syntax_uid)) rewrite = planStreamedJpegStrip(opened.input(), tree.pixels);
    if (rewrite.result == JpegStripResult::Unsafe) {
      result.status = InstanceOutcome::Status::Failed;
      result.code = OutcomeCode::InputUnsafeStructure;
      result.reason = rewrite.reason;
      outcome = std::move(result);
      return true;
    }
    if (!rewrite.pieces.empty()) {
      // The Extended Offset Table (Type 3) no longer matches the fragments: it goes.
      for (const std::uint32_t tag : {0x7FE00001u, 0x7FE00002u})
        if (TreeElement* e = findElement(d, tag)) e->removed = true;
    }
    markTree(d, marks);
    setCharacterSet(d, original_charset, converted, hasNonAsciiReplace(config));

    result.new_sop_instance_uid = treeString(d, DCM_SOPInstanceUID, true);
    result.new_series_instance_uid = treeString(d, DCM_SeriesInstanceUID, true);
    result.new_study_instance_uid = treeString(d, DCM_StudyInstanceUID, true);
    for (const DcmTagKey& k : metaNotCarriedOver())
      if (std::find(tree.meta_tags.begin(), tree.meta_tags.end(), tagOf(k)) != tree.meta_tags.end()) run.count("remove");

    if (!output.empty()) {
      WrittenHeader written = writtenHeader(d, tree.transfer_syntax_uid);
      if (config.record_key_tags) readRecordKeys(d, config.record_key_tags(sop_class), written);
      const std::optional<std::string> header =
          writePlainTree(tree, written.sop_class_uid, written.sop_instance_uid);
      if (!header || written.sop_class_uid.empty()) return false;
      std::uint64_t bytes_written = 0;
      const std::string failure =
          writePlainOutput(*header, output, opened.input(), tree.pixels, sampleBitsOf(d), rewrite, bytes_written);
      if (!failure.empty()) {
        result.status = InstanceOutcome::Status::Failed;
        result.code = OutcomeCode::OutputWriteFailed;
        result.reason = failure;
        result.output_error = true;
        std::error_code ec;
        std::filesystem::remove(output, ec);
        outcome = std::move(result);
        return true;
      }
      result.pixel_data_streamed = tree.pixels.kind == HeaderLoad::PixelDataFollows;
      written.file_size = bytes_written;
      result.written = std::move(written);
    }
  } catch (const PlainUnsupported&) {
    return false;
  }
  result.status = InstanceOutcome::Status::Kept;
  result.code = OutcomeCode::None;
  result.reason.clear();
  outcome = std::move(result);
  notePlainEngineUse();
  return true;
}

}  // namespace imaging::deid
