// Scenarios, plan edits and limits in the core: the descriptor table parses, validates and
// applies every key; the sharding fallback and the parameter-count parser have one rule each.
#include "memplan/model.h"
#include "memplan/plan_edit.h"
#include "memplan/plan_json.h"
#include "memplan/plan_limits.h"
#include "memplan/result_json.h"
#include "memplan/scenario.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace memplan;

Q_DECLARE_METATYPE(std::string)

class TestScenario : public QObject {
    Q_OBJECT
    PresetLibrary presets_ = PresetLibrary::loadBundled();

    Plan basePlan() const {
        Plan p;
        applyModelPreset(p, *presets_.findModel("llama-2-7b"));
        p.hardware.gpu = "rtx-4090";
        return p;
    }

private slots:
    void tableCoversEveryKeyInOrder() {
        const auto keys = scenarioKeys();
        QCOMPARE(keys.size(), static_cast<std::size_t>(ScenarioKey::Count));
        for (std::size_t i = 0; i < keys.size(); ++i) {
            QCOMPARE(static_cast<std::size_t>(keys[i].key), i);
            QCOMPARE(scenarioKeyFromName(keys[i].path), keys[i].key);
            QCOMPARE(scenarioKeyFromName(keys[i].alias), keys[i].key);
        }
    }

    // Every key: a valid value round-trips through set -> applyTo -> the plan's own value.
    void setApplyPlanValue_data() {
        QTest::addColumn<std::string>("item");
        QTest::addColumn<std::string>("path");
        QTest::addColumn<std::string>("expected");
        QTest::addRow("bare recipe")
            << std::string("int8") << std::string("training.precision") << std::string("int8");
        QTest::addRow("bare method")
            << std::string("qlora") << std::string("training.method") << std::string("qlora");
        QTest::addRow("bare sharding")
            << std::string("zero3") << std::string("parallelism.sharding") << std::string("zero3");
        QTest::addRow("bare optimizer")
            << std::string("adamw-8bit") << std::string("training.optimizer")
            << std::string("adamw-8bit");
        QTest::addRow("gpus") << std::string("parallelism.gpus=16")
                              << std::string("parallelism.gpus") << std::string("16");
        QTest::addRow("alias") << std::string("micro_batch=6")
                               << std::string("training.micro_batch") << std::string("6");
        QTest::addRow("params 7B")
            << std::string("params=7B") << std::string("model.params") << std::string("7000000000");
        QTest::addRow("model preset") << std::string("model=llama-2-13b")
                                      << std::string("model.preset") << std::string("llama-2-13b");
        QTest::addRow("gpu preset") << std::string("gpu=h100-sxm-80gb")
                                    << std::string("hardware.gpu") << std::string("h100-sxm-80gb");
        QTest::addRow("checkpointing")
            << std::string("training.checkpointing=full") << std::string("training.checkpointing")
            << std::string("full");
        QTest::addRow("framework") << std::string("framework=unsloth")
                                   << std::string("training.framework") << std::string("unsloth");
    }

    // Compare two frameworks side by side: the profile changes what a LoRA plan allocates
    // (torchtune keeps adapters in the model dtype, Hugging Face + PEFT in fp32, issue 12).
    void frameworksCompareSideBySide() {
        Plan base = basePlan();
        base.training.method = Method::Lora;
        base.training.precision = Recipe::Bf16Pure;
        std::string error;
        const auto hf = ScenarioOverrides::parse("framework=hf-trainer", presets_, &error);
        const auto tt = ScenarioOverrides::parse("framework=torchtune", presets_, &error);
        QVERIFY2(hf && tt, error.c_str());
        Plan a = base, b = base;
        hf->applyTo(a, presets_);
        tt->applyTo(b, presets_);
        const Evaluation ea = evaluate(a, presets_), eb = evaluate(b, presets_);
        QVERIFY(ea.ok && eb.ok);
        QVERIFY2(ea.peak_allocated > eb.peak_allocated,
                 "fp32 adapters cast their 16-bit inputs; model-dtype adapters do not");
        QVERIFY(!ScenarioOverrides::parse("framework=keras", presets_, &error));
        QVERIFY2(error.find("framework") != std::string::npos, error.c_str());
    }
    void setApplyPlanValue() {
        QFETCH(std::string, item);
        QFETCH(std::string, path);
        QFETCH(std::string, expected);
        std::string error;
        const auto o = ScenarioOverrides::parse(item, presets_, &error);
        QVERIFY2(o, error.c_str());
        Plan p = basePlan();
        o->applyTo(p, presets_);
        const auto key = scenarioKeyFromName(path);
        QVERIFY(key);
        QCOMPARE(scenarioPlanValue(*key, p), expected);
        QVERIFY(o->toJson().contains(path));
    }

