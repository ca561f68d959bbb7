#include "hub_http.h"

#include "memplan/version.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace memplan::hub {

namespace {

constexpr int kMaxRedirects = 10;

bool isProxyError(QNetworkReply::NetworkError e) {
    switch (e) {
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        return true;
    default:
        return false;
    }
}

// "bytes 0-65535/4976698672" -> 4976698672
qint64 totalFromContentRange(const QByteArray& value) {
    const qsizetype slash = value.lastIndexOf('/');
    if (slash < 0)
        return -1;
    bool ok = false;
    const qint64 n = value.mid(slash + 1).trimmed().toLongLong(&ok);
    return ok ? n : -1;
}

} // namespace

HttpResult httpGet(QNetworkAccessManager& nam, const QUrl& start, const QByteArray& token,
                   std::optional<HttpRange> range, qint64 maxBytes, int timeoutSeconds) {
    HttpResult r;
    QUrl url = start;
    for (int hop = 0; hop <= kMaxRedirects; ++hop) {
        QNetworkRequest req(url);
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
        req.setTransferTimeout(timeoutSeconds * 1000);
        req.setHeader(QNetworkRequest::UserAgentHeader,
                      QByteArray("memplan/") + QByteArray(memplan::kVersion));
        // The token goes to the endpoint's host only, never to a CDN a redirect names.
        if (!token.isEmpty() && url.host() == start.host() && url.port() == start.port())
            req.setRawHeader("Authorization", "Bearer " + token);
        if (range)
            req.setRawHeader("Range", "bytes=" + QByteArray::number(range->first) + "-" +
                                          QByteArray::number(range->last));
        // Compressed bodies would make byte ranges and sizes meaningless.
        req.setRawHeader("Accept-Encoding", "identity");

        QNetworkReply* reply = nam.get(req);
        QEventLoop loop;
        QByteArray body;
        bool capped = false;
        QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
            body += reply->read(maxBytes - body.size() + 1);
            if (body.size() > maxBytes) {
                body.truncate(maxBytes);
                capped = true;
                reply->abort();
            }
        });
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        if (!capped && reply->isOpen())
            body += reply->read(maxBytes - body.size());

        const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        r.status = statusAttr.isValid() ? statusAttr.toInt() : 0;
        r.finalUrl = url;
        const QNetworkReply::NetworkError err = reply->error();
        const bool cutShort =
            err == QNetworkReply::OperationCanceledError || err == QNetworkReply::TimeoutError;
        if (err != QNetworkReply::NoError && !capped && (r.status == 0 || cutShort)) {
            r.transportError = true;
            r.timedOut = cutShort; // the transfer timeout aborts the reply
            r.proxyError = isProxyError(err);
            r.transportText = reply->errorString();
            reply->deleteLater();
            return r;
        }
        if (r.status >= 300 && r.status < 400 && reply->hasRawHeader("Location")) {
            url = url.resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
            reply->deleteLater();
            continue;
        }
        r.body = body;
        r.errorCode = reply->rawHeader("X-Error-Code");
        r.errorMessage = reply->rawHeader("X-Error-Message");
        if (r.status == 206)
            r.totalSize = totalFromContentRange(reply->rawHeader("Content-Range"));
        else if (r.status == 200 && reply->hasRawHeader("Content-Length"))
            r.totalSize = reply->rawHeader("Content-Length").toLongLong();
        reply->deleteLater();
        return r;
    }
    r.status = 310;
    r.transportText = QStringLiteral("more than %1 redirects").arg(kMaxRedirects);
    return r;
}

} // namespace memplan::hub
