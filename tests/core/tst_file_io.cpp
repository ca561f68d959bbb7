// The one reader and the one atomic writer (core/memplan/file_io.h): what they refuse and
// what they keep. The full-disk cases run a second time under the ENOSPC shim
// (tests/fulldisk, CTest label `fulldisk`) and are skipped, with the reason, without it.
#include "../common/file_bytes.h"
#include "memplan/errors.h"
#include "memplan/file_io.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

using namespace memplan;

namespace {

std::string problemOfRead(const std::string& path, std::uint64_t cap = kMaxInputBytes) {
    try {
        readInputFile(path, cap);
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

std::string problemOfWrite(const std::string& path, std::string_view bytes) {
    try {
        writeFileAtomic(path, bytes);
    } catch (const OutputError& e) {
        return e.what();
    }
    return {};
}

using memplan::testfiles::put;
using memplan::testfiles::slurp;

mode_t modeOf(const QString& path) {
    struct stat st {};
    ::stat(path.toLocal8Bit().constData(), &st);
    return st.st_mode & 07777;
}

bool shimActive() {
    return qEnvironmentVariableIsSet("MEMPLAN_FULLDISK_SHIM");
}

} // namespace

class TestFileIo : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    QString at(const QString& name) const { return dir_.filePath(name); }

private slots:
    void readsRegularFile() {
        put(at("plan.json"), "{\"a\": 1}\n");
        QCOMPARE(readInputFile(at("plan.json").toStdString()), std::string("{\"a\": 1}\n"));
    }

    // Every kind of path that is not a regular file: a clear error naming the file, at once.
    void refusesNonRegular_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << at("none.json") << "file not found";
        QTest::newRow("directory") << dir_.path() << "is a directory";
        QTest::newRow("fifo") << at("fifo.json") << "is a FIFO";
        QTest::newRow("dev-zero") << "/dev/zero"
                                  << "is a character device";
        QTest::newRow("link-to-dev-zero") << at("zero.json") << "is a character device";
        QTest::newRow("empty name") << ""
                                    << "no file name";
    }
    void refusesNonRegular() {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        ::mkfifo(at("fifo.json").toLocal8Bit().constData(), 0600);
        QFile::link("/dev/zero", at("zero.json"));
        QElapsedTimer timer;
        timer.start();
        const std::string problem = problemOfRead(path.toStdString());
        QVERIFY2(problem.find(expected.toStdString()) != std::string::npos, problem.c_str());
        QVERIFY2(problem.find(path.toStdString()) != std::string::npos, problem.c_str());
        QVERIFY(timer.elapsed() < 5000); // a FIFO without a writer must not block
    }

    void capsFileSize() {
        put(at("big.json"), QByteArray(2048, ' '));
        QVERIFY(problemOfRead(at("big.json").toStdString(), 1024).find("larger than 1024 bytes") !=
                std::string::npos);
        QCOMPARE(readInputFile(at("big.json").toStdString(), 2048).size(), std::size_t{2048});
    }

    // stdin ("-") is capped too: a pipe that never ends stops at the cap.
    void capsStream() {
        int fds[2];
        QCOMPARE(::pipe(fds), 0);
        const QByteArray chunk(4096, 'x');
        for (int i = 0; i < 4; ++i)
            QCOMPARE(::write(fds[1], chunk.constData(), chunk.size()), chunk.size());
        ::close(fds[1]);
        bool threw = false;
        try {
            readInputDescriptor(fds[0], "<stdin>", 10000);
        } catch (const InputError& e) {
            threw = std::string(e.what()).find("<stdin>: larger than 10000 bytes") == 0;
        }
        ::close(fds[0]);
        QVERIFY(threw);
    }

    void writesNewFileWithUmask_data() {
        QTest::addColumn<int>("mask");
        QTest::addColumn<int>("mode");
        QTest::newRow("umask 022") << 022 << 0644;
        QTest::newRow("umask 077") << 077 << 0600;
        QTest::newRow("umask 002") << 002 << 0664;
    }
    void writesNewFileWithUmask() {
        QFETCH(int, mask);
        QFETCH(int, mode);
        const QString path = at(QStringLiteral("new-%1.json").arg(mask));
        const mode_t previous = ::umask(static_cast<mode_t>(mask));
        const std::string problem = problemOfWrite(path.toStdString(), "new\n");
        ::umask(previous);
        QCOMPARE(problem, std::string());
        QCOMPARE(slurp(path), QByteArray("new\n"));
        QCOMPARE(static_cast<int>(modeOf(path)), mode);
    }

