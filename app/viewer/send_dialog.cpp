#include "send_dialog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>
#include <optional>

#include "imaging/core/error.h"
#include "imaging/send/send.h"
#include "imaging/workflow/send_export.h"
#include "send_destinations.h"

namespace {

QString text(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }

struct SendOutcome {
  imaging::SendReport report;
  QString error;
};

}  // namespace

SendDialog::SendDialog(QString export_path, bool interactive, QWidget* parent)
    : QDialog(parent), export_path_(std::move(export_path)), interactive_(interactive) {
  setWindowTitle(tr("Send the copy"));
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(tr("Send the checked copy in %1 to a DICOM archive or viewer (for example another "
                              "hospital's PACS). Ask the recipient for its AE title, host name and port.")
                               .arg(export_path_),
                           this);
  intro->setWordWrap(true);
  layout->addWidget(intro);

  auto* form = new QFormLayout;
  saved_ = new QComboBox(this);
  saved_->addItem(tr("(new destination)"));
  if (interactive_) saved_->addItems(savedDestinations(QSettings()));
  ae_title_ = new QLineEdit(this);
  ae_title_->setMaxLength(16);
  ae_title_->setPlaceholderText(QStringLiteral("ORTHANC"));
  host_ = new QLineEdit(this);
  host_->setPlaceholderText(QStringLiteral("pacs.example.org"));
  port_ = new QLineEdit(QStringLiteral("104"), this);
  form->addRow(tr("Saved destinations:"), saved_);
  form->addRow(tr("AE title:"), ae_title_);
  form->addRow(tr("Host:"), host_);
  form->addRow(tr("Port:"), port_);
  layout->addLayout(form);

  progress_ = new QProgressBar(this);
  progress_->setValue(0);
  layout->addWidget(progress_);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  layout->addWidget(status_);
  failures_ = new QTreeWidget(this);
  failures_->setHeaderLabels({tr("Image"), tr("Why it was not sent")});
  failures_->setRootIsDecorated(false);
  failures_->setVisible(false);
  layout->addWidget(failures_, 1);

  auto* buttons = new QHBoxLayout;
  send_ = new QPushButton(tr("&Send"), this);
  send_->setDefault(true);
  close_ = new QPushButton(tr("Close"), this);
  buttons->addStretch(1);
  buttons->addWidget(send_);
  buttons->addWidget(close_);
  layout->addLayout(buttons);

  connect(saved_, &QComboBox::currentIndexChanged, this, [this](int index) {
    if (index > 0) fillFields(saved_->itemText(index));
  });
  if (saved_->count() > 1) saved_->setCurrentIndex(1);
  connect(send_, &QPushButton::clicked, this, [this] { sending_ ? cancelSend() : startSend(); });
  connect(close_, &QPushButton::clicked, this, &SendDialog::reject);
  resize(620, 420);
}

void SendDialog::fillFields(const QString& destination) {
  try {
    const imaging::DicomPeer peer = imaging::parseDicomPeer(destination.toStdString());
    ae_title_->setText(text(peer.called_aet));
    host_->setText(text(peer.host));
    port_->setText(QString::number(peer.port));
  } catch (const imaging::Error&) {
    // Saved entries are checked on load; nothing to fill from one that does not parse.
  }
}

void SendDialog::reject() {
  if (sending_) {  // Escape or the window's close box: stop cleanly; the dialog stays to say what arrived
    cancelSend();
    return;
  }
  QDialog::reject();
}

void SendDialog::cancelSend() {
  if (!sending_ || !cancel_) return;
  cancel_->store(true);
  send_->setEnabled(false);
  status_->setText(tr("Stopping after the image being sent now..."));
}

