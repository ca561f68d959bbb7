// One HTTP GET, run to completion in a local event loop: optional byte range, a cap on the
// bytes kept, redirects followed by hand so that the token never goes to another host (the
// Hub sends large files to a CDN with a signed URL).
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;

namespace memplan::hub {

struct HttpRange {
    qint64 first = 0, last = 0; // inclusive, as in "Range: bytes=first-last"
};

struct HttpResult {
    bool transportError = false; // no HTTP answer: no network, refused, DNS, proxy, timeout
    bool timedOut = false;
    bool proxyError = false;
    QString transportText;   // Qt's description of a transport error
    int status = 0;          // HTTP status of the final answer
    QByteArray body;         // at most the cap; a 200 answer to a range request is cut there
    QByteArray errorCode;    // the Hub's X-Error-Code (GatedRepo, RepoNotFound, ...)
    QByteArray errorMessage; // the Hub's X-Error-Message
    qint64 totalSize = -1;   // the whole file's size (Content-Range, or Content-Length of 200)
    QUrl finalUrl;
};

// Runs the request; never throws. QCoreApplication must exist.
HttpResult httpGet(QNetworkAccessManager& nam, const QUrl& url, const QByteArray& token,
                   std::optional<HttpRange> range, qint64 maxBytes, int timeoutSeconds);

} // namespace memplan::hub