    void rejectsBadValues_data() {
        QTest::addColumn<std::string>("item");
        QTest::addColumn<std::string>("mentions");
        QTest::addRow("unknown word") << std::string("fp64") << std::string("unknown recipe");
        QTest::addRow("zero gpus")
            << std::string("parallelism.gpus=0") << std::string("parallelism.gpus");
        QTest::addRow("negative") << std::string("micro_batch=-3")
                                  << std::string("training.micro_batch");
        QTest::addRow("above limit") << "micro_batch=" + std::to_string(limits::kMaxMicroBatch + 1)
                                     << std::to_string(limits::kMaxMicroBatch);
        QTest::addRow("not a number")
            << std::string("seq_len=long") << std::string("training.seq_len");
        QTest::addRow("unknown key")
            << std::string("training.loss=chunked") << std::string("not a setting");
        QTest::addRow("unknown gpu") << std::string("gpu=tpu-v5") << std::string("tpu-v5");
        QTest::addRow("NaN params") << std::string("params=nan") << std::string("model.params");
        QTest::addRow("huge params") << std::string("params=1e20") << std::string("1e15");
        QTest::addRow("bad enum") << std::string("training.precision=fp64")
                                  << std::string("allowed");
    }
    void rejectsBadValues() {
        QFETCH(std::string, item);
        QFETCH(std::string, mentions);
        std::string error;
        QVERIFY(!ScenarioOverrides::parse(item, presets_, &error));
        QVERIFY2(error.find(mentions) != std::string::npos, error.c_str());
    }

    void namesAndNumbering() {
        std::string error;
        const auto list = parseScenarioList("fp32, int8, fp32, zero3+gpus=16", presets_, &error);
        QVERIFY2(list, error.c_str());
        const auto results = resolveScenarios(basePlan(), *list, presets_);
        QCOMPARE(results.size(), std::size_t(4));
        QCOMPARE(results[0].name, std::string("FP32"));
        QCOMPARE(results[2].name, std::string("FP32 (2)"));
        QCOMPARE(results[3].name, std::string("ZeRO-3 \u00b7 16 GPUs"));
        QVERIFY(results[0].evaluation.total > results[1].evaluation.total);
        QVERIFY(!parseScenarioList("a,b,c,d,e,f,g,h,i", presets_, &error));
        QVERIFY(!parseScenarioList(" , ", presets_, &error));
    }

    // The variant is evaluated and validated like a plan file: tp that no longer divides the
    // GPU count is reported, not crashed on.
    void invalidVariantReportsProblem() {
        Plan base = basePlan();
        base.parallelism.tp = 2;
        base.parallelism.gpus = 2;
        ScenarioOverrides o;
        QVERIFY(o.set(ScenarioKey::Gpus, "3", presets_));
        const ScenarioResult r = resolveScenario(base, o, presets_);
        QVERIFY(r.problem.find("parallelism.gpus") != std::string::npos);
    }

