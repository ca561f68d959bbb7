// QBENCHMARK of one plan evaluation (target: well under a microsecond on the 2-core CI
// machine). Run `bench_evaluate -tickcounter` or plain for wall time; the figure is reported
// in docs/performance.md. Registered with CTest so it always builds and runs once.
#include "memplan/model.h"
#include "memplan/param_count.h"

#include <QtTest>

using namespace memplan;

class BenchEvaluate : public QObject {
    Q_OBJECT
private slots:
    void evaluate_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<int>("pp");
        QTest::addRow("full, one GPU") << int(Method::Full) << 1;
        QTest::addRow("lora") << int(Method::Lora) << 1;
        QTest::addRow("full, 4 pipeline stages") << int(Method::Full) << 4;
        QTest::addRow("inference") << int(Method::Inference) << 1;
    }
    void evaluate() {
        QFETCH(int, method);
        QFETCH(int, pp);
        Plan p;
        p.training.method = Method(method);
        p.training.new_tokens = 256;
        p.parallelism.pp = pp;
        p.parallelism.gpus = 8 * pp;
        p.parallelism.sharding = Sharding::Zero3;
        p.hardware.memory_gib = 80;
        double sink = 0;
        QBENCHMARK {
            p.training.micro_batch = (p.training.micro_batch % 64) + 1; // defeat caching
            sink += memplan::evaluate(p, nullptr).total;
        }
        QVERIFY(sink > 0);
    }
};

QTEST_APPLESS_MAIN(BenchEvaluate)
#include "bench_evaluate.moc"
