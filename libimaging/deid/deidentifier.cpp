// The file layer of de-identification: opens a file through the door, runs the engine on its data
// set (dataset_engine.h), marks it (deid_marks.h), chooses the character set (output_charset.h)
// and writes header and pixel data through one descriptor.
#include "imaging/deid/deidentifier.h"

#include <fcntl.h>
#include <unistd.h>

#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcwcache.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <unordered_map>
#include <vector>

#include "action_table.h"
#include "dataset_engine.h"
#include "compressed_bits.h"
#include "dataset_values.h"
#include "declared_pixels.h"
#include "deid_marks.h"
#include "output_charset.h"
#include "burned_in.h"
#include "imaging/deid/date_shift.h"
#include "harvest.h"
#include "imaging/core/error.h"
#include "imaging/text/free_text.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/element_index.h"
#include "imaging_bridge/fd_streams.h"
#include "imaging_bridge/record_keys.h"
#include "iod_types.h"
#include "pixel_stream.h"
#include "plain_path.h"
#include "written_header.h"
#include "safe_private.h"
#include "unknown_vr.h"

namespace imaging {
namespace {

using deid::hasNonAsciiText;
using deid::markDataset;
using deid::setCharacterSet;

// Top-level values as DCMTK reads them back from the written file (all values, backslash separated).
WrittenHeader writtenHeader(DcmDataset& d, E_TransferSyntax xfer) {
  const bridge::ElementIndex index(d);
  return deid::writtenHeaderFrom(
      DcmXfer(xfer).getXferID(), [&](const DcmTagKey& tag) { return index.string(tag); },
      [&](std::string& out) {
        OFString value;
        DcmElement* element = index.find(DCM_InstanceNumber);
        if (element == nullptr || element->getOFStringArray(value, OFFalse).bad()) return false;
        out.assign(value.c_str(), value.length());
        return true;
      });
}

}  // namespace

std::optional<AttributeKey> parseAttributeKeyword(const std::string& text) {
  bridge::ensureDcmtkReady();
  DcmTagKey key;
  unsigned g = 0, e = 0;
  if (std::sscanf(text.c_str(), "(%4x,%4x)", &g, &e) == 2 || std::sscanf(text.c_str(), "%4x,%4x", &g, &e) == 2) {
    key = DcmTagKey(static_cast<Uint16>(g), static_cast<Uint16>(e));
  } else {
    DcmTag tag;
    if (DcmTag::findTagFromName(text.c_str(), tag).bad()) return std::nullopt;
    key = tag.getXTag();
  }
  DcmTag tag(key);
  if ((key.getGroup() & 1u) != 0 || key.getGroup() == 0 || std::string(tag.getTagName()) == DcmTag_ERROR_TagName)
    return std::nullopt;
  return AttributeKey{key.getGroup(), key.getElement()};
}

std::string attributeKeyword(AttributeKey key) {
  bridge::ensureDcmtkReady();
  DcmTag tag(key.group, key.element);
  std::string name = tag.getTagName();
  if (name.empty() || name == DcmTag_ERROR_TagName) name = bridge::formatTag(DcmTagKey(key.group, key.element));
  return name;
}

struct Deidentifier::Impl {
  DeidConfig config;
  deid::TreeMarks marks;  // the plain path's de-identification marks, the same in every file
};

Deidentifier::Deidentifier(DeidConfig config) : impl_(std::make_unique<Impl>()) {
  for (const AttributeOverride& rule : config.overrides)
    if (const auto why = overrideProblem(rule))
      throw Error(ErrorCode::InvalidArgument, std::string(overrideActionName(rule.action)) + " rule refused: " + *why);
  impl_->config = std::move(config);
  impl_->marks = deid::treeMarks(impl_->config);
}

Deidentifier::~Deidentifier() = default;

const DeidConfig& Deidentifier::config() const noexcept { return impl_->config; }

namespace {

// Everything exclusionReason and screensPixels read of an instance (decisionKey spells it out).
deid::ExclusionFacts exclusionFactsOf(const Instance& instance, const Series& series) {
  return {instance.sop_class_uid,        series.modality, instance.burned_in_annotation, instance.image_type,
          instance.photometric_interpretation, instance.transfer_syntax_uid};
}

}  // namespace

std::optional<Exclusion> Deidentifier::exclusionReason(const Instance& instance, const Series& series) const {
  return deid::exclusionReason(impl_->config, exclusionFactsOf(instance, series));
}

bool Deidentifier::screensPixels(const Instance& instance, const Series& series) const {
  // No pixels, no burned-in text (pydicom's character set samples are CR headers without pixels).
  return instance.has_pixel_data && deid::screensPixels(impl_->config, exclusionFactsOf(instance, series));
}

std::string Deidentifier::decisionKey(const Instance& instance, const Series& series) const {
  const deid::ExclusionFacts facts = exclusionFactsOf(instance, series);
  std::string key(1, instance.has_pixel_data ? 'P' : 'N');
  for (const std::string* fact : {&facts.sop_class_uid, &facts.modality, &facts.burned_in_annotation, &facts.image_type,
                                  &facts.photometric_interpretation, &facts.transfer_syntax_uid}) {
    key += std::to_string(fact->size());  // length first: no two different sets of facts share a key
    key += ':';
    key += *fact;
  }
  return key;
}

namespace {

// A top-level value as text whatever VR it was written with: a Burned In Annotation of YES written
// as UN (or OB) must exclude the image as the CS one does (the engine turns it into CS later).
std::string textOfAnyVr(DcmDataset& dataset, const DcmTagKey& tag) {
  DcmElement* elem = nullptr;
  if (dataset.findAndGetElement(tag, elem, OFFalse).bad() || elem == nullptr) return {};
  const DcmEVR vr = elem->ident();
  if ((vr == EVR_UN || vr == EVR_OB) && elem->getLength() <= 64) return bridge::rawText(*elem);
  return bridge::getString(dataset, tag);
}

// The full-load path's pixel data (in memory, host byte order) loses the bits outside the stored
// range, as the streamed copy does (keepStoredBits). Encapsulated data has no such bits to see;
// 32-bit samples of a big endian file come through DCMTK's 16-bit swap and are left alone.
void keepStoredBitsInMemory(DcmDataset& dataset, E_TransferSyntax xfer, const deid::SampleBits& bits) {
  const DcmXfer syntax(xfer);
  if (!bits.hasUnusedBits() || syntax.isEncapsulated() || gLocalByteOrder != EBO_LittleEndian) return;
  if (bits.allocated == 32 && syntax.isBigEndian()) return;
  DcmElement* pixels = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, pixels, OFFalse).bad() || pixels == nullptr) return;
  const unsigned long length = pixels->getLength();
  if (length == 0 || length == DCM_UndefinedLength) return;
  if (pixels->getTag().getEVR() == EVR_OW) {
    Uint16* words = nullptr;
    if (pixels->getUint16Array(words).good() && words != nullptr)
      deid::keepStoredBits(reinterpret_cast<char*>(words), length, bits);
  } else {
    Uint8* bytes = nullptr;
    if (pixels->getUint8Array(bytes).good() && bytes != nullptr)
      deid::keepStoredBits(reinterpret_cast<char*>(bytes), length, bits);
  }
}

