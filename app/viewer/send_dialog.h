#pragma once
// "Send..." from the share flow's last step: sends the checked export to a DICOM peer by C-STORE
// (libimaging's sendByCStore) in the background with a progress bar, and says in plain words what
// arrived. Destinations are remembered (send_destinations.h). A rerun to the same destination sends
// only what has not arrived yet (the library's state file beside the export). While sending, the
// Send button becomes Cancel: the image in flight finishes, the rest is left for the next Send.
#include <QDialog>
#include <QString>
#include <atomic>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;

class SendDialog : public QDialog {
  Q_OBJECT
 public:
  SendDialog(QString export_path, bool interactive, QWidget* parent = nullptr);

 protected:
  void reject() override;

 private:
  void startSend();
  void cancelSend();
  void fillFields(const QString& destination);

  QString export_path_;
  bool interactive_ = true;
  bool sending_ = false;
  // Shared with the background send, which may outlive a click on Cancel by one image.
  std::shared_ptr<std::atomic<bool>> cancel_;
  QComboBox* saved_ = nullptr;
  QLineEdit* ae_title_ = nullptr;
  QLineEdit* host_ = nullptr;
  QLineEdit* port_ = nullptr;
  QPushButton* send_ = nullptr;
  QPushButton* close_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* status_ = nullptr;
  QTreeWidget* failures_ = nullptr;
};
