#include "hub_model_files.h"

#include "hub_http.h"

#include "memplan/errors.h"
#include "memplan/file_io.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>

namespace memplan::hub {

namespace {

constexpr qint64 kMaxWholeFile = 64LL << 20; // config.json, the index (DeepSeek-V3's: 9 MB)
constexpr qint64 kFirstRange = 64 << 10;     // most headers fit the first 64 KiB

QString fileSafe(const QString& s) {
    return QString::fromLatin1(QUrl::toPercentEncoding(s, "-_.@"));
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::string text(const QString& s) {
    return s.toStdString();
}

// The proxy a request to `url` goes through ("host:port"), or "" for a direct connection.
QString proxyOf(const QNetworkProxy& p) {
    if (p.type() == QNetworkProxy::NoProxy || p.type() == QNetworkProxy::DefaultProxy)
        return {};
    return QStringLiteral("the proxy %1:%2").arg(p.hostName()).arg(p.port());
}

} // namespace

HubModelFiles::HubModelFiles(HubSettings settings, RepoRef repo)
    : settings_(std::move(settings))
    , repo_(std::move(repo))
    , nam_(std::make_unique<QNetworkAccessManager>()) {
    if (!settings_.proxy.isEmpty()) {
        const QUrl p(settings_.proxy);
        nam_->setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, p.host(),
                                     static_cast<quint16>(p.port(8080)), p.userName(),
                                     p.password()));
    } else {
        // http_proxy / https_proxy / no_proxy from the environment, as the Python tools use.
        QNetworkProxyFactory::setUseSystemConfiguration(true);
    }
}

HubModelFiles::~HubModelFiles() = default;

QString HubModelFiles::proxyFor(const QUrl& url) const {
    if (!settings_.proxy.isEmpty())
        return proxyOf(nam_->proxy());
    const QList<QNetworkProxy> list =
        QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(url));
    return list.isEmpty() ? QString() : proxyOf(list.first());
}

QUrl HubModelFiles::urlOf(const std::string& name) const {
    // {endpoint}/{repo_id}/resolve/{revision}/{filename} (huggingface_hub file_download.py,
    // hf_hub_url): the revision quoted whole, the file name path by path.
    QString path = QString::fromStdString(name);
    QStringList parts = path.split(QLatin1Char('/'));
    for (QString& p : parts)
        p = QString::fromLatin1(QUrl::toPercentEncoding(p));
    return QUrl(settings_.endpoint + QLatin1Char('/') + repo_.id + QStringLiteral("/resolve/") +
                QString::fromLatin1(QUrl::toPercentEncoding(repo_.revision)) + QLatin1Char('/') +
                parts.join(QLatin1Char('/')));
}

std::string HubModelFiles::label(const std::string& name) const {
    return urlOf(name).toString().toStdString();
}

QString HubModelFiles::cachePath(const std::string& name) const {
    const QUrl endpoint(settings_.endpoint);
    QString host = endpoint.host().isEmpty() ? QStringLiteral("hub") : endpoint.host();
    if (endpoint.port() > 0)
        host += QLatin1Char('_') + QString::number(endpoint.port());
    QStringList parts = QString::fromStdString(name).split(QLatin1Char('/'));
    for (QString& p : parts)
        p = fileSafe(p);
    return settings_.cacheDir + QLatin1Char('/') + fileSafe(host) + QLatin1Char('/') +
           fileSafe(repo_.id.section(QLatin1Char('/'), 0, 0)) + QLatin1Char('/') +
           fileSafe(repo_.id.section(QLatin1Char('/'), 1)) + QLatin1Char('/') +
           fileSafe(repo_.revision) + QLatin1Char('/') + parts.join(QLatin1Char('/'));
}

void HubModelFiles::store(const std::string& name, const Fetched& f) {
    const QString path = cachePath(name);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return; // a cache that cannot be written only costs the offline copy
    try {
        if (f.absent) {
            writeFileAtomic(text(path + QStringLiteral(".absent")), "");
            return;
        }
        writeFileAtomic(text(path), std::string_view(f.bytes.constData(), f.bytes.size()));
        writeFileAtomic(text(path + QStringLiteral(".size")), std::to_string(f.total));
        QFile::remove(path + QStringLiteral(".absent"));
    } catch (const std::exception&) {
        // Full disk or read-only cache: the import itself still succeeds.
    }
}

HubModelFiles::Fetched HubModelFiles::fromCache(const std::string& name, const QString& why) {
    const QString path = cachePath(name);
    Fetched f;
    if (QFileInfo::exists(path + QStringLiteral(".absent"))) {
        f.absent = true;
    } else if (QFileInfo::exists(path)) {
        f.bytes = readAll(path);
        bool ok = false;
        f.total = readAll(path + QStringLiteral(".size")).trimmed().toLongLong(&ok);
        if (!ok)
            f.total = -1;
    } else {
        throw InputError(label(name), "",
                         text(why) + "; and the cache holds no copy from an earlier import (" +
                             text(QFileInfo(path).absolutePath()) + ")");
    }
    if (!usedCache_) {
        usedCache_ = true;
        notes_ << QStringLiteral("%1@%2: %3; using the copy cached at %4")
                      .arg(repo_.id, repo_.revision, why,
                           QFileInfo(cachePath("config.json")).absolutePath());
    }
    return f;
}

