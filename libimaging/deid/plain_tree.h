#pragma once
// A plain file's data set as a small editable tree over the input's own bytes, so that the engine
// can de-identify a small file without building DCMTK's object tree (a third of its cost) and the
// result can be written without DCMTK's writer (another fifth).
//
// Taken only where bridge::PlainDataSet (the scan's reader, proven equal to DCMTK's answers) says
// the file is plain, and narrower still: the header (everything before the top-level Pixel Data)
// lies in the file's first bytes that the door already holds, the Pixel Data element passes the
// same checks as the DCMTK path's (pixel_stream.h), the character set is none, ISO_IR 6,
// ISO_IR 192 or ISO_IR 100. Everything else goes through DCMTK as before. The bytes written are
// DCMTK 3.6.7's for the same tree (EWM_createNewMeta, explicit lengths, recalculated group lengths,
// no padding): tests/deid/plain_engine_test.cpp compares the two paths file by file.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/fd_streams.h"
#include "imaging_bridge/plain_dataset.h"
#include "pixel_stream.h"

namespace imaging::deid {

struct TreeItem;

struct TreeElement {
  std::uint32_t tag = 0;  // group << 16 | element
  char vr[2] = {0, 0};
  DcmEVR evr = EVR_UNKNOWN;
  std::string_view raw;   // the value's bytes in the input, as read
  std::string owned;      // the value once changed (put or cleared)
  bool changed = false;
  bool removed = false;
  std::vector<TreeItem> items;  // a sequence's items

  std::string_view bytes() const { return changed ? std::string_view(owned) : raw; }
  DcmTagKey key() const { return DcmTagKey(static_cast<Uint16>(tag >> 16), static_cast<Uint16>(tag & 0xFFFF)); }
  bool isSequence() const { return evr == EVR_SQ; }
};

struct TreeItem {
  std::vector<TreeElement> elements;  // ascending tags; removed ones stay until written (pointers hold)
};

struct PlainTree {
  TreeItem dataset;
  std::string transfer_syntax_uid;         // the meta's, as DCMTK reads it
  std::vector<std::uint32_t> meta_tags;    // every meta element present (the engine counts removals)
  std::string original_charset;            // top-level Specific Character Set, normalised
  HeaderResult pixels;                     // PixelDataFollows or NoPixelData
};

// The tree of `file` (which the plain reader has read as `plain`), or nullopt when it is not for the
// plain path.
std::optional<PlainTree> readPlainTree(const bridge::InputFile& file, const bridge::PlainDataSet& plain);

// getOFStringArray(normalize) of an element as DCMTK would answer it for the value now held.
std::string treeValue(const TreeElement& element);
// getOFStringArray(no normalisation): the machine string (padding and, for UI, white space removed).
std::string treeMachineString(const TreeElement& element);

// Top-level element by tag (nullptr when absent or removed).
TreeElement* findElement(TreeItem& item, std::uint32_t tag);
const TreeElement* findElement(const TreeItem& item, std::uint32_t tag);
// putAndInsertString: the element's value replaced, or a new element of `vr` inserted in tag order.
TreeElement& putElement(TreeItem& item, std::uint32_t tag, const char* vr, const std::string& value);
// DcmElement::putString semantics for an existing element (strings as given; US/SS/UL/SL/FL/FD
// parse "0" and the like; nullopt when the value cannot be put the way DCMTK would).
bool putValue(TreeElement& element, const std::string& value);
void clearValue(TreeElement& element);

// The Part 10 file up to (not including) the Pixel Data: preamble, meta made anew the way
// DcmFileFormat does with EWM_createNewMeta, the data set with explicit lengths. nullopt where a
// value no longer fits its VR's length field (DCMTK would then do something we do not copy).
std::optional<std::string> writePlainTree(const PlainTree& tree, const std::string& sop_class_uid,
                                          const std::string& sop_instance_uid);

// Tests compare with the DCMTK path by switching the plain engine off (default on).
void setPlainEngine(bool enabled);
bool plainEngineEnabled();
// Files the plain engine has decided in this process (tests check that it is the one at work).
void notePlainEngineUse();
std::uint64_t plainEngineUses();

}  // namespace imaging::deid
