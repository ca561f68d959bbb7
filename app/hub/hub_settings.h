// Where and how memplan reaches the Hugging Face Hub, read from the environment the way the
// huggingface_hub library reads it (huggingface_hub/constants.py, utils/_auth.py): the
// endpoint, the access token, offline mode, the download timeout; and memplan's own cache.
#pragma once

#include <QByteArray>
#include <QString>

namespace memplan::hub {

struct HubSettings {
    QString endpoint = QStringLiteral("https://huggingface.co"); // HF_ENDPOINT, no trailing '/'
    QByteArray token;        // HF_TOKEN, HUGGING_FACE_HUB_TOKEN, or the token file
    QString tokenSource;     // where the token came from, for messages ("" = none)
    bool offline = false;    // HF_HUB_OFFLINE=1: the cache only
    int timeoutSeconds = 10; // HF_HUB_DOWNLOAD_TIMEOUT (huggingface_hub's default: 10 s)
    QString cacheDir;        // <user cache>/memplan/hub
    // An HTTP proxy to use for every request ("http://host:port"); empty: the system's
    // (http_proxy, https_proxy, no_proxy). Qt never proxies the loopback address through the
    // environment's proxy, so tests set this to reach a proxy on 127.0.0.1.
    QString proxy;

    // From the process environment. The token file is HF_TOKEN_PATH, else $HF_HOME/token,
    // else $XDG_CACHE_HOME/huggingface/token, else ~/.cache/huggingface/token: where
    // `huggingface-cli login` / `hf auth login` writes it.
    static HubSettings fromEnvironment();
};

// "ORG/NAME" or "ORG/NAME@REVISION" split; the revision defaults to "main".
struct RepoRef {
    QString id;       // ORG/NAME
    QString revision; // branch, tag or commit
};
RepoRef parseRepoRef(const QString& text);

} // namespace memplan::hub
