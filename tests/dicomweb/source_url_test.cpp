// dicomweb+http(s):// inputs: what is the DICOMweb root, what is the query, what is refused, and
// that messages never carry the query (patient identifiers) or credentials.
#include <gtest/gtest.h>

#include <string>

#include "imaging/core/error.h"
#include "imaging/dicomweb/http_client.h"
#include "imaging/dicomweb/source.h"
#include "qido.h"

using imaging::DicomWebSource;
using imaging::parseDicomWebSource;

TEST(DicomWebSourceUrl, RootAndQuery) {
  const DicomWebSource s = parseDicomWebSource("dicomweb+http://127.0.0.1:8042/dicom-web?PatientID=X1&StudyDate=2024");
  EXPECT_EQ(s.base_url, "http://127.0.0.1:8042/dicom-web");
  EXPECT_EQ(s.query, "PatientID=X1&StudyDate=2024");
  EXPECT_EQ(s.display(), "http://127.0.0.1:8042/dicom-web");
}

TEST(DicomWebSourceUrl, StudiesSuffixTrailingSlashHttpsIpv6AndNoQuery) {
  EXPECT_EQ(parseDicomWebSource("dicomweb+https://pacs.example.org/wado/studies?ModalitiesInStudy=MR").base_url,
            "https://pacs.example.org/wado");
  EXPECT_EQ(parseDicomWebSource("dicomweb+http://host:80/dicom-web/").base_url, "http://host:80/dicom-web");
  EXPECT_EQ(parseDicomWebSource("dicomweb+http://[::1]:8042/dicom-web").base_url, "http://[::1]:8042/dicom-web");
  const DicomWebSource bare = parseDicomWebSource("dicomweb+http://host");
  EXPECT_EQ(bare.base_url, "http://host");
  EXPECT_EQ(bare.query, "");
}

TEST(DicomWebSourceUrl, RecognisedOnlyWithTheScheme) {
  EXPECT_TRUE(imaging::isDicomWebSource("dicomweb+http://h/x"));
  EXPECT_TRUE(imaging::isDicomWebSource("dicomweb+https://h/x"));
  EXPECT_FALSE(imaging::isDicomWebSource("http://h/x"));
  EXPECT_FALSE(imaging::isDicomWebSource("/data/dicomweb+http:/x"));
  EXPECT_FALSE(imaging::isDicomWebSource("dicomweb+ftp://h/x"));
}

TEST(DicomWebSourceUrl, RefusalsNameTheUrlWithoutQueryOrCredentials) {
  const char* bad[] = {"dicomweb+http://user:secretpw@host/dw?PatientName=Doe",
                       "dicomweb+http://host:0/dw?PatientName=Doe",
                       "dicomweb+http://host:99999/dw?PatientName=Doe",
                       "dicomweb+http://host:8o42/dw?PatientName=Doe",
                       "dicomweb+http://:8042/dw?PatientName=Doe",
                       "dicomweb+http://host/dw?PatientName=Doe#frag",
                       "dicomweb+ftp://host/dw?PatientName=Doe"};
  for (const char* text : bad) {
    SCOPED_TRACE(text);
    try {
      parseDicomWebSource(text);
      FAIL() << "accepted";
    } catch (const imaging::Error& e) {
      EXPECT_EQ(e.code(), imaging::ErrorCode::InvalidArgument);
      const std::string message = e.what();
      EXPECT_EQ(message.find("Doe"), std::string::npos) << message;
      EXPECT_EQ(message.find("secretpw"), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }
}

TEST(RedactedUrl, DropsQueryFragmentAndUserInfo) {
  EXPECT_EQ(imaging::redactedUrl("https://u:p@h:1/a/b?PatientID=1#x"), "https://h:1/a/b");
  EXPECT_EQ(imaging::redactedUrl("http://h/a@b"), "http://h/a@b");  // '@' in the path is no user
  EXPECT_EQ(imaging::redactedUrl("http://h"), "http://h");
}

TEST(QidoStudyUids, ParsedInOrderAndUnsafeOnesLeftOut) {
  const std::string json = R"([
    {"0020000D": {"vr": "UI", "Value": ["1.2.3"]}, "00100010": {"vr": "PN"}},
    {"0020000D": {"vr": "UI", "Value": ["1.2.3/../../x"]}},
    {"00080020": {"vr": "DA", "Value": ["20240101"]}},
    {"0020000D": {"vr": "UI", "Value": ["2.25.7"]}}])";
  const auto uids = imaging::dicomweb_detail::parseStudyUids(json);
  ASSERT_TRUE(uids);
  EXPECT_EQ(*uids, (std::vector<std::string>{"1.2.3", "2.25.7"}));
  EXPECT_FALSE(imaging::dicomweb_detail::parseStudyUids("{}"));
  EXPECT_FALSE(imaging::dicomweb_detail::parseStudyUids("<html>"));
  EXPECT_EQ(imaging::dicomweb_detail::parseStudyUids("[]")->size(), 0u);
}