// The full-load path's encapsulated JPEG pixel data with planJpegStrip applied to its items in
// memory (the streamed path does the same while copying).
deid::JpegStripResult stripJpegSegmentsInMemory(DcmDataset& dataset, E_TransferSyntax xfer, std::string& reason) {
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element, OFFalse).bad() || element == nullptr)
    return deid::JpegStripResult::Unchanged;
  DcmPixelSequence* sequence = nullptr;
  if (static_cast<DcmPixelData*>(element)->getEncapsulatedRepresentation(xfer, nullptr, sequence).bad() ||
      sequence == nullptr || sequence->card() == 0)
    return deid::JpegStripResult::Unchanged;  // native data in a JPEG syntax: nothing to walk
  std::vector<DcmPixelItem*> items;
  std::vector<const Uint8*> bytes;
  std::vector<std::uint64_t> lengths;
  for (unsigned long i = 0; i < sequence->card(); ++i) {
    DcmPixelItem* item = nullptr;
    Uint8* data = nullptr;
    if (sequence->getItem(item, i).bad() || item == nullptr) return deid::JpegStripResult::Unchanged;
    if (item->getLength() > 0 && (item->getUint8Array(data).bad() || data == nullptr)) {
      reason = "a pixel data fragment cannot be read";
      return deid::JpegStripResult::Unsafe;
    }
    if (i == 0) continue;  // the Basic Offset Table
    items.push_back(item);
    bytes.push_back(data);
    lengths.push_back(item->getLength());
  }
  std::vector<std::uint32_t> offsets;
  DcmPixelItem* table = nullptr;
  sequence->getItem(table, 0);
  Uint8* table_bytes = nullptr;
  const unsigned long table_length = table->getLength();
  if (table_length % 4 != 0) {
    reason = "the Basic Offset Table's length is not a whole number of offsets";
    return deid::JpegStripResult::Unsafe;
  }
  if (table_length > 0 && table->getUint8Array(table_bytes).good() && table_bytes != nullptr)
    for (unsigned long i = 0; i < table_length; i += 4)
      offsets.push_back(static_cast<std::uint32_t>(table_bytes[i]) | static_cast<std::uint32_t>(table_bytes[i + 1]) << 8 |
                        static_cast<std::uint32_t>(table_bytes[i + 2]) << 16 |
                        static_cast<std::uint32_t>(table_bytes[i + 3]) << 24);
  const deid::JpegStripPlan plan =
      deid::planJpegStrip(lengths, offsets, [&](std::size_t i, std::uint64_t off, unsigned char* out, std::size_t n) {
        if (off + n > lengths[i]) return false;
        std::memcpy(out, bytes[i] + off, n);
        return true;
      });
  reason = plan.reason;
  if (plan.result != deid::JpegStripResult::Changed) return plan.result;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (plan.fragments[i].empty()) continue;
    const std::string fragment = deid::assembleFragment(plan.fragments[i], bytes[i]);
    if (items[i]->putUint8Array(reinterpret_cast<const Uint8*>(fragment.data()), static_cast<unsigned long>(fragment.size())).bad()) {
      reason = "a pixel data fragment cannot be rewritten";
      return deid::JpegStripResult::Unsafe;
    }
  }
  if (!plan.offsets.empty()) {
    std::vector<Uint8> out;
    for (const std::uint32_t o : plan.offsets)
      for (int k = 0; k < 4; ++k) out.push_back(static_cast<Uint8>((o >> (8 * k)) & 0xFF));
    table->putUint8Array(out.data(), static_cast<unsigned long>(out.size()));
  }
  return plan.result;
}

