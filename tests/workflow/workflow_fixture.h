#pragma once
// A small two-patient input made in code: patient A in a folder named after her (identifying),
// two series, one image referencing another; patient B in a neutral folder; plus a readme.
#include <filesystem>
#include <fstream>

#include "export_fixtures.h"
#include "imaging/deid/key.h"

namespace workflow_fixture {

inline const char* kNameA = "Fixture^Alice";
inline const char* kIdA = "FIX-4711";
inline const char* kIdB = "OTHER-0815";

inline std::filesystem::path makeInput(const std::string& name) {
  const std::filesystem::path root = export_fixtures::freshDir(name) / "in";
  export_fixtures::Spec a;
  export_fixtures::write(root / "Alice_Fixture" / "img1", a);
  export_fixtures::Spec a2 = a;
  a2.sop_uid += ".2";
  a2.instance_number = 2;
  a2.referenced_sop_uid = a.sop_uid;
  export_fixtures::write(root / "Alice_Fixture" / "img2", a2);
  export_fixtures::Spec a3 = a;
  a3.series_uid += ".5";
  a3.sop_uid += ".5";
  a3.series_number = 5;
  a3.series_description = "Ax T1";
  export_fixtures::write(root / "Alice_Fixture" / "img3", a3);
  export_fixtures::Spec b;
  b.patient_name = "Other^Bert";
  b.patient_id = kIdB;
  b.birth_date = "19551103";
  b.study_uid = "1.2.826.0.1.3680043.8.498.8001";
  b.series_uid = b.study_uid + ".1";
  b.sop_uid = b.series_uid + ".1";
  export_fixtures::write(root / "disk2" / "IM0001", b);
  std::ofstream(root / "README.TXT") << "viewer instructions\n";
  return root;
}

inline imaging::Key testKey(std::uint8_t fill = 7) { return imaging::Key(std::vector<std::uint8_t>(32, fill)); }

}  // namespace workflow_fixture
