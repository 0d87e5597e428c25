#pragma once
// Every attribute of one DICOM file as a tree (for the viewer's tag browser and `scanshare dump`),
// with a text rendering and a DICOM JSON model rendering (PS3.18 Annex F).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace imaging {

struct AttributeNode {
  std::string tag;      // "(0010,0010)"
  std::string keyword;  // "PatientName"; empty when the dictionary does not know the tag
  std::string vr;       // "PN", "SQ", ...
  std::string value;    // UTF-8 display value; binary summarised "(1 2 3 ...)"; "<pixel data, N bytes>"
  std::uint32_t length = 0;          // value length in bytes as stored (0xFFFFFFFF: undefined)
  std::vector<std::string> values;   // each value (UTF-8 text or number as text); empty for binary/SQ
  std::string inline_binary;         // base64 of small binary values (OB, OW, UN, ...); else empty
  bool bulk = false;                 // binary too large to inline (pixel data and the like)
  std::vector<std::vector<AttributeNode>> items;  // SQ: one attribute list per item
};

struct DumpedFile {
  std::vector<AttributeNode> meta;     // file meta information (group 0002); empty without one
  std::vector<AttributeNode> dataset;
  bool charset_converted = true;       // false: text could not be decoded; non-ASCII shown as '?'
};

// Reads all attributes (pixel data summarised, not loaded). Throws Error (NotFound, NotDicom,
// Truncated, Corrupt) naming the file.
DumpedFile dumpFile(const std::filesystem::path& path);

// Indented text, one attribute per line, sequence items nested.
std::string renderDumpText(const DumpedFile& file);
// The dataset as a DICOM JSON model object (PS3.18 F.2); BulkDataURI values are omitted.
std::string renderDumpJson(const DumpedFile& file, int indent = 2);

}  // namespace imaging