// Native pixel data (Pixel Data, Float and Double Float Pixel Data) longer than the image its
// header declares loses the surplus on the full load (the streamed paths send such files here):
// no viewer shows those bytes, so a frame hidden there would leave unseen. Refused when the cut
// is not certain (declared_pixels.h).
enum class SurplusCut { None, Cut, Refused };

template <class T>
bool keepFirst(T* values, unsigned long count, std::vector<T>& copy) {
  if (values == nullptr) return false;
  copy.assign(values, values + count);
  return true;
}

SurplusCut cutPixelSurplus(DcmDataset& dataset, E_TransferSyntax xfer) {
  const deid::PixelLayout layout = deid::pixelLayoutOf(dataset);
  const std::pair<DcmTagKey, unsigned> kinds[] = {
      {DCM_PixelData, 0}, {DCM_FloatPixelData, 4}, {DCM_DoubleFloatPixelData, 8}};
  SurplusCut result = SurplusCut::None;
  for (const auto& [tag, bytes_per_sample] : kinds) {
    DcmElement* element = nullptr;
    if (dataset.findAndGetElement(tag, element, OFFalse).bad() || element == nullptr) continue;
    if (tag == DCM_PixelData && DcmXfer(xfer).isEncapsulated()) continue;
    const Uint32 length = element->getLength();
    if (length == 0 || length == DCM_UndefinedLength) continue;
    const deid::PixelFitResult fit = deid::fitNativePixels(layout, length, bytes_per_sample);
    if (fit.fit == deid::PixelFit::Fits) continue;
    if (fit.fit == deid::PixelFit::Uncuttable) return SurplusCut::Refused;
    const auto keep = static_cast<unsigned long>(fit.declared_bytes);
    bool done = false;
    if (tag == DCM_FloatPixelData) {
      Float32* values = nullptr;
      std::vector<Float32> copy;
      done = element->getFloat32Array(values).good() && keepFirst(values, keep / 4, copy) &&
             element->putFloat32Array(copy.data(), copy.size()).good();
    } else if (tag == DCM_DoubleFloatPixelData) {
      Float64* values = nullptr;
      std::vector<Float64> copy;
      done = element->getFloat64Array(values).good() && keepFirst(values, keep / 8, copy) &&
             element->putFloat64Array(copy.data(), copy.size()).good();
    } else if (element->getTag().getEVR() == EVR_OW) {
      Uint16* words = nullptr;
      std::vector<Uint16> copy;
      done = element->getUint16Array(words).good() && keepFirst(words, keep / 2, copy) &&
             element->putUint16Array(copy.data(), copy.size()).good();
    } else {
      Uint8* bytes = nullptr;
      std::vector<Uint8> copy;
      done = element->getUint8Array(bytes).good() && keepFirst(bytes, keep, copy) &&
             element->putUint8Array(copy.data(), copy.size()).good();
    }
    if (!done || element->getLength() != keep) return SurplusCut::Refused;
    result = SurplusCut::Cut;
  }
  return result;
}

