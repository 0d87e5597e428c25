#pragma once
// Private to the writer: which DICOMDIR record type describes a SOP class, and its keys.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdirrec.h>

#include <cstdint>
#include <string>
#include <vector>

#include "imaging/writer/dicomdir.h"

namespace imaging {

enum class ConceptName { None, Type1, Type2 };  // ConceptNameCodeSequence in the record

struct RecordKey {
  std::uint32_t tag;  // group << 16 | element
  int type;           // 1, 2 (written empty when absent) or 3 (only when present)
};

struct RecordKind {
  const char* name;
  E_DirRecType type;
  std::vector<RecordKey> keys;  // instance-level keys besides the Referenced*InFile attributes
  ConceptName concept_name;
};

const RecordKind& recordKindFor(const std::string& sop_class_uid);
// Every kind recordKindFor gives (for tests: dicomdir_standard.h must know each one's keys).
const std::vector<const RecordKind*>& everyRecordKind();

}  // namespace imaging
