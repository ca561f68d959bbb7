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

    // Llama 3.1 8B served by vLLM on one H100.
    Plan servingPlan() const {
        Plan p;
        applyModelPreset(p, *presets_.findModel("llama-3.1-8b"));
        p.training.method = Method::Serving;
        p.training.precision = Recipe::Bf16Pure;
        p.training.serving.max_model_len = 8192;
        p.hardware.gpu = "h100-sxm-80gb";
        p.name = "8B serving";
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

    // Serving sweeps (issue 15): each engine argument moves what the KV cache holds the way
    // vLLM's budget says, each point agrees with evaluating its plan, and the variables apply
    // to the plans they belong to.
    void servingSweep_data() {
        QTest::addColumn<std::string>("spec");
        QTest::addColumn<std::string>("measure");
        QTest::addColumn<int>("direction"); // of the measure as the value grows: -1, 0, +1
        QTest::addRow("context: fewer requests") << std::string("max_model_len:1024:131072")
                                                 << std::string("max_concurrent_sequences") << -1;
        QTest::addRow("context: same tokens")
            << std::string("max_model_len:1024:131072") << std::string("kv_cache_tokens") << 0;
        QTest::addRow("sequences: sampler eats the cache")
            << std::string("max_num_seqs:512:4096") << std::string("kv_cache_tokens") << -1;
        QTest::addRow("utilization: larger budget")
            << std::string("gpu_memory_utilization:0.5:0.95") << std::string("kv_cache_tokens")
            << +1;
        QTest::addRow("utilization: more requests")
            << std::string("gpu_memory_utilization:0.5:0.95")
            << std::string("max_concurrent_sequences") << +1;
        QTest::addRow("utilization: total grows")
            << std::string("gpu_memory_utilization:0.5:0.95") << std::string("total") << +1;
    }
    void servingSweep() {
        QFETCH(std::string, spec);
        QFETCH(std::string, measure);
        QFETCH(int, direction);
        const Plan p = servingPlan();
        std::string error;
        auto range = parseSweepSpec(spec, p, &error);
        QVERIFY2(range, error.c_str());
        QCOMPARE(range->measure, SweepMeasure::MaxConcurrentSequences); // a serving default
        range->measure = *sweepMeasureFromKey(measure);
        const SweepResult r = runSweep({{"a", p}}, *range, presets_);
        const SweepLine& l = r.lines.front();
        QVERIFY(l.points.size() > 5);
        for (std::size_t k = 0; k < l.points.size(); ++k) {
            const SweepPoint& pt = l.points[k];
            Plan q = p;
            applySweepValue(q, range->variable, pt.value);
            const Evaluation e = evaluate(q, presets_);
            QCOMPARE(pt.kvCacheTokens, e.serving.kv_cache_tokens);
            QCOMPARE(pt.maxConcurrentSequences, e.serving.max_concurrent_sequences);
            if (k == 0)
                continue;
            const double a = sweepMeasureValue(l.points[k - 1], range->measure);
            const double b = sweepMeasureValue(pt, range->measure);
            if (direction == 0) // the same tokens, floored after the division by the length
                QVERIFY2(std::abs(b - a) <= 1.0,
                         qPrintable(QStringLiteral("%1 -> %2").arg(a).arg(b)));
            else
                QVERIFY2(direction > 0 ? b >= a : b <= a,
                         qPrintable(QStringLiteral("%1 -> %2").arg(a).arg(b)));
        }
        const double first = sweepMeasureValue(l.points.front(), range->measure);
        const double last = sweepMeasureValue(l.points.back(), range->measure);
        if (direction != 0)
            QVERIFY(direction > 0 ? last > first : last < first);
    }

    // A context the KV cache cannot hold once is the first value that does not fit, exactly.
    void servingFirstNoFitIsExact() {
        Plan p = servingPlan();
        p.training.serving.gpu_memory_utilization = 0.3; // a small KV cache
        std::string error;
        const auto range = parseSweepSpec("max_model_len:1024:131072", p, &error);
        QVERIFY2(range, error.c_str());
        const SweepLine l = runSweep({{"a", p}}, *range, presets_).lines.front();
        QVERIFY(l.firstNoFit > 0);
        const SweepPoint& no = l.points[static_cast<std::size_t>(l.firstNoFit)];
        QVERIFY(!no.fits);
        Plan q = p;
        applySweepValue(q, SweepVariable::MaxModelLen, no.value - 1);
        const Evaluation e = evaluate(q, presets_);
        QVERIFY(e.fits);
        QVERIFY(e.serving.fits_one_sequence);
    }

    // Serving variables on a training plan and training variables on a serving plan are
    // refused with the reason; a serving kv dtype compared as two lines doubles the tokens.
    void servingVariablesApply() {
        std::string error;
        QVERIFY(!parseSweepSpec("max_model_len", basePlan(), &error));
        QVERIFY(error.find("serving") != std::string::npos);
        QVERIFY(!parseSweepSpec("micro_batch", servingPlan(), &error));
        QVERIFY(error.find("serving plan") != std::string::npos);
        QVERIFY(!parseSweepSpec("gpu_memory_utilization:0.5:1.5", servingPlan(), &error));
        for (const SweepVariableInfo& v : sweepVariables())
            QVERIFY(sweepVariableApplies(v.variable, basePlan()) !=
                        sweepVariableApplies(v.variable, servingPlan()) ||
                    v.applies == SweepApplies::Any);
        QVERIFY(!sweepMeasureApplies(SweepMeasure::KvCacheTokens, basePlan()));
        QCOMPARE(defaultSweepMeasure(basePlan()), SweepMeasure::TotalPerGpu);

        Plan fp8 = servingPlan();
        fp8.training.serving.kv_cache_dtype = KvCacheDtype::Fp8;
        auto range = parseSweepSpec("max_model_len:4096:32768", servingPlan(), &error);
        range->measure = SweepMeasure::KvCacheTokens;
        const SweepResult r = runSweep({{"auto", servingPlan()}, {"fp8", fp8}}, *range, presets_);
        QCOMPARE(r.lines.size(), std::size_t(2));
        for (std::size_t k = 0; k < r.lines[0].points.size(); ++k) {
            const double ratio =
                r.lines[1].points[k].kvCacheTokens / r.lines[0].points[k].kvCacheTokens;
            QVERIFY2(std::abs(ratio - 2.0) < 0.01, qPrintable(QString::number(ratio)));
        }
        // The writers carry the measure.
        const std::string csv = sweepToCsv(r);
        QVERIFY(csv.find(",kv_cache_tokens,max_concurrent_sequences\n") != std::string::npos);
        const auto j = nlohmann::json::parse(sweepToJson(r, presets_));
        QCOMPARE(j.at("sweep").at("measure").get<std::string>(), std::string("kv_cache_tokens"));
        QCOMPARE(j.at("scenarios")
                     .at(1)
                     .at("points")
                     .at(0)
                     .at("serving")
                     .at("kv_cache_tokens")
                     .get<double>(),
                 r.lines[1].points[0].kvCacheTokens);
        QVERIFY(sweepToMarkdown(r, UnitSystem::Binary).find(" tokens |") != std::string::npos);
        QVERIFY(sweepTitle(servingPlan(), r).find("KV cache") != std::string::npos);
        // A new comparison of a serving plan starts with the KV cache dtypes.
        const auto columns = defaultScenarios(servingPlan(), presets_);
        QCOMPARE(columns.size(), std::size_t(2));
        QCOMPARE(*columns[1].value(ScenarioKey::KvCacheDtype), std::string("fp8"));
        // A LoRA plan compares its frozen base (NF4, INT8, BF16); a full training the recipes.
        QCOMPARE(defaultScenarios(basePlan(), presets_), defaultLoraBaseScenarios(presets_));
        Plan full = basePlan();
        full.training.method = Method::Full;
        QCOMPARE(defaultScenarios(full, presets_), defaultRecipeScenarios(presets_));
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