void HubModelFiles::failHttp(const std::string& name, int status, const QByteArray& code,
                             const QByteArray& message) const {
    const std::string repo = text(repo_.id);
    const std::string page = text(settings_.endpoint) + "/" + repo;
    const std::string tokenNote =
        settings_.token.isEmpty()
            ? "no token was sent (set HF_TOKEN, or log in with `hf auth login`, which writes "
              "~/.cache/huggingface/token)"
            : "the token from " + text(settings_.tokenSource) + " was sent";
    std::string problem;
    if (code == "GatedRepo") {
        problem = repo + " is a gated model: open " + page +
                  " while logged in, accept its conditions to request access, then use a read "
                  "token of that account; " +
                  tokenNote;
    } else if (status == 401) {
        problem = "no repository " + repo +
                  " that this request may read: it does not exist, "
                  "or it is private and " +
                  tokenNote;
    } else if (status == 403) {
        problem = "access denied (HTTP 403) to " + repo + ": " + tokenNote +
                  ", but it does not grant read access (a fine-grained token needs the "
                  "repository's read permission)";
    } else if (status == 404 && code == "RevisionNotFound") {
        problem = repo + " has no revision \"" + text(repo_.revision) + "\"";
    } else if (status == 404) {
        problem = "no repository " + repo + " on " + text(settings_.endpoint);
    } else if (status == 407) {
        problem = "the proxy asks for authentication (HTTP 407): put the user and password in "
                  "https_proxy (http://user:password@host:port)";
    } else if (status == 429) {
        problem = "the Hub limits the request rate (HTTP 429): try again in a minute, or send a "
                  "token (HF_TOKEN): logged-in limits are higher";
    } else if (status >= 500) {
        problem = "the Hub answered with a server error (HTTP " + std::to_string(status) +
                  "): try again later";
    } else {
        problem = "unexpected answer HTTP " + std::to_string(status);
    }
    if (!message.isEmpty())
        problem += " (the Hub says: " + message.left(300).toStdString() + ")";
    throw InputError(label(name), "", problem);
}

HubModelFiles::Fetched HubModelFiles::fetch(const std::string& name,
                                            std::optional<qint64> prefixBytes) {
    if (settings_.offline)
        return fromCache(name, QStringLiteral("HF_HUB_OFFLINE is set"));
    std::optional<HttpRange> range;
    if (prefixBytes)
        range = HttpRange{0, *prefixBytes - 1};
    const HttpResult r =
        httpGet(*nam_, urlOf(name), settings_.token, range,
                prefixBytes ? *prefixBytes : kMaxWholeFile + 1, settings_.timeoutSeconds);
    if (r.transportError) {
        const QString host = QUrl(settings_.endpoint).host();
        QString why;
        if (r.timedOut)
            why = QStringLiteral("no answer from %1 within %2 s (HF_HUB_DOWNLOAD_TIMEOUT)")
                      .arg(host)
                      .arg(settings_.timeoutSeconds);
        else if (r.proxyError || !proxyFor(urlOf(name)).isEmpty())
            why = QStringLiteral("the proxy failed (%1, %2; check https_proxy, "
                                 "http_proxy and no_proxy)")
                      .arg(r.transportText, proxyFor(urlOf(name)));
        else
            why = QStringLiteral("cannot reach %1 (%2)").arg(settings_.endpoint, r.transportText);
        return fromCache(name, why);
    }
    Fetched f;
    if (r.status == 200 || r.status == 206) {
        if (!prefixBytes && r.body.size() > kMaxWholeFile)
            throw InputError(label(name), "", "larger than 64 MiB: not a config or an index");
        f.bytes = r.body;
        f.total = r.totalSize;
    } else if (r.status == 404 && r.errorCode != "RepoNotFound" &&
               r.errorCode != "RevisionNotFound" && r.errorCode != "GatedRepo") {
        f.absent = true; // EntryNotFound: the repository has no such file
    } else {
        failHttp(name, r.status, r.errorCode, r.errorMessage);
    }
    store(name, f);
    return f;
}

std::optional<std::string> HubModelFiles::read(const std::string& name) {
    const Fetched f = fetch(name, std::nullopt);
    if (f.absent)
        return std::nullopt;
    return f.bytes.toStdString();
}

std::optional<SafetensorsHeader> HubModelFiles::header(const std::string& name) {
    Fetched f = fetch(name, kFirstRange);
    if (f.absent)
        return std::nullopt;
    const std::string file = label(name);
    const uint64_t total = f.total > 0 ? static_cast<uint64_t>(f.total) : 0;
    const uint64_t n = safetensorsHeaderLength(f.bytes.left(8).toStdString(), file, total);
    const qint64 need = 8 + static_cast<qint64>(n);
    if (f.bytes.size() < need) {
        // A header beyond the first range (thousands of tensors): one more request for it all.
        f = fetch(name, need);
        if (f.bytes.size() < need)
            throw InputError(file, "header",
                             "the server sent " + std::to_string(f.bytes.size()) + " of the " +
                                 std::to_string(need) + " header bytes");
    }
    return parseSafetensorsHeader(f.bytes.mid(8, need - 8).toStdString(), file, total);
}

ImportedModel importFromHub(const QString& repoText, const HubSettings& settings,
                            QStringList* notes) {
    const RepoRef repo = parseRepoRef(repoText.trimmed());
    HubModelFiles files(settings, repo);
    ImportedModel m = importModelFiles(files);
    m.model.name = repo.id.toStdString(); // the Hub name, not the config's _name_or_path
    if (notes)
        *notes = files.notes();
    return m;
}

} // namespace memplan::hub