void SendDialog::startSend() {
  if (sending_) return;
  QString problem;
  const QString destination = destinationFromFields(ae_title_->text(), host_->text(), port_->text(), &problem);
  if (destination.isEmpty()) {
    status_->setText(tr("Check the destination: %1").arg(problem));
    return;
  }
  sending_ = true;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  for (QWidget* w : std::initializer_list<QWidget*>{saved_, ae_title_, host_, port_, close_}) w->setEnabled(false);
  send_->setText(tr("&Cancel"));
  failures_->clear();
  failures_->setVisible(false);
  progress_->setRange(0, 0);
  status_->setText(tr("Connecting to %1...").arg(destination));

  QPointer<SendDialog> self = this;
  auto* watcher = new QFutureWatcher<SendOutcome>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, destination] {
    const SendOutcome outcome = watcher->result();
    watcher->deleteLater();
    sending_ = false;
    send_->setText(tr("&Send"));
    for (QWidget* w : std::initializer_list<QWidget*>{saved_, ae_title_, host_, port_, send_, close_}) w->setEnabled(true);
    progress_->setRange(0, 1);
    if (!outcome.error.isEmpty()) {
      progress_->setValue(0);
      status_->setText(tr("Nothing was sent: %1").arg(outcome.error));
      return;
    }
    if (interactive_) {
      QSettings settings;
      rememberDestination(settings, destination);
    }
    const auto& report = outcome.report;
    const std::size_t total = report.files.size();
    const std::size_t arrived = report.count(imaging::SendOutcome::Sent) + report.count(imaging::SendOutcome::AlreadySent);
    progress_->setValue(report.allDone() ? 1 : 0);
    const std::size_t cancelled = report.count(imaging::SendOutcome::Cancelled);
    QString summary = cancelled > 0 ? tr("Sending was cancelled. %1 of %2 images arrived at %3; the other %4 were not sent.")
                                          .arg(arrived)
                                          .arg(total)
                                          .arg(destination)
                                          .arg(total - arrived)
                                    : tr("Sent %1 of %2 images to %3.").arg(arrived).arg(total).arg(destination);
    if (const std::size_t before = report.count(imaging::SendOutcome::AlreadySent))
      summary += tr(" %1 of them had already arrived in an earlier send.").arg(before);
    if (cancelled > 0)
      summary += tr(" Press Send to send the rest.");
    else if (!report.allDone())
      summary += tr(" %1 could not be sent (listed below); press Send again to retry only those.")
                     .arg(report.count(imaging::SendOutcome::Failed));
    status_->setText(summary);
    for (const auto& file : report.files)
      if (file.outcome == imaging::SendOutcome::Failed)
        new QTreeWidgetItem(failures_, {text(file.path.filename().string()), text(file.detail)});
    failures_->setVisible(failures_->topLevelItemCount() > 0);
  });

  imaging::SendOptions options;
  options.progress = [self](const imaging::FileSendStatus&, std::size_t done, std::size_t total) {
    QMetaObject::invokeMethod(self, [self, done, total] {
      if (!self || !self->sending_) return;
      self->progress_->setRange(0, static_cast<int>(total));
      self->progress_->setValue(static_cast<int>(done));
      if (self->cancel_ && self->cancel_->load()) return;  // keep saying that it is stopping
      self->status_->setText(tr("Sending image %1 of %2...").arg(done).arg(total));
    }, Qt::QueuedConnection);
  };
  watcher->setFuture(QtConcurrent::run([path = export_path_.toStdString(), peer_text = destination.toStdString(), options,
                                        cancel = cancel_]() mutable {
    SendOutcome outcome;
    try {
      // Remembers what arrived, beside the export (never inside it), so a second Send resumes
      // (after asking the server what it still has).
      imaging::SendState state(imaging::SendState::defaultFileFor(path));
      options.state = &state;
      options.cancel = cancel.get();
      imaging::SendDestination to;
      to.peer = imaging::parseDicomPeer(peer_text);
      // verify's checks first: a copy it calls NOT CLEAN is not sent, and there is no override.
      const imaging::CheckedSend checked = imaging::sendExport(path, to, options);
      if (checked.refused()) outcome.error = QString::fromStdString(imaging::refusalLine(checked.verdict));
      else outcome.report = checked.report;
    } catch (const imaging::Error& e) {
      outcome.error = QString::fromStdString(e.oneLine());
    } catch (const std::exception& e) {
      outcome.error = QString::fromUtf8(e.what());
    }
    return outcome;
  }));
}