bool zeroPreamble(int fd) {
  const char zeros[128] = {};
  ssize_t n = 0;
  do n = ::pwrite(fd, zeros, sizeof zeros, 0);
  while (n < 0 && errno == EINTR);
  return n == static_cast<ssize_t>(sizeof zeros);
}

// Writes the de-identified file through a descriptor created here: the header by DCMTK (what
// DcmFileFormat::saveFile does, but with every write error seen), then, after a header-only load,
// the input's pixel data appended raw to the same open file. Returns "" or the reason; encode_error
// is set when DCMTK could not encode this input (the file's fault, not the output's).
std::string writeOutput(DcmFileFormat& fileformat, E_TransferSyntax xfer, const std::filesystem::path& output,
                        const deid::InputFile& input, const deid::HeaderResult& header, const deid::SampleBits& bits,
                        const deid::StreamedRewrite& rewrite, bool& encode_error, std::uint64_t& bytes_written) {
  const int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return std::string("cannot write output: ") + std::strerror(errno);
  std::string failure;
  {
    bridge::FdOutputStream stream(fd);
    DcmWriteCache cache;
    const OFCondition written = deid::writeFileFormat(fileformat, stream, xfer, header.foreign_transfer_syntax, &cache);
    // The pixel data of a small file is already in memory (the door read the whole file once): it
    // goes out with the header in one write instead of a copy_file_range of its own.
    const bool pixels_follow = header.kind == deid::HeaderLoad::PixelDataFollows;
    const bool rewritten = pixels_follow && !rewrite.pieces.empty();
    const char* pixels = pixels_follow && !rewritten && written.good() && stream.error() == 0
                             ? input.headBytes(header.begin, static_cast<std::size_t>(header.end - header.begin))
                             : nullptr;
    const bool stored_bits_only = pixels_follow && header.native && bits.hasUnusedBits();
    std::string masked;
    // In memory: copied and masked only where a bit is set outside the stored range (checking is
    // cheaper than copying); from disk the masked copy runs anyway, chunk by chunk.
    const std::size_t value_at = static_cast<std::size_t>(header.value_begin - header.begin);
    const std::size_t pixel_size = static_cast<std::size_t>(header.end - header.begin);
    if (pixels != nullptr && stored_bits_only &&
        deid::anyBitsOutsideStored(pixels + value_at, pixel_size - value_at, bits)) {
      masked.assign(pixels, pixel_size);
      deid::keepStoredBits(masked.data() + value_at, masked.size() - value_at, bits);
      pixels = masked.data();
    }
    if (pixels != nullptr) stream.write(pixels, static_cast<offile_off_t>(header.end - header.begin));
    stream.finish();
    // DCMTK writes back the preamble it read, and an input's preamble may hold anything (a TIFF
    // header, a vendor's bytes): the output's is zeros, as the plain path writes it.
    const int preamble_error = stream.error() == 0 && written.good() && !zeroPreamble(fd) ? errno : 0;
    if (stream.error() != 0) failure = std::string("cannot write output: ") + std::strerror(stream.error());
    else if (preamble_error != 0) failure = std::string("cannot write output: ") + std::strerror(preamble_error);
    else if (written.bad()) {
      failure = std::string("cannot encode the de-identified file: ") + written.text();
      encode_error = true;
    }
    else if (rewritten)
      failure = deid::appendPieces(input, rewrite.pieces, fd, stream.bytesWritten());
    else if (pixels_follow && pixels == nullptr && stored_bits_only)
      failure = deid::appendStoredBits(input.fd(), header.begin, header.value_begin, header.end, fd,
                                       stream.bytesWritten(), bits);
    else if (pixels_follow && pixels == nullptr)
      failure = deid::appendRawBytes(input.fd(), header.begin, header.end, fd, stream.bytesWritten());
    bytes_written = stream.bytesWritten();
    if (rewritten) bytes_written += rewrite.size;
    else if (pixels_follow && pixels == nullptr) bytes_written += header.end - header.begin;
  }
  if (::close(fd) != 0 && failure.empty()) failure = std::string("cannot write output: ") + std::strerror(errno);
  return failure;
}

}  // namespace

