#include "hub_settings.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace memplan::hub {

namespace {

QString env(const char* name) {
    return qEnvironmentVariable(name).trimmed();
}

bool truthy(const QString& v) {
    const QString s = v.toLower();
    return s == QLatin1String("1") || s == QLatin1String("true") || s == QLatin1String("yes") ||
           s == QLatin1String("on");
}

} // namespace

HubSettings HubSettings::fromEnvironment() {
    HubSettings s;
    if (const QString e = env("HF_ENDPOINT"); !e.isEmpty()) {
        s.endpoint = e;
        while (s.endpoint.endsWith(QLatin1Char('/')))
            s.endpoint.chop(1);
    }
    s.offline = truthy(env("HF_HUB_OFFLINE"));
    bool ok = false;
    const int t = env("HF_HUB_DOWNLOAD_TIMEOUT").toInt(&ok);
    if (ok && t > 0 && t <= 3600)
        s.timeoutSeconds = t;

    // The token: the variables first, then the file (huggingface_hub utils/_auth.py, get_token).
    for (const char* name : {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"}) {
        if (const QString v = env(name); !v.isEmpty()) {
            s.token = v.toUtf8();
            s.tokenSource = QString::fromLatin1(name);
            break;
        }
    }
    if (s.token.isEmpty()) {
        QString path = env("HF_TOKEN_PATH");
        if (path.isEmpty()) {
            QString home = env("HF_HOME");
            if (home.isEmpty()) {
                QString xdg = env("XDG_CACHE_HOME");
                if (xdg.isEmpty())
                    xdg = QDir::homePath() + QStringLiteral("/.cache");
                home = xdg + QStringLiteral("/huggingface");
            }
            path = home + QStringLiteral("/token");
        }
        if (path.startsWith(QLatin1String("~/")))
            path = QDir::homePath() + path.mid(1);
        QFile f(path);
        if (f.open(QIODevice::ReadOnly)) {
            s.token = f.read(4096).trimmed();
            if (!s.token.isEmpty())
                s.tokenSource = path;
        }
    }

    s.cacheDir = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
                 QStringLiteral("/memplan/hub");
    return s;
}

RepoRef parseRepoRef(const QString& text) {
    RepoRef r;
    const qsizetype at = text.indexOf(QLatin1Char('@'));
    r.id = at < 0 ? text : text.left(at);
    r.revision = at < 0 ? QStringLiteral("main") : text.mid(at + 1);
    return r;
}

} // namespace memplan::hub
