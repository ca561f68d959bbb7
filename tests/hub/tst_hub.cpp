// Hugging Face Hub import against a stand-in Hub on 127.0.0.1 (tests/hub/hub_server.py serving
// the recorded files in tests/data/hub): exact counts from safetensors headers fetched by range
// requests, the same import offline from the cache, and a clear error for each failure.
#include "cli.h"
#include "hub_model_files.h"
#include "hub_settings.h"

#include "memplan/errors.h"
#include "memplan/param_count.h"
#include "memplan/presets.h"

#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <sstream>

#include <nlohmann/json.hpp>

using namespace memplan;
using nlohmann::json;

namespace {

const QString kRoot = QStringLiteral(MEMPLAN_TEST_DATA "/hub");
const QString kServer = QStringLiteral(MEMPLAN_SOURCE_DIR "/tests/hub/hub_server.py");

// A port on 127.0.0.1 where nothing listens (bound, then released).
quint16 closedPort() {
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    const quint16 port = s.serverPort();
    s.close();
    return port;
}

struct CliResult {
    int code = 0;
    QString out, err;
};

} // namespace

class TestHub : public QObject {
    Q_OBJECT

    QProcess server_;
    QTemporaryDir tmp_;
    QString log_;
    quint16 port_ = 0;

    void startServer() {
        log_ = tmp_.filePath(QStringLiteral("requests.log"));
        server_.setProgram(QStringLiteral("python3"));
        server_.setArguments({kServer, kRoot, log_});
        server_.start();
        QVERIFY2(server_.waitForStarted(10000), "python3 did not start");
        QVERIFY2(server_.waitForReadyRead(20000), "the test server printed no port");
        port_ = static_cast<quint16>(server_.readLine().trimmed().toUInt());
        QVERIFY(port_ > 0);
    }
    void stopServer() {
        server_.kill();
        server_.waitForFinished(5000);
    }

    // The settings a user with this environment gets, pointed at the stand-in Hub.
    hub::HubSettings settings() const {
        hub::HubSettings s;
        s.endpoint = QStringLiteral("http://127.0.0.1:%1").arg(port_);
        s.cacheDir = tmp_.filePath(QStringLiteral("cache"));
        s.timeoutSeconds = 5;
        return s;
    }

    // memplan-cli import-hf through the same hook main() installs, with these settings.
    CliResult cli(const QStringList& args, const hub::HubSettings& s) {
        cli::setHubImport([s](const std::string& repo, std::ostream& err) {
            QStringList notes;
            ImportedModel m = hub::importFromHub(QString::fromStdString(repo), s, &notes);
            for (const QString& n : notes)
                err << "note: " << n.toStdString() << "\n";
            return m;
        });
        std::vector<std::string> a;
        for (const QString& x : args)
            a.push_back(x.toStdString());
        std::ostringstream out, err;
        CliResult r;
        r.code = cli::run(a, out, err);
        r.out = QString::fromStdString(out.str());
        r.err = QString::fromStdString(err.str());
        return r;
    }