    void shardingFallback_data() {
        QTest::addColumn<int>("factor");
        QTest::addColumn<int>("gpus");
        QTest::addColumn<int>("newGpus");
        QTest::addColumn<int>("expected");
        QTest::addRow("all stays all") << 0 << 8 << 16 << 0;
        QTest::addRow("spanning all keeps spanning") << 8 << 8 << 16 << 0;
        QTest::addRow("hybrid that divides is kept") << 4 << 16 << 32 << 4;
        QTest::addRow("hybrid above new degree") << 8 << 16 << 4 << 0;
        QTest::addRow("hybrid not dividing") << 4 << 16 << 6 << 0;
    }
    void shardingFallback() {
        QFETCH(int, factor);
        QFETCH(int, gpus);
        QFETCH(int, newGpus);
        QFETCH(int, expected);
        Plan p = basePlan();
        p.parallelism.gpus = gpus;
        p.parallelism.sharding = Sharding::Zero3;
        p.parallelism.sharding_factor = factor;
        setGpuCount(p, newGpus);
        QCOMPARE(p.parallelism.gpus, int64_t(newGpus));
        QCOMPARE(p.parallelism.sharding_factor, int64_t(expected));
        QVERIFY(p.parallelism.sharding_factor == 0 || newGpus % p.parallelism.sharding_factor == 0);
    }

    void parseParamCount_data() {
        QTest::addColumn<std::string>("text");
        QTest::addColumn<double>("expected"); // 0 = rejected
        QTest::addRow("7B") << std::string("7B") << 7e9;
        QTest::addRow("1.5T") << std::string("1.5T") << 1.5e12;
        QTest::addRow("350M") << std::string("350m") << 350e6;
        QTest::addRow("exponent") << std::string("7e9") << 7e9;
        QTest::addRow("grouped") << std::string("6,738,415,616") << 6738415616.0;
        QTest::addRow("words") << std::string("7 billion params") << 7e9;
        QTest::addRow("empty") << std::string("") << 0.0;
        QTest::addRow("suffix only") << std::string("B") << 0.0;
        QTest::addRow("unknown suffix") << std::string("7X") << 0.0;
        QTest::addRow("negative") << std::string("-7B") << 0.0;
        QTest::addRow("zero") << std::string("0") << 0.0;
    }
    void parseParamCount() {
        QFETCH(std::string, text);
        QFETCH(double, expected);
        const auto v = memplan::parseParamCount(text);
        if (expected == 0)
            QVERIFY(!v);
        else {
            QVERIFY(v);
            QCOMPARE(*v, expected);
            // The compact form reads back within its three significant digits.
            const double back = memplan::parseParamCount(formatParamCount(*v)).value_or(0);
            QVERIFY(std::abs(back - *v) <= 0.005 * *v);
        }
    }

    // A column switched to inference states the assumptions of a generation, not of a step.
    void assumptionsFollowThePlan() {
        std::string error;
        for (const char* item : {"inference", "full"}) {
            const auto o = ScenarioOverrides::parse(item, presets_, &error);
            QVERIFY(o);
            const ScenarioResult r = resolveScenario(basePlan(), *o, presets_);
            std::string all;
            for (const std::string& a : assumptions(r.plan, r.evaluation))
                all += a + "\n";
            const bool training = std::string(item) != "inference";
            QCOMPARE(all.find("zero_grad") != std::string::npos, training);
            QCOMPARE(all.find("generation") != std::string::npos, !training);
        }
    }

    // The plan reader and the scenario table refuse the same values (plan_limits.h).
    void readerAndScenarioShareLimits() {
        const std::string over = std::to_string(limits::kMaxGpus + 1);
        std::string error;
        QVERIFY(!ScenarioOverrides::parse("gpus=" + over, presets_, &error));
        bool refused = false;
        try {
            parsePlan("{\"parallelism\": {\"gpus\": " + over + "}}", "p.json", presets_);
        } catch (const std::exception&) {
            refused = true;
        }
        QVERIFY(refused);
        QVERIFY(
            ScenarioOverrides::parse("gpus=" + std::to_string(limits::kMaxGpus), presets_, &error));
    }
};

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