InstanceOutcome Deidentifier::deidentifyFile(const std::filesystem::path& input, const std::filesystem::path& output,
                                             const PatientContext& patient, bool record_changes) const {
  InstanceOutcome outcome;
  outcome.status = InstanceOutcome::Status::Failed;
  try {
    // No ensureDcmtkReady here: a plain file needs nothing of DCMTK's (its dictionary included), and
    // every DCMTK parse below goes through DicomFile::open or parseWithDcmtk, which call it.
    if (!impl_->config.uids && !impl_->config.profile.has(DeidOption::RetainUids)) {
      outcome.code = OutcomeCode::NotConfigured;
      outcome.reason = "de-identifier not configured: no UID mapper";
      return outcome;
    }
    // Header only when possible (pixel data appended raw after writing), else the whole file with
    // large values left on disk until written: nothing is loaded twice. Both through the door, so
    // structures that would crash DCMTK's recursive parser are refused here too.
    deid::HeaderResult header;
    // A plain file, header only, nothing recorded: our own tree, unless it finds something DCMTK's
    // path must decide (plain_tree.h). Otherwise, or then, DCMTK parses the file.
    const bool plain_possible = impl_->config.stream_pixel_data && !record_changes && patient.scrubber != nullptr;
    bridge::DicomFile opened =
        plain_possible ? bridge::DicomFile::openForEngine(input)
                       : bridge::DicomFile::open(input, impl_->config.stream_pixel_data ? bridge::ReadDepth::Header
                                                                                        : bridge::ReadDepth::LazyValues);
    if (opened.ok() && opened.plain() != nullptr) {
      if (deid::deidentifyPlain(impl_->config, impl_->marks, opened, output, patient, outcome)) return outcome;
      opened.parseWithDcmtk();
    }
    if (opened.ok() && impl_->config.stream_pixel_data) {
      header = deid::locatePixelData(opened);
      if (header.kind == deid::HeaderLoad::NeedsFullLoad)
        opened = bridge::DicomFile::open(input, bridge::ReadDepth::LazyValues);
    }
    if (!opened.ok()) {
      outcome.code = outcomeOf(opened.problemKind());
      outcome.reason = opened.reason();
      return outcome;
    }
    const deid::InputFile& input_file = opened.input();
    DcmFileFormat& fileformat = opened.format();
    DcmDataset& dataset = *fileformat.getDataset();
    const E_TransferSyntax xfer = dataset.getOriginalXfer();
    if (header.kind == deid::HeaderLoad::NeedsFullLoad) {
      const std::string declared = bridge::getString(*fileformat.getMetaInfo(), DCM_TransferSyntaxUID);
      if (deid::isForeignTransferSyntax(declared)) {
        outcome.code = OutcomeCode::UnknownTransferSyntax;
        // Named only when it looks like a UID: a damaged one's bytes stay out of the reason.
        const bool uid_like = declared.find_first_not_of("0123456789.") == std::string::npos;
        outcome.reason = "transfer syntax " + (uid_like ? declared : std::string("(not a valid UID)")) +
                         " is unknown to DCMTK 3.6.7 and its pixel data is not encapsulated explicit VR little endian";
        return outcome;
      }
    }

    const std::string sop_class = bridge::getString(dataset, DCM_SOPClassUID);
    const deid::ExclusionFacts facts{sop_class,
                                     textOfAnyVr(dataset, DCM_Modality),
                                     textOfAnyVr(dataset, DCM_BurnedInAnnotation),
                                     textOfAnyVr(dataset, DCM_ImageType),
                                     textOfAnyVr(dataset, DCM_PhotometricInterpretation),
                                     bridge::getString(*fileformat.getMetaInfo(), DCM_TransferSyntaxUID)};
    if (const auto reason = deid::exclusionReason(impl_->config, facts)) {
      outcome.status = InstanceOutcome::Status::Excluded;
      outcome.code = reason->code;
      outcome.reason = reason->detail;
      return outcome;
    }
    if (bridge::getString(dataset, DCM_SOPInstanceUID).empty()) {
      outcome.code = OutcomeCode::InputIncomplete;
      outcome.reason = "no SOP Instance UID";
      return outcome;
    }

    const SurplusCut surplus = cutPixelSurplus(dataset, xfer);
    if (surplus == SurplusCut::Refused) {
      outcome.code = OutcomeCode::InputPixelDataMismatch;
      outcome.reason = "the pixel data is longer than the image its header declares (Rows, Columns, Samples per "
                       "Pixel, Bits Allocated, Number of Frames), and cutting it to that image is not certain";
      return outcome;
    }

    // Bits above High Bit in compressed frames (an embedded overlay): decoded and, where set,
    // cleared in a native copy written as explicit VR little endian (compressed_bits.h).
    E_TransferSyntax out_xfer = xfer;
    const bool encapsulated_input = !header.foreign_transfer_syntax.empty() || DcmXfer(xfer).isEncapsulated();
    const deid::CompressedBitsRoute bits_route = deid::compressedBitsRoute(
        header.foreign_transfer_syntax.empty() ? std::string(DcmXfer(xfer).getXferID()) : header.foreign_transfer_syntax,
        encapsulated_input, deid::sampleBitsOf(dataset));
    if (bits_route != deid::CompressedBitsRoute::None) {
      std::string why;
      // Streamed, the frames are still on disk: RLE and JPEG frames streamed only when locatePixelData
      // found that none can hold such a bit (judgeRleFrames), the others checked here.
      const deid::SampleBits bits = deid::sampleBitsOf(dataset);
      const bool streamed = header.kind == deid::HeaderLoad::PixelDataFollows;
      const deid::CompressedBitsResult checked =
          streamed && bits_route == deid::CompressedBitsRoute::DecodeWithDcmtk ? deid::CompressedBitsResult::Unchanged
          : streamed ? deid::checkStreamedFrames(input_file, header, bits_route, bits, why)
                     : deid::clearCompressedHiddenBits(dataset, xfer, bits_route, bits, why);
      if (checked == deid::CompressedBitsResult::Unchecked) {
        outcome.code = OutcomeCode::InputPixelBitsUnchecked;
        outcome.reason = why.empty() ? std::string(describe(OutcomeCode::InputPixelBitsUnchecked)) : why;
        return outcome;
      }
      if (checked == deid::CompressedBitsResult::Cleared) out_xfer = EXS_LittleEndianExplicit;
    }

    const std::string original_charset = bridge::getString(dataset, DCM_SpecificCharacterSet);
    bool converted = false;
    bool text_unreliable = false;
    const bool top_level_needs_conversion =
        !original_charset.empty() && original_charset != "ISO_IR 192" && original_charset != "ISO_IR 6";
    if (top_level_needs_conversion || bridge::hasItemLevelCharacterSet(dataset)) {
      // When the character set cannot be converted (glibc iconv lacks e.g. ISO 2022 IR 87), the
      // file is still processed, but non-ASCII text cannot be checked and is emptied.
      converted = bridge::convertDatasetToUtf8(dataset);
      text_unreliable = !converted;
    }

    deid::DatasetEngine run(impl_->config, patient, record_changes, outcome);
    run.setTextUnreliable(text_unreliable);
    run.prepare(dataset, header.kind != deid::HeaderLoad::NeedsFullLoad);
    run.run(dataset);
    if (surplus == SurplusCut::Cut) run.count("cut-pixel-surplus");
    if (out_xfer != xfer) run.count("decompress-clear-hidden-bits");

    // Type 2 identity attributes are always present with the pseudonym (never empty).
    if (!dataset.tagExists(DCM_PatientName)) {
      dataset.putAndInsertString(DCM_PatientName, patient.pseudonym.name.c_str());
      run.count("pseudonym");
    }
    if (!dataset.tagExists(DCM_PatientID)) {
      dataset.putAndInsertString(DCM_PatientID, patient.pseudonym.id.c_str());
      run.count("pseudonym");
    }
    // JPEG frames lose their comment and application segments (jpeg_segments.h), streamed or in
    // memory; a frame whose header cannot be walked is refused rather than copied unread.
    deid::StreamedRewrite rewrite;
    if (out_xfer == xfer && deid::isJpegFamilyTransferSyntax(DcmXfer(xfer).getXferID())) {
      if (header.kind == deid::HeaderLoad::PixelDataFollows) rewrite = deid::planStreamedJpegStrip(input_file, header);
      else rewrite.result = stripJpegSegmentsInMemory(dataset, xfer, rewrite.reason);
    }
    if (rewrite.result == deid::JpegStripResult::Unsafe) {
      outcome.code = OutcomeCode::InputUnsafeStructure;
      outcome.reason = rewrite.reason;
      return outcome;
    }
    if (rewrite.result == deid::JpegStripResult::Changed) {
      // The Extended Offset Table (Type 3) no longer matches the fragments: it goes.
      dataset.findAndDeleteElement(DCM_ExtendedOffsetTable);
      dataset.findAndDeleteElement(DCM_ExtendedOffsetTableLengths);
    }
    markDataset(dataset, impl_->config);
    setCharacterSet(dataset, original_charset, converted, deid::hasNonAsciiReplace(impl_->config));

    outcome.new_sop_instance_uid = bridge::getString(dataset, DCM_SOPInstanceUID);
    outcome.new_series_instance_uid = bridge::getString(dataset, DCM_SeriesInstanceUID);
    outcome.new_study_instance_uid = bridge::getString(dataset, DCM_StudyInstanceUID);

    // File meta: created anew from the dataset (no source AE titles or private meta information).
    DcmMetaInfo& meta = *fileformat.getMetaInfo();
    const std::string old_media_uid = bridge::getString(meta, DCM_MediaStorageSOPInstanceUID);
    if (!old_media_uid.empty() && old_media_uid != outcome.new_sop_instance_uid)
      run.recordMeta("(0002,0003)", "MediaStorageSOPInstanceUID", "replace-uid", old_media_uid,
                     outcome.new_sop_instance_uid);
    for (const DcmTagKey& k : deid::metaNotCarriedOver()) {
      if (meta.tagExists(k)) {
        run.recordMeta(bridge::formatTag(k), DcmTag(k).getTagName(), "remove", "", "");
        run.count("remove");
      }
    }
    meta.clear();

    if (!output.empty()) {
      bool encode_error = false;
      std::uint64_t bytes_written = 0;
      const deid::SampleBits bits = deid::sampleBitsOf(dataset);
      if (header.kind != deid::HeaderLoad::PixelDataFollows) keepStoredBitsInMemory(dataset, out_xfer, bits);
      const std::string failure =
          writeOutput(fileformat, out_xfer, output, input_file, header, bits, rewrite, encode_error, bytes_written);
      if (!failure.empty()) {
        outcome.code = encode_error ? OutcomeCode::EncodeFailed : OutcomeCode::OutputWriteFailed;
        outcome.reason = failure;
        outcome.output_error = !encode_error;  // a file DCMTK cannot encode fails alone
        std::error_code ec;
        std::filesystem::remove(output, ec);
        return outcome;
      }
      outcome.pixel_data_streamed = header.kind == deid::HeaderLoad::PixelDataFollows;
      outcome.written = writtenHeader(dataset, out_xfer);
      outcome.written.file_size = bytes_written;
      if (impl_->config.record_key_tags) {
        // The record's keys follow the input's class: a site's private class is mapped by now
        // (dataset_engine newUid), and policy decides on what the file is, not on its new name.
        bridge::RecordKeyValues keys = bridge::readRecordKeys(dataset, impl_->config.record_key_tags(sop_class));
        outcome.written.record_keys_captured = true;
        outcome.written.record_keys = std::move(keys.keys);
        outcome.written.concept_code_value = std::move(keys.concept_code_value);
        outcome.written.concept_coding_scheme = std::move(keys.concept_coding_scheme);
        outcome.written.concept_code_meaning = std::move(keys.concept_code_meaning);
      }
      if (!header.foreign_transfer_syntax.empty()) outcome.written.transfer_syntax_uid = header.foreign_transfer_syntax;
    }
    outcome.status = InstanceOutcome::Status::Kept;
    outcome.code = OutcomeCode::None;
    outcome.reason.clear();
  } catch (const Error& e) {
    outcome.status = InstanceOutcome::Status::Failed;
    outcome.code = outcomeOf(e.code());
    outcome.reason = e.what();
  } catch (const std::exception& e) {
    outcome.status = InstanceOutcome::Status::Failed;
    outcome.code = OutcomeCode::Internal;
    outcome.reason = std::string("internal error: ") + e.what();
  } catch (...) {
    outcome.status = InstanceOutcome::Status::Failed;
    outcome.code = OutcomeCode::Internal;
    outcome.reason = "internal error";
  }
  return outcome;
}

}  // namespace imaging