    QString importError(const QString& repo, const hub::HubSettings& s) {
        try {
            (void)hub::importFromHub(repo, s);
        } catch (const InputError& e) {
            return QString::fromStdString(e.what());
        }
        return QStringLiteral("(no error)");
    }

private slots:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        startServer();
    }
    void cleanupTestCase() { stopServer(); }

    // The exact count from the headers: Mixtral-8x7B's published count (the first shard's
    // header is larger than the first 64 KiB range), and a two-shard tiny Llama at a tag.
    void exactCount_data() {
        QTest::addColumn<QString>("repo");
        QTest::addColumn<qint64>("params");
        QTest::addColumn<int>("files");
        QTest::addRow("mixtral-8x7b") << "memplan-test/mixtral-8x7b" << qint64(46702792704) << 3;
        QTest::addRow("tiny-llama@v1.0") << "memplan-test/tiny-llama@v1.0" << qint64(6800) << 2;
    }
    void exactCount() {
        QFETCH(QString, repo);
        QFETCH(qint64, params);
        QFETCH(int, files);
        ImportedModel m;
        try {
            m = hub::importFromHub(repo, settings());
        } catch (const InputError& e) {
            QFAIL(e.what());
        }
        QVERIFY(m.checkpoint);
        QCOMPARE(m.checkpoint->files, int64_t(files));
        QCOMPARE(qint64(m.checkpoint->parameters), params);
        // The shape from config.json counts the same: the shape stays authoritative.
        QCOMPARE(qint64(countParameters(m.model).total), params);
        QVERIFY(!m.model.params);
        QCOMPARE(QString::fromStdString(m.model.name), repo.section('@', 0, 0));
        // Headers only: every safetensors request asked for a range and got at most the
        // header's bytes (the data section is never read).
        QFile log(log_);
        QVERIFY(log.open(QIODevice::ReadOnly));
        int ranged = 0;
        for (const QByteArray& line : log.readAll().split('\n')) {
            const QList<QByteArray> f = line.split(' ');
            if (f.size() != 3 || !f[0].endsWith(".safetensors"))
                continue;
            QVERIFY2(f[1].startsWith("bytes=0-"), line.constData());
            QVERIFY2(f[2].toLongLong() <= 131072, line.constData());
            ++ranged;
        }
        QVERIFY(ranged >= files);
    }

    // memplan-cli import-hf ORG/NAME prints the model and, on standard error, the count.
    void cliImport() {
        const CliResult r = cli({"import-hf", "memplan-test/mixtral-8x7b"}, settings());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json j = json::parse(r.out.toStdString());
        QCOMPARE(j.at("experts").get<int>(), 8);
        QCOMPARE(j.at("layers").get<int>(), 32);
        QVERIFY2(r.err.contains("46702792704 parameters"), qPrintable(r.err));
        QVERIFY2(r.err.contains("3 safetensors files"), qPrintable(r.err));
    }

    void errors_data() {
        QTest::addColumn<QString>("repo");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QStringList>("fragments");
        QTest::addRow("no such repository")
            << "memplan-test/nope"
            << "" << QStringList{"no repository memplan-test/nope", "HF_TOKEN"};
        QTest::addRow("no such revision") << "memplan-test/tiny-llama@v9"
                                          << "" << QStringList{"has no revision \"v9\""};
        QTest::addRow("gated, no token")
            << "memplan-test/gated-llama"
            << "" << QStringList{"gated model", "accept its conditions", "no token was sent"};
        QTest::addRow("gated, token without access")
            << "memplan-test/gated-llama"
            << "hf_wrong" << QStringList{"gated model", "the token from test was sent"};
        QTest::addRow("no config.json") << "memplan-test/no-config"
                                        << "" << QStringList{"config.json", "no such file"};
        QTest::addRow("overlapping header")
            << "memplan-test/bad-header"
            << "" << QStringList{"model.safetensors: tensor \"b\".data_offsets", "overlap"};
    }
    void errors() {
        QFETCH(QString, repo);
        QFETCH(QString, token);
        QFETCH(QStringList, fragments);
        hub::HubSettings s = settings();
        s.token = token.toUtf8();
        s.tokenSource = token.isEmpty() ? QString() : QStringLiteral("test");
        const QString what = importError(repo, s);
        for (const QString& f : fragments)
            QVERIFY2(what.contains(f), qPrintable(what));
        QVERIFY2(what.contains(QStringLiteral("http://127.0.0.1:%1/").arg(port_)),
                 qPrintable(what)); // names the file it fetched
    }

    void gatedWithToken() {
        hub::HubSettings s = settings();
        s.token = "hf_memplan_test_token";
        const ImportedModel m = hub::importFromHub(QStringLiteral("memplan-test/gated-llama"), s);
        QVERIFY(m.checkpoint);
        QCOMPARE(m.checkpoint->parameters, 6800.0);
    }

    // The token as the Hugging Face tools find it: HF_TOKEN first, then the token file
    // (HF_TOKEN_PATH, else HF_HOME/token, else XDG_CACHE_HOME/huggingface/token).
    void tokenFromEnvironment_data() {
        QTest::addColumn<QString>("variable"); // set to the file's folder or the token
        QTest::addColumn<QString>("expected");
        QTest::addRow("HF_TOKEN") << "HF_TOKEN"
                                  << "hf_from_variable";
        QTest::addRow("HF_TOKEN_PATH") << "HF_TOKEN_PATH"
                                       << "hf_from_file";
        QTest::addRow("HF_HOME") << "HF_HOME"
                                 << "hf_from_file";
        QTest::addRow("XDG_CACHE_HOME") << "XDG_CACHE_HOME"
                                        << "hf_from_file";
    }
    void tokenFromEnvironment() {
        QFETCH(QString, variable);
        QFETCH(QString, expected);
        const QList<QByteArray> all = {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH",
                                       "HF_HOME", "XDG_CACHE_HOME"};
        QHash<QByteArray, QByteArray> saved;
        for (const QByteArray& v : all) {
            saved[v] = qgetenv(v.constData());
            qunsetenv(v.constData());
        }
        QTemporaryDir dir;
        const QString home =
            variable == "XDG_CACHE_HOME" ? dir.filePath("huggingface") : dir.path();
        QDir().mkpath(home);
        QFile f(home + "/token");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hf_from_file\n");
        f.close();
        if (variable == "HF_TOKEN")
            qputenv("HF_TOKEN", "hf_from_variable");
        else if (variable == "HF_TOKEN_PATH")
            qputenv("HF_TOKEN_PATH", (home + "/token").toUtf8());
        else
            qputenv(variable.toUtf8().constData(), dir.path().toUtf8());
        const hub::HubSettings s = hub::HubSettings::fromEnvironment();
        for (const QByteArray& v : all)
            saved[v].isEmpty() ? qunsetenv(v.constData()) : qputenv(v.constData(), saved[v]);
        QCOMPARE(QString::fromUtf8(s.token), expected);
    }

    void timeout() {
        hub::HubSettings s = settings();
        s.timeoutSeconds = 1;
        const QString what = importError(QStringLiteral("memplan-test/stall"), s);
        QVERIFY2(what.contains("no answer from 127.0.0.1 within 1 s"), qPrintable(what));
        QVERIFY2(what.contains("no copy"), qPrintable(what));
    }

    void noNetwork() {
        hub::HubSettings s = settings();
        s.endpoint = QStringLiteral("http://127.0.0.1:%1").arg(closedPort());
        const QString what = importError(QStringLiteral("memplan-test/tiny-llama"), s);
        QVERIFY2(what.contains("cannot reach http://127.0.0.1:"), qPrintable(what));
        QVERIFY2(what.contains("no copy from an earlier import"), qPrintable(what));
    }

    void proxyDown() {
        hub::HubSettings s = settings();
        s.proxy = QStringLiteral("http://127.0.0.1:%1").arg(closedPort());
        const QString what = importError(QStringLiteral("memplan-test/tiny-llama"), s);
        QVERIFY2(what.contains("the proxy failed"), qPrintable(what));
    }

    // Last: the Hub goes away; the same imports work from the cache, and HF_HUB_OFFLINE=1
    // never asks the network.
    void offlineFromCache() {
        const CliResult online = cli({"import-hf", "memplan-test/mixtral-8x7b"}, settings());
        QCOMPARE(online.code, 0);
        stopServer();
        const CliResult offline = cli({"import-hf", "memplan-test/mixtral-8x7b"}, settings());
        QVERIFY2(offline.code == 0, qPrintable(offline.err));
        QCOMPARE(offline.out, online.out);
        QVERIFY2(offline.err.contains("using the copy cached at"), qPrintable(offline.err));
        QVERIFY2(offline.err.contains("46702792704 parameters"), qPrintable(offline.err));
        hub::HubSettings s = settings();
        s.offline = true;
        const CliResult forced = cli({"import-hf", "memplan-test/mixtral-8x7b"}, s);
        QCOMPARE(forced.out, online.out);
        QVERIFY2(forced.err.contains("HF_HUB_OFFLINE"), qPrintable(forced.err));
        // A model never fetched is not in the cache: said so.
        const QString what = importError(QStringLiteral("memplan-test/other"), s);
        QVERIFY2(what.contains("no copy from an earlier import"), qPrintable(what));
    }
};

QTEST_GUILESS_MAIN(TestHub)
#include "tst_hub.moc"
