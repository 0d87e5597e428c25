#include "identity.h"

#include <algorithm>

namespace imaging::sample {

std::vector<std::string> PatientIdentity::planted() const {
  std::vector<std::string> all = nameParts;
  for (const std::string* value :
       {&id, &issuer, &otherId, &otherIdIssuer, &birthDate, &typedBirthDate, &address, &phone,
        &institution, &institutionAddress, &stationName, &deviceSerial, &accession, &accessionIssuer,
        &studyId, &requestedProcedureId, &scheduledStepId, &studyDate})
    all.push_back(*value);
  all.insert(all.end(), staffNameParts.begin(), staffNameParts.end());
  all.insert(all.end(), extraPlanted.begin(), extraPlanted.end());
  std::vector<std::string> unique;
  for (auto& value : all)
    if (!value.empty() && std::find(unique.begin(), unique.end(), value) == unique.end())
      unique.push_back(value);
  return unique;
}

PatientIdentity kneePatient() {
  PatientIdentity p;
  p.dicomName = "Doe-Smith^Jane^Marie";
  p.nameParts = {"Doe-Smith", "Jane", "Marie"};
  p.typedName = "Jane Doe-Smith";
  p.id = "KH4471029";
  p.issuer = "ALDRIC-MRN";
  p.otherId = "RX-55810327";
  p.otherIdIssuer = "WESTBRIDGE-REGIONAL";
  p.birthDate = "19780314";
  p.typedBirthDate = "14.03.1978";
  p.sex = "F";
  p.age = "046Y";
  p.address = "27 Linden Crescent, Westbridge WB2 4HL";
  p.phone = "+44 1632 960417";
  p.referringPhysician = "Okafor^Samuel^^Dr.";
  p.performingPhysician = "Lindqvist^Petra";
  p.operatorName = "Baptiste^Remy";
  p.requestingPhysician = "Okafor^Samuel^^Dr.";
  p.staffNameParts = {"Okafor", "Samuel", "Lindqvist", "Petra", "Baptiste", "Remy"};
  p.institution = "St Aldric General Hospital";
  p.institutionAddress = "1 Harbour Road, Westbridge WB1 7QA";
  p.department = "Musculoskeletal Radiology";
  p.stationName = "ALDRIC-MR3";
  p.deviceSerial = "SN-MR45821-77";
  p.accession = "A24061142";
  p.accessionIssuer = "ALDRIC-RIS";
  p.studyId = "MR24-1187";
  p.requestedProcedureId = "RP-77120";
  p.scheduledStepId = "SPS-77120-1";
  p.studyDate = "20240611";
  p.studyTime = "083412";
  p.studyDescription = "MRI KNEE RIGHT (KH4471029)";
  p.patientComments = "pt Jane Doe-Smith called, moved appointment to 11/06; DOB 14.03.1978";
  p.additionalHistory = "Twisting injury playing football 3 wks ago. Jane reports locking. Ref Dr Okafor.";
  p.imageComment = "Doe-Smith knee R - slight motion";
  return p;
}

PatientIdentity latin1Patient() {
  PatientIdentity p;
  p.charset = "ISO_IR 100";
  p.dicomName = "Müller^Jürgen^Günther";
  p.nameParts = {"Müller", "Jürgen", "Günther"};
  p.typedName = "Jürgen Müller";
  p.id = "PM-3381502";
  p.issuer = "KREISKLINIK-SÜD";
  p.otherId = "KV-A123456780";
  p.otherIdIssuer = "KRANKENKASSE-NORD";
  p.birthDate = "19591102";
  p.typedBirthDate = "02.11.1959";
  p.sex = "M";
  p.age = "064Y";
  p.address = "Lindenstraße 7, 79098 Freiburg-Wiehre";
  p.phone = "+49 761 5550193";
  p.referringPhysician = "Lefèvre^Hélène^^Dr. med.";
  p.performingPhysician = "Weiß^Björn";
  p.operatorName = "Schäfer^Dörte";
  p.requestingPhysician = "Lefèvre^Hélène^^Dr. med.";
  p.staffNameParts = {"Lefèvre", "Hélène", "Weiß", "Björn", "Schäfer", "Dörte"};
  p.institution = "Kreisklinik Talheim-Süd";
  p.institutionAddress = "Klinikstraße 1, 79111 Talheim";
  p.department = "Radiologie";
  p.stationName = "KTS-CT02";
  p.deviceSerial = "CTX-903311";
  p.accession = "KTS24-088153";
  p.accessionIssuer = "KTS-RIS";
  p.studyId = "CT88153";
  p.requestedProcedureId = "RP-CT-5521";
  p.scheduledStepId = "SPS-CT-5521";
  p.studyDate = "20240302";
  p.studyTime = "141055";
  p.studyDescription = "CT Knie links";
  p.patientComments = "Herr Müller, Jürgen: Kontrastmittelallergie? nein";
  p.additionalHistory = "Sturz auf das Knie, Patient Jürgen Müller, geb. 02.11.1959";
  p.imageComment = "Müller Knie li.";
  return p;
}

PatientIdentity frenchPatient() {
  PatientIdentity p;
  p.charset = "ISO_IR 100";
  p.dicomName = "Lefèbvre-Crépin^Amélie^Noëlle";
  p.nameParts = {"Lefèbvre-Crépin", "Amélie", "Noëlle"};
  p.typedName = "Amélie Lefèbvre-Crépin";
  p.id = "FR-77001934";
  p.issuer = "CHU-SAINT-ÉLOI";
  p.otherId = "INS-2850575123456";
  p.otherIdIssuer = "ASSURANCE-MALADIE";
  p.birthDate = "19850506";
  p.typedBirthDate = "06/05/1985";
  p.sex = "F";
  p.age = "038Y";
  p.address = "14 rue des Frères Lumière, 69008 Lyon";
  p.phone = "+33 499001234";
  p.referringPhysician = "Garçon^Thérèse^^Dr";
  p.performingPhysician = "Bézier^Loïc";
  p.operatorName = "Dupré^Cécile";
  p.requestingPhysician = "Garçon^Thérèse^^Dr";
  p.staffNameParts = {"Garçon", "Thérèse", "Bézier", "Loïc", "Dupré", "Cécile"};
  p.institution = "Hôpital Saint-Éloi";
  p.institutionAddress = "80 avenue Augustin Fliche, 34090 Montpellier";
  p.department = "Imagerie ostéo-articulaire";
  p.stationName = "HSE-IRM1";
  p.deviceSerial = "IRM-220734";
  p.accession = "HSE-2023-99812";
  p.accessionIssuer = "HSE-RIS";
  p.studyId = "IRM99812";
  p.requestedProcedureId = "RP-99812";
  p.scheduledStepId = "SPS-99812-A";
  p.studyDate = "20231120";
  p.studyTime = "101500";
  p.studyDescription = "IRM genou droit";
  p.patientComments = "Mme Amélie Lefèbvre-Crépin, rappeler au +33 499001234";
  p.additionalHistory = "Douleur après chute; patiente née le 06/05/1985";
  p.imageComment = "Lefèbvre-Crépin genou";
  return p;
}

PatientIdentity japanesePatient() {
  PatientIdentity p;
  p.charset = "ISO_IR 192";
  p.dicomName = "Yamada^Tarou=山田^太郎=やまだ^たろう";
  p.nameParts = {"Yamada", "Tarou", "山田", "太郎", "やまだ", "たろう"};
  p.typedName = "山田太郎";
  p.id = "JP-0042917";
  p.issuer = "聖マリア記念病院";
  p.otherId = "HK-88120455";
  p.otherIdIssuer = "KENPO-KUMIAI";
  p.birthDate = "19700923";
  p.typedBirthDate = "1970年9月23日";
  p.sex = "M";
  p.age = "053Y";
  p.address = "東京都港区芝浦4-9-25 第二ハイツ302";
  p.phone = "+81 3 5550 8213";
  p.referringPhysician = "Suzuki^Hanako=鈴木^花子";
  p.performingPhysician = "Papadopoulou^Eleni=Παπαδοπούλου^Ελένη";
  p.operatorName = "Tanaka^Ken=田中^健";
  p.requestingPhysician = "Suzuki^Hanako=鈴木^花子";
  p.staffNameParts = {"鈴木", "花子", "Suzuki", "Παπαδοπούλου", "Ελένη", "田中", "Tanaka"};
  p.institution = "聖マリア記念病院";
  p.institutionAddress = "東京都中央区明石町9-1";
  p.department = "放射線科";
  p.stationName = "SMK-MR05";
  p.deviceSerial = "MRJ-771204";
  p.accession = "SMK23-554120";
  p.accessionIssuer = "SMK-RIS";
  p.studyId = "MR554120";
  p.requestedProcedureId = "RP-554120";
  p.scheduledStepId = "SPS-554120-1";
  p.studyDate = "20231005";
  p.studyTime = "163020";
  p.studyDescription = "膝関節MRI 右";
  p.patientComments = "山田太郎様 ご本人より電話あり";
  p.additionalHistory = "右膝痛。山田太郎、1970年9月23日生";
  p.imageComment = "山田 右膝";
  return p;
}

PatientIdentity cyrillicPatient() {
  PatientIdentity p;
  p.charset = "ISO_IR 144";
  p.dicomName = "Иванова^Мария^Петровна";
  p.nameParts = {"Иванова", "Мария", "Петровна"};
  p.typedName = "Мария Иванова";
  p.id = "RU-5521873";
  p.issuer = "ГКБ-17";
  p.otherId = "ОМС-7754000012345678";
  p.otherIdIssuer = "ФОМС";
  p.birthDate = "19920117";
  p.typedBirthDate = "17.01.1992";
  p.sex = "F";
  p.age = "031Y";
  p.address = "ул. Садовая, д. 12, кв. 5, Новосибирск";
  p.phone = "+7 383 555 01 92";
  p.referringPhysician = "Смирнов^Алексей^^д-р";
  p.performingPhysician = "Кузнецова^Ольга";
  p.operatorName = "Попов^Игорь";
  p.requestingPhysician = "Смирнов^Алексей^^д-р";
  p.staffNameParts = {"Смирнов", "Алексей", "Кузнецова", "Ольга", "Попов", "Игорь"};
  p.institution = "Городская клиническая больница № 17";
  p.institutionAddress = "ул. Лесная, 8, Новосибирск";
  p.department = "Лучевая диагностика";
  p.stationName = "GKB17-CT1";
  p.deviceSerial = "KT-401877";
  p.accession = "GKB-2023-4410";
  p.accessionIssuer = "GKB-RIS";
  p.studyId = "KT4410";
  p.requestedProcedureId = "RP-4410";
  p.scheduledStepId = "SPS-4410-1";
  p.studyDate = "20230815";
  p.studyTime = "091200";
  p.studyDescription = "КТ коленного сустава";
  p.patientComments = "Пациентка Иванова М.П., звонила 14.08";
  p.additionalHistory = "Травма колена. Мария Иванова, 17.01.1992 г.р.";
  p.imageComment = "Иванова колено";
  return p;
}

PatientIdentity benchmarkPatient() {
  PatientIdentity p;
  p.dicomName = "Quarrington^Bernadette^Olive";
  p.nameParts = {"Quarrington", "Bernadette", "Olive"};
  p.typedName = "Bernadette Quarrington";
  p.id = "BQ7730154";
  p.issuer = "NORTHFIELD-MRN";
  p.otherId = "NF-00918273";
  p.otherIdIssuer = "NORTHFIELD-LAB";
  p.birthDate = "19660729";
  p.typedBirthDate = "29/07/1966";
  p.sex = "F";
  p.age = "056Y";
  p.address = "3 Orchard Mews, Northfield NF4 2PD";
  p.phone = "+44 1632 960881";
  p.referringPhysician = "Achterberg^Willem^^Dr.";
  p.performingPhysician = "Ferreira^Lucia";
  p.operatorName = "Nakamura^Ken";
  p.requestingPhysician = "Achterberg^Willem^^Dr.";
  p.staffNameParts = {"Achterberg", "Willem", "Ferreira", "Lucia", "Nakamura"};
  p.institution = "Northfield Orthopaedic Centre";
  p.institutionAddress = "88 Mill Lane, Northfield NF1 3AB";
  p.department = "Imaging";
  p.stationName = "NOC-MR1";
  p.deviceSerial = "SN-NOC-30017";
  p.accession = "NOC23-771004";
  p.accessionIssuer = "NOC-RIS";
  p.studyId = "NOC771004";
  p.requestedProcedureId = "RP-771004";
  p.scheduledStepId = "SPS-771004-1";
  p.studyDate = "20230418";
  p.studyTime = "120000";
  p.studyDescription = "MR KNEE (BQ7730154)";
  p.patientComments = "Bernadette Quarrington, interpreter needed";
  p.additionalHistory = "Chronic pain; B. Quarrington DOB 29/07/1966";
  p.imageComment = "Quarrington";
  return p;
}

}  // namespace imaging::sample
