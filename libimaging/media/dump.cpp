#include "imaging/media/dump.h"

#include <cstdio>
#include <cstring>

#include <dcmtk/dcmdata/dcpxitem.h>

#include "imaging_bridge/dicom_file.h"
#include "imaging/core/error.h"
#include "imaging_bridge/dcmtk.h"
#include "text_decoder.h"

namespace imaging {
namespace {

constexpr std::uint32_t kInlineBinaryLimit = 1024;   // larger binary values are summarised only
constexpr unsigned long kMaxListedValues = 65536;     // numeric value lists beyond this are cut
constexpr unsigned kSummaryValues = 8;

bool isSingleValuedText(DcmEVR vr) { return vr == EVR_LT || vr == EVR_ST || vr == EVR_UT || vr == EVR_UR; }

bool isNumericVr(DcmEVR vr) {
  switch (vr) {
    case EVR_US: case EVR_SS: case EVR_UL: case EVR_SL: case EVR_FL: case EVR_FD: case EVR_AT:
    case EVR_UV: case EVR_SV:
      return true;
    default:
      return false;
  }
}

// Bytes per value of a binary (O*) VR; 1 for OB, UN and anything unknown.
unsigned binaryWidth(DcmEVR vr) {
  switch (vr) {
    case EVR_OW: return 2;
    case EVR_OL: case EVR_OF: return 4;
    case EVR_OD: case EVR_OV: return 8;
    default: return 1;
  }
}

std::string base64(const std::vector<unsigned char>& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const unsigned v = (bytes[i] << 16) | (i + 1 < bytes.size() ? bytes[i + 1] << 8 : 0) |
                       (i + 2 < bytes.size() ? bytes[i + 2] : 0);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? alphabet[v & 63] : '=';
  }
  return out;
}

std::string formatBinaryValue(const unsigned char* p, DcmEVR vr) {
  char buf[64];
  switch (vr) {
    case EVR_OF: { float f; std::memcpy(&f, p, 4); std::snprintf(buf, sizeof buf, "%g", static_cast<double>(f)); break; }
    case EVR_OD: { double d; std::memcpy(&d, p, 8); std::snprintf(buf, sizeof buf, "%g", d); break; }
    default: {
      unsigned long long v = 0;
      for (unsigned k = binaryWidth(vr); k-- > 0;) v = (v << 8) | p[k];  // little endian
      std::snprintf(buf, sizeof buf, "%llu", v);
    }
  }
  return buf;
}

std::uint64_t encapsulatedSize(DcmElement& element, E_TransferSyntax xfer) {
  auto* pixel_data = dynamic_cast<DcmPixelData*>(&element);
  DcmPixelSequence* fragments = nullptr;
  if (pixel_data == nullptr || pixel_data->getEncapsulatedRepresentation(xfer, nullptr, fragments).bad() ||
      fragments == nullptr)
    return 0;
  std::uint64_t total = 0;
  for (unsigned long i = 0; i < fragments->card(); ++i) {
    DcmPixelItem* item = nullptr;
    if (fragments->getItem(item, i).good() && item != nullptr) total += item->getLength();
  }
  return total;
}

class TreeBuilder {
 public:
  TreeBuilder(media::TextDecoder& text, E_TransferSyntax xfer) : text_(text), xfer_(xfer) {}

  std::vector<AttributeNode> nodesOf(DcmItem& item) {
    std::vector<AttributeNode> nodes;
    for (unsigned long i = 0; i < item.card(); ++i)
      if (DcmElement* element = item.getElement(i)) nodes.push_back(nodeOf(*element));
    return nodes;
  }

 private:
  AttributeNode nodeOf(DcmElement& element) {
    DcmTag tag = element.getTag();
    AttributeNode node;
    node.tag = bridge::formatTag(tag);
    const char* name = tag.getTagName();
    if (name != nullptr && std::strcmp(name, DcmTag_ERROR_TagName) != 0) node.keyword = name;
    const DcmEVR vr = element.getVR();
    node.vr = DcmVR(vr).getValidVRName();
    node.length = element.getLength();

    if (tag == DCM_PixelData || tag == DCM_FloatPixelData || tag == DCM_DoubleFloatPixelData) {
      const std::uint64_t bytes =
          node.length == DCM_UndefinedLength ? encapsulatedSize(element, xfer_) : node.length;
      node.value = "<pixel data, " + std::to_string(bytes) + " bytes>";
      node.bulk = true;
    } else if (vr == EVR_SQ) {
      auto& sequence = dynamic_cast<DcmSequenceOfItems&>(element);
      for (unsigned long i = 0; i < sequence.card(); ++i)
        if (DcmItem* child = sequence.getItem(i)) node.items.push_back(nodesOf(*child));
      node.value = "(" + std::to_string(node.items.size()) + (node.items.size() == 1 ? " item)" : " items)");
    } else if (bridge::isStringVr(vr)) {
      fillText(element, vr, node);
    } else if (isNumericVr(vr)) {
      fillNumbers(element, vr, node);
    } else {
      fillBinary(element, vr, node);
    }
    return node;
  }

