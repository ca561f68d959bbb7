// A Hub repository's files as memplan::ModelFiles: config.json and the index fetched whole,
// safetensors headers by HTTP range requests; every answer cached under the user cache folder
// so that the same model opens again without a network (and with HF_HUB_OFFLINE=1).
#pragma once

#include "hub_settings.h"

#include "memplan/model_files.h"

#include <QNetworkAccessManager>
#include <QStringList>

#include <memory>

namespace memplan::hub {

class HubModelFiles : public ModelFiles {
public:
    HubModelFiles(HubSettings settings, RepoRef repo);
    ~HubModelFiles() override;

    std::optional<std::string> read(const std::string& name) override;
    std::optional<SafetensorsHeader> header(const std::string& name) override;
    std::string label(const std::string& name) const override;

    // Said once per import: files that came from the cache because the Hub was out of reach.
    const QStringList& notes() const { return notes_; }

private:
    struct Fetched {
        bool absent = false;
        QByteArray bytes;
        qint64 total = -1;
    };
    QUrl urlOf(const std::string& name) const;
    QString proxyFor(const QUrl& url) const; // "the proxy host:port", or "" when direct
    QString cachePath(const std::string& name) const;
    // A whole file (`range` empty) or its first bytes, from the Hub or else the cache.
    Fetched fetch(const std::string& name, std::optional<qint64> prefixBytes);
    Fetched fromCache(const std::string& name, const QString& why);
    void store(const std::string& name, const Fetched& f);
    [[noreturn]] void failHttp(const std::string& name, int status, const QByteArray& code,
                               const QByteArray& message) const;

    HubSettings settings_;
    RepoRef repo_;
    std::unique_ptr<QNetworkAccessManager> nam_;
    QStringList notes_;
    bool usedCache_ = false;
};

// The whole import: config.json, then the index or model.safetensors headers.
ImportedModel importFromHub(const QString& repoText, const HubSettings& settings,
                            QStringList* notes = nullptr);

} // namespace memplan::hub
