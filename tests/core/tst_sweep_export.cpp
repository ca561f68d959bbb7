// Sweeps and the data writers in the core: the first value that does not fit is exact, the
// range parser refuses what it should, and CSV/Markdown/JSON carry the same numbers.
#include "memplan/export_data.h"
#include "memplan/model.h"
#include "memplan/plan_edit.h"
#include "memplan/sweep.h"

#include <QtTest>

#include <sstream>

#include <nlohmann/json.hpp>

using namespace memplan;

Q_DECLARE_METATYPE(std::string)

class TestSweepExport : public QObject {
    Q_OBJECT
    PresetLibrary presets_ = PresetLibrary::loadBundled();

    Plan basePlan() const {
        Plan p;
        applyModelPreset(p, *presets_.findModel("llama-2-7b"));
        p.training.method = Method::Lora;
        p.hardware.gpu = "rtx-4090";
        p.name = "7B LoRA";
        return p;
    }

private slots:
    void firstNoFitIsExact_data() {
        QTest::addColumn<std::string>("spec");
        QTest::addRow("micro_batch") << std::string("micro_batch:1:64");
        QTest::addRow("seq_len") << std::string("seq_len:256:65536");
        QTest::addRow("gpus") << std::string("gpus");
    }
    void firstNoFitIsExact() {
        QFETCH(std::string, spec);
        Plan p = basePlan();
        p.training.checkpointing = Checkpointing::Full; // micro-batch 1 fits
        if (spec == "gpus") {
            p.training.method = Method::Full;
            p.parallelism.sharding = Sharding::Zero3;
        }
        std::string error;
        const auto range = parseSweepSpec(spec, p, &error);
        QVERIFY2(range, error.c_str());
        const SweepResult r = runSweep({{"a", p}}, *range, presets_);
        QCOMPARE(r.lines.size(), std::size_t(1));
        const SweepLine& l = r.lines.front();
        QVERIFY(l.hasCapacity);
        QVERIFY(l.firstNoFit > 0);
        const auto i = static_cast<std::size_t>(l.firstNoFit);
        QVERIFY(!l.points[i].fits);
        // The neighbour one step towards less memory fits.
        const double step = range->variable == SweepVariable::Gpus ? 1 : 1;
        Plan q = p;
        const double next = range->variable == SweepVariable::Gpus ? l.points[i].value + step
                                                                   : l.points[i].value - step;
        applySweepValue(q, range->variable, next);
        QVERIFY(evaluate(q, presets_).fits);
        for (std::size_t k = 1; k < l.points.size(); ++k)
            QVERIFY(l.points[k - 1].value < l.points[k].value);
    }

    void specErrors_data() {
        QTest::addColumn<std::string>("spec");
        QTest::addRow("unknown") << std::string("depth");
        QTest::addRow("reversed") << std::string("micro_batch:8:2");
        QTest::addRow("zero") << std::string("micro_batch:0:8");
        QTest::addRow("two parts") << std::string("micro_batch:8");
        QTest::addRow("four parts") << std::string("micro_batch:1:2:3");
        QTest::addRow("nan") << std::string("seq_len:nan:100");
        QTest::addRow("huge") << std::string("gpus:1:1e30");
    }
    void specErrors() {
        QFETCH(std::string, spec);
        std::string error;
        QVERIFY(!parseSweepSpec(spec, basePlan(), &error));
        QVERIFY(!error.empty());
    }

    void paramsAcceptCounts() {
        std::string error;
        const auto r = parseSweepSpec("params:1B:13B", basePlan(), &error);
        QVERIFY2(r, error.c_str());
        QCOMPARE(r->from, 1e9);
        QCOMPARE(r->to, 13e9);
    }

    void scenarioWritersAgree() {
        std::string error;
        const auto items = parseScenarioList("fp32,bf16-mixed,int8", presets_, &error);
        QVERIFY(items);
        const auto scenarios = resolveScenarios(basePlan(), *items, presets_);
        const nlohmann::json j = nlohmann::json::parse(scenariosToJson(scenarios));
        QCOMPARE(j.at("scenarios").size(), std::size_t(3));
        const std::string csv = scenariosToCsv(scenarios);
        std::istringstream lines(csv);
        std::string line;
        std::getline(lines, line);
        QVERIFY(line.rfind("scenario,changes,recipe,weights_bytes", 0) == 0);
        for (std::size_t i = 0; i < 3; ++i) {
            QVERIFY(std::getline(lines, line));
            const auto& s = j.at("scenarios").at(i);
            QVERIFY(line.rfind(s.at("name").get<std::string>() + ",", 0) == 0);
            QVERIFY(line.find("," + std::to_string(s.at("per_gpu").at("total").get<int64_t>()) +
                              ",") != std::string::npos);
        }
        const std::string md =
            scenariosToMarkdown(scenarios, UnitSystem::Binary, compareTitle(basePlan(), scenarios));
        QVERIFY(md.rfind("### 7B LoRA: memory per GPU by recipe\n", 0) == 0);
        QVERIFY(md.find("| Per GPU | FP32 | BF16 mixed | INT8 |") != std::string::npos);
        QVERIFY(md.find(formatGiga(scenarios[2].evaluation.total, UnitSystem::Binary)) !=
                std::string::npos);
        QCOMPARE(dataFormatForPath("out/x.MD"), std::optional<DataFormat>(DataFormat::Markdown));
        QCOMPARE(dataFormatForPath("a.b/c"), std::optional<DataFormat>());
    }

    void sweepWritersAgree() {
        std::string error;
        const Plan p = basePlan();
        const auto range = parseSweepSpec("micro_batch:1:32", p, &error);
        const SweepResult r = runSweep({{"7B LoRA", p}}, *range, presets_);
        const nlohmann::json j = nlohmann::json::parse(sweepToJson(r, presets_));
        const auto& points = j.at("scenarios").at(0).at("points");
        QCOMPARE(points.size(), r.lines[0].points.size());
        const std::string csv = sweepToCsv(r);
        QCOMPARE(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')),
                 points.size() + 1);
        for (std::size_t i = 0; i < points.size(); ++i)
            QCOMPARE(points[i].at("per_gpu").at("total").get<double>(),
                     std::round(r.lines[0].points[i].total));
        QVERIFY(sweepToMarkdown(r, UnitSystem::Decimal, {}).find("GB (10^9 bytes)") !=
                std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestSweepExport)
#include "tst_sweep_export.moc"