  void fillText(DcmElement& element, DcmEVR vr, AttributeNode& node) {
    OFString raw;
    if (element.getOFStringArray(raw).bad()) return;
    node.value = text_.decode(std::string(raw.c_str(), raw.length()),
                              vr == EVR_PN ? "\\^=" : isSingleValuedText(vr) ? "" : "\\");
    if (isSingleValuedText(vr)) {
      node.values.push_back(node.value);
      return;
    }
    std::size_t start = 0;
    while (true) {
      const std::size_t end = node.value.find('\\', start);
      node.values.push_back(node.value.substr(start, end == std::string::npos ? std::string::npos : end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }

  void fillNumbers(DcmElement& element, DcmEVR vr, AttributeNode& node) {
    const unsigned long count = std::min(element.getVM(), kMaxListedValues);
    for (unsigned long i = 0; i < count && node.length > 0; ++i) {
      OFString value;
      if (element.getOFString(value, i).bad()) break;
      std::string text(value.c_str(), value.length());
      if (vr == EVR_AT && text.size() == 11) text = text.substr(1, 4) + text.substr(6, 4);  // (gggg,eeee) -> ggggeeee
      node.values.push_back(text);
    }
    if (node.values.size() <= 16) {
      for (std::size_t i = 0; i < node.values.size(); ++i) node.value += (i ? "\\" : "") + node.values[i];
    } else {
      node.value = "(";
      for (unsigned i = 0; i < kSummaryValues; ++i) node.value += node.values[i] + " ";
      node.value += "...) " + std::to_string(element.getVM()) + " values";
    }
  }

  void fillBinary(DcmElement& element, DcmEVR vr, AttributeNode& node) {
    if (node.length == 0 || node.length == DCM_UndefinedLength) return;
    const unsigned width = binaryWidth(vr);
    const std::uint32_t shown_bytes = std::min<std::uint32_t>(node.length, kSummaryValues * width);
    std::vector<unsigned char> head(shown_bytes);
    if (element.getPartialValue(head.data(), 0, shown_bytes, nullptr, EBO_LittleEndian).bad()) {
      node.value = "<binary, " + std::to_string(node.length) + " bytes>";
      node.bulk = true;
      return;
    }
    node.value = "(";
    for (std::uint32_t off = 0; off + width <= shown_bytes; off += width)
      node.value += (off ? " " : "") + formatBinaryValue(head.data() + off, vr);
    node.value += node.length > shown_bytes ? " ...)" : ")";
    if (node.length > kInlineBinaryLimit) {
      node.bulk = true;
      return;
    }
    std::vector<unsigned char> all(node.length);
    if (element.getPartialValue(all.data(), 0, node.length, nullptr, EBO_LittleEndian).good())
      node.inline_binary = base64(all);
  }

  media::TextDecoder& text_;
  E_TransferSyntax xfer_;
};

}  // namespace

DumpedFile dumpFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw Error(ErrorCode::NotFound, "no such file", path.string());
  bridge::DicomFile loaded = bridge::DicomFile::open(path, bridge::ReadDepth::LazyValues);
  loaded.throwIfFailed();
  DcmDataset& dataset = loaded.dataset();
  DumpedFile out;
  try {
    media::TextDecoder ascii("");
    out.meta = TreeBuilder(ascii, EXS_LittleEndianExplicit).nodesOf(loaded.meta());
    media::TextDecoder text(bridge::getString(dataset, DCM_SpecificCharacterSet));
    out.dataset = TreeBuilder(text, dataset.getOriginalXfer()).nodesOf(dataset);
    out.charset_converted = text.allConverted();
  } catch (const std::exception&) {
    throw Error(ErrorCode::Corrupt, "cannot read the file's attributes", path.string());
  }
  return out;
}

}  // namespace imaging
