// Build-time generator of the engine's table of standard tags (standard_tags.h): loads DCMTK's data
// dictionary as DCMTK would at run time and writes its public entries, so the engine can tell a
// standard tag from an unknown one without loading the dictionary itself (~112 M instructions).
//
// Usage: scanshare-standard-tags-gen OUTPUT_DIR
// Writes OUTPUT_DIR/standard_tags_exact.inc (one tag per line, sorted) and
// OUTPUT_DIR/standard_tags_ranges.inc (one StandardTagRange initializer per line). Fails, writing
// nothing, when no dictionary is loaded: a build must not quietly call every tag unknown.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcdicent.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

const char* parityName(DcmDictRangeRestriction restriction) {
  switch (restriction) {
    case DcmDictRange_Odd: return "TagParity::Odd";
    case DcmDictRange_Even: return "TagParity::Even";
    case DcmDictRange_Unspecified: break;
  }
  return "TagParity::Any";
}

std::string hex4(unsigned value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%04X", value & 0xFFFFu);
  return text;
}

// Where the dictionary came from, for the files' header (DCMDICTPATH overrides the built-in path).
std::string dictionarySource() {
  const char* env = std::getenv(DCM_DICT_ENVIRONMENT_VARIABLE);
  if (env != nullptr && *env != '\0') return std::string(DCM_DICT_ENVIRONMENT_VARIABLE "=") + env;
#ifdef DCM_DICT_DEFAULT_PATH
  return DCM_DICT_DEFAULT_PATH;
#else
  return "(DCMTK's built-in dictionary)";
#endif
}

bool writeFile(const std::filesystem::path& path, const std::string& text) {
  // Written beside and renamed: a failed run never leaves a half file that looks up to date.
  const std::filesystem::path partial = path.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  return !ec;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " OUTPUT_DIR\n";
    return 2;
  }
  const std::filesystem::path out_dir = argv[1];

  if (!dcmDataDict.isDictionaryLoaded()) {
    std::cerr << "scanshare-standard-tags-gen: DCMTK's data dictionary is not loaded (" << dictionarySource()
              << "); install libdcmtk17's dicom.dic\n";
    return 1;
  }
  std::vector<std::uint32_t> exact;
  std::ostringstream ranges;
  std::size_t range_count = 0;
  bool named = true;
  {
    DcmDataDictionary& dict = dcmDataDict.wrlock();  // the iterators are non-const members
    // Private entries answer only when asked with their creator; the engine asks without one.
    for (DcmHashDictIterator it = dict.normalBegin(); it != dict.normalEnd(); ++it) {
      const DcmDictEntry* entry = *it;
      if (entry->getPrivateCreator() != nullptr) continue;
      named = named && entry->getTagName() != nullptr;
      exact.push_back(std::uint32_t{entry->getGroup()} << 16 | entry->getElement());
    }
    for (DcmDictEntryListIterator it = dict.repeatingBegin(); it != dict.repeatingEnd(); ++it) {
      const DcmDictEntry* entry = *it;
      if (entry->getPrivateCreator() != nullptr) continue;
      named = named && entry->getTagName() != nullptr;
      ranges << "{" << hex4(entry->getGroup()) << ", " << hex4(entry->getUpperGroup()) << ", "
             << hex4(entry->getElement()) << ", " << hex4(entry->getUpperElement()) << ", "
             << parityName(entry->getGroupRangeRestriction()) << ", "
             << parityName(entry->getElementRangeRestriction()) << "},  // " << entry->getTagName() << "\n";
      ++range_count;
    }
    dcmDataDict.wrunlock();
  }
  // DcmTag::getTagName answers "unknown" for an entry without a name; the table has no way to say
  // that, and DCMTK's own dictionaries name every entry.
  if (!named) {
    std::cerr << "scanshare-standard-tags-gen: a public dictionary entry has no name\n";
    return 1;
  }
  if (exact.empty() || range_count == 0) {
    std::cerr << "scanshare-standard-tags-gen: the dictionary has no public entries\n";
    return 1;
  }
  std::sort(exact.begin(), exact.end());
  exact.erase(std::unique(exact.begin(), exact.end()), exact.end());

  const std::string header = "// GENERATED at build time by scanshare-standard-tags-gen - do not edit, not committed.\n"
                             "// Source: DCMTK " PACKAGE_VERSION " data dictionary, " + dictionarySource() + "\n";
  std::ostringstream exact_text;
  exact_text << header << "// Public non-repeating entries: " << exact.size() << " (group << 16 | element), sorted\n";
  for (const std::uint32_t tag : exact) {
    char line[16];
    std::snprintf(line, sizeof line, "0x%08" PRIX32 "u,\n", tag);
    exact_text << line;
  }
  std::ostringstream ranges_text;
  ranges_text << header << "// Public repeating entries: " << range_count
              << " {group, upper group, element, upper element, group parity, element parity}\n"
              << ranges.str();

  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (!writeFile(out_dir / "standard_tags_exact.inc", exact_text.str()) ||
      !writeFile(out_dir / "standard_tags_ranges.inc", ranges_text.str())) {
    std::cerr << "scanshare-standard-tags-gen: cannot write into " << out_dir << "\n";
    return 1;
  }
  return 0;
}
