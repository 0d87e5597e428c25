#pragma once
// A made-up person and their visit: every identifying value the generator plants in the files.
// All text is UTF-8 here; it is encoded into the patient's character set when written.
#include <string>
#include <vector>

namespace imaging::sample {

struct PatientIdentity {
  std::string charset;                 // value of (0008,0005); "" = default repertoire (absent)
  std::string dicomName;               // PatientName as stored (may hold several component groups)
  std::vector<std::string> nameParts;  // the pieces a scrubber must find (family, given, ...)
  std::string typedName;               // how a person writes it in free text ("Jane Doe-Smith")
  std::string id, issuer, otherId, otherIdIssuer;
  std::string birthDate, typedBirthDate, sex, age;
  std::string address, phone;
  std::string referringPhysician, performingPhysician, operatorName, requestingPhysician;
  std::vector<std::string> staffNameParts;
  std::string institution, institutionAddress, department, stationName, deviceSerial;
  std::string accession, accessionIssuer, studyId, requestedProcedureId, scheduledStepId;
  std::string studyDate, studyTime;
  std::string studyDescription, patientComments, additionalHistory, imageComment;
  std::vector<std::string> extraPlanted;  // further values written (other dates, ...)

  // Everything above that identifies the person or visit, without duplicates, in a fixed order.
  std::vector<std::string> planted() const;
};

// The fixed cast of fake people used by the variants.
PatientIdentity kneePatient();        // demo patient 1: ASCII
PatientIdentity latin1Patient();      // demo patient 2 and multi-charset: ISO_IR 100
PatientIdentity frenchPatient();      // multi-charset: ISO_IR 100
PatientIdentity japanesePatient();    // multi-charset: ISO_IR 192
PatientIdentity cyrillicPatient();    // multi-charset: ISO_IR 144
PatientIdentity benchmarkPatient();   // bench variants: ASCII

}  // namespace imaging::sample