    void keepsModeOfExistingFile() {
        const QString path = at("kept.json");
        put(path, "old\n");
        ::chmod(path.toLocal8Bit().constData(), 0640);
        QCOMPARE(problemOfWrite(path.toStdString(), "newer\n"), std::string());
        QCOMPARE(slurp(path), QByteArray("newer\n"));
        QCOMPARE(static_cast<int>(modeOf(path)), 0640);
    }

    // A symlink stays a symlink; its target gets the new bytes.
    void followsSymlink() {
        put(at("real.json"), "old\n");
        QVERIFY(QFile::link(at("real.json"), at("link.json")));
        QCOMPARE(problemOfWrite(at("link.json").toStdString(), "via link\n"), std::string());
        QVERIFY(QFileInfo(at("link.json")).isSymLink());
        QCOMPARE(slurp(at("real.json")), QByteArray("via link\n"));
    }

    // Refused targets are left exactly as they were, and no temporary file stays behind.
    void refusesTargets_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::newRow("read-only file") << "readonly.json"
                                        << "is read-only";
        QTest::newRow("directory") << "subdir"
                                   << "is a directory";
        QTest::newRow("fifo") << "out.fifo"
                              << "is a FIFO";
        QTest::newRow("missing folder") << "no/such/dir.json"
                                        << "No such file or directory";
    }
    void refusesTargets() {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QTemporaryDir d;
        put(d.filePath("readonly.json"), "precious\n");
        ::chmod(d.filePath("readonly.json").toLocal8Bit().constData(), 0444);
        QDir(d.path()).mkdir("subdir");
        ::mkfifo(d.filePath("out.fifo").toLocal8Bit().constData(), 0600);
        const QStringList before = QDir(d.path()).entryList(QDir::AllEntries | QDir::Hidden);
        const std::string problem = problemOfWrite(d.filePath(name).toStdString(), "overwritten");
        QVERIFY2(problem.find(expected.toStdString()) != std::string::npos, problem.c_str());
        QVERIFY2(problem.find(d.filePath(name).toStdString()) == 0, problem.c_str());
        QCOMPARE(QDir(d.path()).entryList(QDir::AllEntries | QDir::Hidden), before);
        QCOMPARE(slurp(d.filePath("readonly.json")), QByteArray("precious\n"));
    }

    void sameFileByInode() {
        put(at("a.json"), "a");
        QVERIFY(QFile::link(at("a.json"), at("a-link.json")));
        QVERIFY(sameFile(at("a.json").toStdString(), at("a-link.json").toStdString()));
        QVERIFY(sameFile(at("a.json").toStdString(), (dir_.path() + "/./a.json").toStdString()));
        put(at("b.json"), "a");
        QVERIFY(!sameFile(at("a.json").toStdString(), at("b.json").toStdString()));
        QVERIFY(!sameFile(at("a.json").toStdString(), at("missing.json").toStdString()));
    }

    // Full disk (ENOSPC after N bytes): the old file stays byte-identical, no temporary file is
    // left, and the error says why. Needs the shim (CTest runs this again with label fulldisk).
    void fullDiskKeepsOldFile_data() {
        QTest::addColumn<int>("budget");
        QTest::newRow("no space at all") << 0;
        QTest::newRow("space for 10 bytes") << 10;
        QTest::newRow("space for 70000 bytes") << 70000;
    }
    void fullDiskKeepsOldFile() {
        if (!shimActive())
            QSKIP("needs the ENOSPC shim: run `ctest -L fulldisk`");
        QFETCH(int, budget);
        QTemporaryDir d;
        const QString path = d.filePath("plan.json");
        put(path, "the old plan\n");
        qputenv("MEMPLAN_FULLDISK_BYTES", QByteArray::number(budget));
        qputenv("MEMPLAN_FULLDISK_DIR", d.path().toLocal8Bit());
        const std::string problem = problemOfWrite(path.toStdString(), std::string(100000, 'x'));
        qunsetenv("MEMPLAN_FULLDISK_DIR");
        QVERIFY2(problem.find("No space left on device") != std::string::npos, problem.c_str());
        QCOMPARE(slurp(path), QByteArray("the old plan\n"));
        QCOMPARE(QDir(d.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"plan.json"});
    }
};

QTEST_GUILESS_MAIN(TestFileIo)
#include "tst_file_io.moc"
