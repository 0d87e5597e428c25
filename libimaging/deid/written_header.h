#pragma once
// The written header's top-level values (WrittenHeader), named once for both paths of the engine:
// DCMTK's tree (deidentifier.cpp) and the plain tree (plain_path.cpp) each say how to read one
// value as DCMTK reads it back from the written file.
#include <string>

#include "imaging/deid/deidentifier.h"
#include "imaging_bridge/dcmtk.h"

namespace imaging::deid {

// string(tag): the machine string ("" when absent); instanceNumber(out): false when there is none.
template <class StringOf, class InstanceNumberOf>
WrittenHeader writtenHeaderFrom(std::string transfer_syntax_uid, StringOf string, InstanceNumberOf instanceNumber) {
  WrittenHeader w;
  w.present = true;
  w.transfer_syntax_uid = std::move(transfer_syntax_uid);
  w.specific_character_set = string(DCM_SpecificCharacterSet);
  w.sop_class_uid = string(DCM_SOPClassUID);
  w.sop_instance_uid = string(DCM_SOPInstanceUID);
  w.patient_name = string(DCM_PatientName);
  w.patient_id = string(DCM_PatientID);
  w.study_instance_uid = string(DCM_StudyInstanceUID);
  w.study_date = string(DCM_StudyDate);
  w.study_time = string(DCM_StudyTime);
  w.study_description = string(DCM_StudyDescription);
  w.study_id = string(DCM_StudyID);
  w.accession_number = string(DCM_AccessionNumber);
  w.series_instance_uid = string(DCM_SeriesInstanceUID);
  w.modality = string(DCM_Modality);
  w.series_number = string(DCM_SeriesNumber);
  w.has_instance_number = instanceNumber(w.instance_number);
  return w;
}

}  // namespace imaging::deid
