// Plan files: every bundled example round-trips byte for byte, missing keys take their
// documented defaults, presets merge with overriding keys, a bare parameter count derives a
// shape, --set overrides apply, and saving is atomic (a failed save leaves the old file).
#include "bundled_presets.h"
#include "catch_input_error.h"
#include "memplan/errors.h"
#include "memplan/param_count.h"
#include "memplan/plan_edit.h"
#include "memplan/plan_json.h"
#include "memplan/presets.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

using namespace memplan;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kPresetDir = MEMPLAN_TEST_PRESETS;

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

std::string readText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writeText(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

using test::catchInputError;
using test::catchOutputError;
using test::Caught;

// Leftover temporary files from savePlanFileAtomic (".NAME.XXXXXX") in `dir`.
int leftoverTempFiles(const fs::path& dir) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind(".", 0) == 0)
            ++n;
    return n;
}

} // namespace

class TestPlanJson : public QObject {
    Q_OBJECT

private:
    PresetLibrary lib_;

    Plan parse(const std::string& text) { return parsePlan(text, "test.json", lib_); }

private slots:
    void initTestCase() {
        const std::string error = test::loadBundledPresets(lib_);
        QVERIFY2(error.empty(), error.c_str());
        QVERIFY(lib_.findModel("llama-2-7b"));
        QVERIFY(lib_.findGpu("rtx-4090"));
    }

    // --- round trip ---------------------------------------------------------------------

    void examplesRoundTrip_data() {
        QTest::addColumn<QString>("path");
        const fs::path dir = kPresetDir / "examples";
        QVERIFY2(fs::is_directory(dir), qPrintable(q(dir.string())));
        int n = 0;
        for (const auto& e : fs::directory_iterator(dir)) {
            if (e.path().extension() != ".json")
                continue;
            QTest::addRow("%s", e.path().filename().string().c_str()) << q(e.path().string());
            ++n;
        }
        QVERIFY2(n > 0, "presets/examples holds no example plan");
    }

    void examplesRoundTrip() {
        QFETCH(QString, path);
        Plan p;
        try {
            p = loadPlanFile(path.toStdString(), lib_);
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        const std::string first = serializePlan(p);
        const std::string second = serializePlan(parse(first));
        QCOMPARE(q(second), q(first));
        // Stable formatting: 2-space indent and a trailing newline.
        QVERIFY(first.size() > 2 && first.back() == '\n');
        QVERIFY(first.find("\n  \"") != std::string::npos);
        // What was written is the same plan: re-serialising the parsed example again agrees.
        QCOMPARE(q(serializePlan(parse(second))), q(first));
    }

    // Plans that exercise the optional parts of the format round-trip as well.
    void variantsRoundTrip_data() {
        QTest::addColumn<QString>("text");
        QTest::addRow("empty") << "{}";
        QTest::addRow("derived shape") << R"({"name": "bare count", "model": {"params": 7e9}})";
        QTest::addRow("derived shape with name")
            << R"({"model": {"params": 1.3e9, "name": "mystery 1.3B"}})";
        QTest::addRow("preset plus override")
            << R"({"model": {"preset": "llama-2-7b", "layers": 16}, "hardware": {"gpu": "a100-80gb"}})";
        QTest::addRow("lora all-linear")
            << R"({"training": {"method": "lora", "lora": {"rank": 64, "targets": "all-linear", "dropout": 0.05}}})";
        QTest::addRow("lora list")
            << R"({"training": {"method": "qlora", "precision": "int4", "lora": {"targets": ["down", "q", "gate"]}}})";
        // Issue 14: adapters off the routed experts; MLA, a shared expert, dense layers.
        QTest::addRow("lora without experts")
            << R"({"model": {"preset": "qwen3-30b-a3b"}, "training": {"method": "lora", "lora": {"targets": "all-linear", "experts": false}}})";
        QTest::addRow("deepseek shape") << R"({"model": {"preset": "deepseek-v3"}})";
        QTest::addRow("dtype overrides")
            << R"({"training": {"dtypes": {"master_weights": "none", "activations": "fp32"}}})";
        QTest::addRow("hardware numbers")
            << R"({"hardware": {"memory_gib": 23.99, "runtime_overhead_gib": 0.3, "allocator_reserve_fraction": 0.1}})";
        QTest::addRow("parallel")
            << R"({"model": {"preset": "llama-2-70b"}, "parallelism": {"gpus": 64, "tp": 8, "pp": 2, "sharding": "zero3", "sharding_factor": 2, "sequence_parallel": true, "offload": "optimizer"}})";
        QTest::addRow("inference")
            << R"({"model": {"preset": "gpt2"}, "training": {"method": "inference", "seq_len": 512, "new_tokens": 256}})";
        QTest::addRow("every training key")
            << R"({"training": {"method": "freeze", "precision": "fp16-mixed", "accounting": "textbook",
                   "optimizer": "lion", "micro_batch": 3, "seq_len": 777, "grad_accum": 5,
                   "checkpointing": "selective", "attention": "eager", "loss": "chunked",
                   "optimizer_in_backward": true, "activation_offload": true,
                   "trainable_fraction": 0.125, "galore_rank": 64, "new_tokens": 0}})";
    }

    void variantsRoundTrip() {
        QFETCH(QString, text);
        Plan p;
        try {
            p = parse(text.toStdString());
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        const std::string first = serializePlan(p);
        std::string second;
        try {
            second = serializePlan(parse(first));
        } catch (const std::exception& e) {
            QFAIL(qPrintable(
                QString("re-parsing the serialised plan failed: %1\n%2").arg(e.what(), q(first))));
        }
        QCOMPARE(q(second), q(first));
    }

    // training.lora.experts survives a save and is written only when off.
    void loraExpertsKey() {
        Plan p = parse(R"({"training": {"method": "lora", "lora": {"experts": false}}})");
        QVERIFY(!p.training.lora.experts);
        const std::string text = serializePlan(p);
        QVERIFY(text.find("\"experts\": false") != std::string::npos);
        QVERIFY(!parse(text).training.lora.experts);
        p.training.lora.experts = true;
        QVERIFY(serializePlan(p).find("\"experts\": false") == std::string::npos);
        QVERIFY(parse("{}").training.lora.experts);
    }

    // --- defaults -----------------------------------------------------------------------

    void missingKeysTakeDefaults() {
        const Plan p = parse("{}");
        const Plan d; // the documented defaults (plan.h)
        QCOMPARE(q(serializePlan(p)), q(serializePlan(d)));

        QCOMPARE(p.schema_version, 1);
        QVERIFY(p.name.empty());
        // model: a Llama-2-7B-like shape, no preset, no count, not derived
        QVERIFY(p.model.preset.empty());
        QVERIFY(!p.model.params);
        QVERIFY(!p.model.shape_derived);
        QCOMPARE(p.model.layers, int64_t(32));
        QCOMPARE(p.model.hidden, int64_t(4096));
        QCOMPARE(p.model.ffn, int64_t(11008));
        QCOMPARE(p.model.heads, int64_t(32));
        QCOMPARE(p.model.kv_heads, int64_t(32));
        QCOMPARE(p.model.head_dim, int64_t(128));
        QCOMPARE(p.model.vocab, int64_t(32000));
        QCOMPARE(p.model.tied_embeddings, false);
        QVERIFY(p.model.mlp == MlpKind::Gated);
        QCOMPARE(p.model.experts, int64_t(1));
        QCOMPARE(p.model.experts_per_token, int64_t(1));
        QCOMPARE(p.model.lm_head, true);
        // training
        QVERIFY(p.training.method == Method::Full);
        QVERIFY(p.training.precision == Recipe::Bf16Mixed);
        QVERIFY(p.training.accounting == Accounting::Realistic);
        QVERIFY(p.training.optimizer == Optimizer::AdamW);
        QCOMPARE(p.training.micro_batch, int64_t(1));
        QCOMPARE(p.training.seq_len, int64_t(2048));
        QCOMPARE(p.training.grad_accum, int64_t(1));
        QVERIFY(p.training.checkpointing == Checkpointing::None);
        QVERIFY(p.training.attention == Attention::Flash);
        QVERIFY(p.training.loss == Loss::Standard);
        QCOMPARE(p.training.optimizer_in_backward, false);
        QCOMPARE(p.training.activation_offload, false);
        QCOMPARE(p.training.lora.rank, int64_t(8));
        QCOMPARE(p.training.lora.targets, uint32_t(LoraQ | LoraV));
        QCOMPARE(p.training.trainable_fraction, 1.0);
        QCOMPARE(p.training.galore_rank, int64_t(128));
        QCOMPARE(p.training.new_tokens, int64_t(0));
        // parallelism
        QCOMPARE(p.parallelism.gpus, int64_t(1));
        QVERIFY(p.parallelism.sharding == Sharding::None);
        QCOMPARE(p.parallelism.sharding_factor, int64_t(0)); // 0 = all data-parallel GPUs
        QCOMPARE(p.parallelism.tp, int64_t(1));
        QCOMPARE(p.parallelism.pp, int64_t(1));
        QVERIFY(p.parallelism.offload == Offload::None);
        // hardware: nothing chosen
        QVERIFY(p.hardware.gpu.empty());
        QVERIFY(!p.hardware.memory_gib);
        QVERIFY(!p.hardware.runtime_overhead_gib);
    }

    void partialSectionsKeepOtherDefaults() {
        const Plan p = parse(R"({"training": {"micro_batch": 8}, "parallelism": {"gpus": 4}})");
        QCOMPARE(p.training.micro_batch, int64_t(8));
        QCOMPARE(p.training.seq_len, int64_t(2048));
        QVERIFY(p.training.method == Method::Full);
        QCOMPARE(p.parallelism.gpus, int64_t(4));
        QCOMPARE(p.parallelism.tp, int64_t(1));
        // An empty lora object keeps the lora defaults.
        const Plan l = parse(R"({"training": {"method": "lora", "lora": {}}})");
        QCOMPARE(l.training.lora.rank, int64_t(8));
        QCOMPARE(l.training.lora.targets, uint32_t(LoraQ | LoraV));
        // null for an optional hardware number means "not given".
        const Plan h = parse(R"({"hardware": {"memory_gib": null}})");
        QVERIFY(!h.hardware.memory_gib);
    }

    // --- presets ------------------------------------------------------------------------

    void presetMerge() {
        const ModelPreset* preset = lib_.findModel("llama-2-7b");
        QVERIFY(preset);
        const Plan plain = parse(R"({"model": {"preset": "llama-2-7b"}})");
        QCOMPARE(plain.model.preset, std::string("llama-2-7b"));
        QCOMPARE(plain.model.layers, preset->model.layers);
        QCOMPARE(plain.model.hidden, preset->model.hidden);
        QCOMPARE(plain.model.vocab, preset->model.vocab);
        QVERIFY(!plain.model.shape_derived);

        // A key beside the preset overrides it; the rest comes from the preset.
        const Plan p =
            parse(R"({"model": {"preset": "llama-2-7b", "layers": 16, "vocab": 64000}})");
        QCOMPARE(p.model.preset, std::string("llama-2-7b"));
        QCOMPARE(p.model.layers, int64_t(16));
        QCOMPARE(p.model.vocab, int64_t(64000));
        QCOMPARE(p.model.hidden, preset->model.hidden);
        QCOMPARE(p.model.ffn, preset->model.ffn);
        QCOMPARE(p.model.heads, preset->model.heads);
        QVERIFY(p.model.mlp == preset->model.mlp);
        QVERIFY(!p.model.shape_derived);
        // The override survives a round trip.
        const Plan again = parse(serializePlan(p));
        QCOMPARE(again.model.layers, int64_t(16));
        QCOMPARE(again.model.vocab, int64_t(64000));

        // A preset with params beside it keeps the preset's shape (params is not a shape key).
        const Plan withCount = parse(
            R"({"model": {"preset": "gpt2", "params": 124439808}, "training": {"seq_len": 1024}})");
        QVERIFY(!withCount.model.shape_derived);
        QCOMPARE(withCount.model.hidden, lib_.findModel("gpt2")->model.hidden);

        // The GPU preset is looked up too.
        const Plan g = parse(R"({"hardware": {"gpu": "rtx-4090"}})");
        QCOMPARE(g.hardware.gpu, std::string("rtx-4090"));
    }

    void unknownPresetsAreRefused() {
        Caught c = catchInputError([&] { parse(R"({"model": {"preset": "no-such-model"}})"); });
        QVERIFY(c.thrown);
        QCOMPARE(q(c.file), QString("test.json"));
        QCOMPARE(q(c.key), QString("model.preset"));
        QVERIFY2(c.what.find("no-such-model") != std::string::npos, c.what.c_str());
        c = catchInputError([&] { parse(R"({"hardware": {"gpu": "no-such-gpu"}})"); });
        QVERIFY(c.thrown);
        QCOMPARE(q(c.key), QString("hardware.gpu"));
    }

    // --- derived shape ------------------------------------------------------------------

    void paramsAloneDerivesShape_data() {
        QTest::addColumn<double>("params");
        for (double p : {1e8, 1.24e8, 5e8, 1e9, 3e9, 7e9, 1.3e10, 3.4e10, 7e10, 1.75e11, 4.05e11,
                         1e12, 1e13, 5e13, 1e14, 1e15})
            QTest::addRow("%g", p) << p;
    }

    void paramsAloneDerivesShape() {
        QFETCH(double, params);
        const std::string text = json{{"model", {{"params", params}}}}.dump();
        Plan p;
        try {
            p = parse(text);
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        QVERIFY(p.model.shape_derived);
        QVERIFY(p.model.params);
        QCOMPARE(*p.model.params, params);
        QVERIFY(p.model.layers >= 1);
        QVERIFY(p.model.hidden >= 1);
        QCOMPARE(p.model.heads % p.model.kv_heads, int64_t(0));
        const double count = countParameters(p.model).total;
        const double err = std::fabs(count - params) / params;
        QVERIFY2(err <= 0.05,
                 qPrintable(QString("shape of %1 layers x hidden %2 counts %3, %4% off")
                                .arg(p.model.layers)
                                .arg(p.model.hidden)
                                .arg(count, 0, 'g', 6)
                                .arg(err * 100, 0, 'f', 1)));
        // Stored as the count only, and re-derived identically on load.
        const json stored = planToJson(p);
        QVERIFY(stored["model"].contains("params"));
        QVERIFY(!stored["model"].contains("layers"));
        const Plan again = parse(serializePlan(p));
        QVERIFY(again.model.shape_derived);
        QCOMPARE(again.model.layers, p.model.layers);
        QCOMPARE(again.model.hidden, p.model.hidden);
    }

    void scaledModelKeepsItsTraitsThroughASave() {
        // A count typed over a preset scales that model; the saved plan keeps the count and
        // the base's traits, not a shape, and reads back as the same shape.
        Plan p = parse(R"({"model": {"preset": "llama-3.1-8b"}})");
        setParamCount(p, 13e9);
        QVERIFY(p.model.shape_derived);
        QCOMPARE(p.model.vocab, int64_t(128256));
        QCOMPARE(p.model.kv_heads, int64_t(8));
        const json stored = planToJson(p);
        QVERIFY(!stored["model"].contains("layers"));
        QVERIFY(!stored["model"].contains("preset"));
        QCOMPARE(stored["model"]["scaled_from"]["vocab"].get<int64_t>(), int64_t(128256));
        QCOMPARE(q(stored["model"]["scaled_from"]["name"].get<std::string>()),
                 QString("Llama 3.1 8B"));
        const Plan again = parse(serializePlan(p));
        QVERIFY(again.model.shape_derived);
        QCOMPARE(again.model.layers, p.model.layers);
        QCOMPARE(again.model.hidden, p.model.hidden);
        QCOMPARE(again.model.heads, p.model.heads);
        QCOMPARE(again.model.kv_heads, p.model.kv_heads);
        QCOMPARE(again.model.vocab, p.model.vocab);
        QCOMPARE(again.model.ffn, p.model.ffn);
        QCOMPARE(serializePlan(again), serializePlan(p));
        // Scaling again keeps the first base, not the derived shape.
        setParamCount(p, 70e9);
        QCOMPARE(p.model.scaled_from.layers, int64_t(32));
        QCOMPARE(p.model.scaled_from.hidden, int64_t(4096));
    }

    void badScaledFrom_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("key");
        const QString traits = R"("layers": 32, "hidden": 4096, "ffn": 14336, "heads": 32,
                                  "kv_heads": 8, "head_dim": 128, "vocab": 128256)";
        QTest::addRow("no count") << "{\"scaled_from\": {" + traits + "}}"
                                  << "model.scaled_from";
        QTest::addRow("beside a preset")
            << R"({"preset": "llama-3.1-8b", "params": 13e9, "scaled_from": {)" + traits + "}}"
            << "model.scaled_from";
        QTest::addRow("beside shape keys")
            << R"({"params": 13e9, "layers": 40, "scaled_from": {)" + traits + "}}"
            << "model.scaled_from";
        QTest::addRow("vocab missing")
            << R"({"params": 13e9, "scaled_from": {"layers": 32, "hidden": 4096, "ffn": 14336,
                   "heads": 32, "kv_heads": 8, "head_dim": 128}})"
            << "model.scaled_from.vocab";
        QTest::addRow("kv heads do not divide")
            << R"({"params": 13e9, "scaled_from": {"layers": 32, "hidden": 4096, "ffn": 14336,
                   "heads": 32, "kv_heads": 5, "head_dim": 128, "vocab": 32000}})"
            << "model.scaled_from.kv_heads";
        QTest::addRow("zero width")
            << R"({"params": 13e9, "scaled_from": {"layers": 32, "hidden": 0, "ffn": 14336,
                   "heads": 32, "kv_heads": 8, "head_dim": 128, "vocab": 32000}})"
            << "model.scaled_from.hidden";
        QTest::addRow("unknown key")
            << R"({"params": 13e9, "scaled_from": {)" + traits + R"(, "experts": 8}})"
            << "model.scaled_from.experts";
        QTest::addRow("not an object") << R"({"params": 13e9, "scaled_from": "llama"})"
                                       << "model.scaled_from";
    }
    void badScaledFrom() {
        QFETCH(QString, model);
        QFETCH(QString, key);
        const std::string text = "{\"model\": " + model.toStdString() + "}";
        const Caught c = catchInputError([&] { parse(text); });
        QVERIFY2(c.thrown, qPrintable(model));
        QCOMPARE(q(c.key), key);
        QCOMPARE(q(c.file), QString("test.json"));
    }

    void shapeKeysBesideParamsAreKept() {
        // A count given with shape keys does not derive: the shape is the user's.
        const Plan p = parse(R"({"model": {"params": 7e9, "layers": 30}})");
        QVERIFY(!p.model.shape_derived);
        QCOMPARE(p.model.layers, int64_t(30));
        QCOMPARE(p.model.hidden, int64_t(4096));
    }

    // --- --set overrides ----------------------------------------------------------------

    void applyOverrides() {
        json j =
            json::parse(R"({"model": {"preset": "llama-2-7b"}, "training": {"micro_batch": 4}})");
        applyOverride(j, "training.micro_batch=8", "plan.json");
        applyOverride(j, "training.precision=fp16-mixed", "plan.json"); // bare word = string
        applyOverride(j, "training.lora.rank=16", "plan.json");         // creates training.lora
        applyOverride(j, "training.lora.targets=[\"q\",\"k\",\"v\"]", "plan.json");
        applyOverride(j, "hardware.memory_gib=40.5", "plan.json"); // creates hardware
        applyOverride(j, "training.optimizer_in_backward=true", "plan.json");
        applyOverride(j, "name=\"with = sign\"", "plan.json"); // first '=' splits
        QCOMPARE(j["training"]["micro_batch"].get<int>(), 8);
        QCOMPARE(q(j["training"]["precision"].get<std::string>()), QString("fp16-mixed"));
        QCOMPARE(j["training"]["lora"]["rank"].get<int>(), 16);
        QCOMPARE(j["hardware"]["memory_gib"].get<double>(), 40.5);
        QCOMPARE(q(j["name"].get<std::string>()), QString("with = sign"));

        const Plan p = parsePlanJson(j, "plan.json", lib_);
        QCOMPARE(p.training.micro_batch, int64_t(8));
        QVERIFY(p.training.precision == Recipe::Fp16Mixed);
        QCOMPARE(p.training.lora.rank, int64_t(16));
        QCOMPARE(p.training.lora.targets, uint32_t(LoraQ | LoraK | LoraV));
        QVERIFY(p.hardware.memory_gib);
        QCOMPARE(*p.hardware.memory_gib, 40.5);
        QVERIFY(p.training.optimizer_in_backward);
        QCOMPARE(p.name, std::string("with = sign"));
        QCOMPARE(p.model.preset, std::string("llama-2-7b"));

        // An override that makes the plan invalid is caught by the parser, naming the key.
        applyOverride(j, "training.micro_batch=0", "plan.json");
        const Caught c = catchInputError([&] { parsePlanJson(j, "plan.json", lib_); });
        QVERIFY(c.thrown);
        QCOMPARE(q(c.key), QString("training.micro_batch"));
        QCOMPARE(q(c.file), QString("plan.json"));
    }

    void badOverrides_data() {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("key");
        QTest::addRow("no equals sign") << "training.micro_batch"
                                        << "training.micro_batch";
        QTest::addRow("empty path") << "=4"
                                    << "=4";
        QTest::addRow("empty key") << "training..micro_batch=4"
                                   << "training..micro_batch";
        QTest::addRow("trailing dot") << "training.=4"
                                      << "training.";
        QTest::addRow("into a number") << "training.micro_batch.x=1"
                                       << "training.micro_batch.x";
    }

    void badOverrides() {
        QFETCH(QString, assignment);
        QFETCH(QString, key);
        json j = json::parse(R"({"training": {"micro_batch": 4}})");
        const Caught c =
            catchInputError([&] { applyOverride(j, assignment.toStdString(), "plan.json"); });
        QVERIFY2(c.thrown, "no InputError");
        QCOMPARE(q(c.file), QString("plan.json"));
        QCOMPARE(q(c.key), key);
    }

    // --- the Compare columns saved with a plan (`compare`) ------------------------------

    // Read, kept under the key paths (a short name becomes its path, a count a number) and
    // written back byte for byte; a plan without the list writes none.
    void compareColumns() {
        const Plan p = parse(R"({"training": {"method": "qlora"}, "compare": [
            {"overrides": {"training.method": "qlora"}, "name": "NF4 base"},
            {"overrides": {"method": "lora", "precision": "int8", "parallelism.gpus": "2"}},
            {"overrides": {"model.params": "8B"}},
            {}]})");
        QCOMPARE(p.compare.size(), std::size_t(4));
        QCOMPARE(q(p.compare[0].name), QString("NF4 base"));
        QVERIFY(p.compare[1].name.empty());
        using Pairs = std::vector<std::pair<std::string, std::string>>;
        QVERIFY(p.compare[1].overrides == (Pairs{{"training.precision", "int8"},
                                                 {"training.method", "lora"},
                                                 {"parallelism.gpus", "2"}}));
        QVERIFY(p.compare[3].overrides.empty());
        const std::string first = serializePlan(p);
        const json j = json::parse(first);
        QCOMPARE(j["compare"][1]["overrides"]["parallelism.gpus"], json(2));
        QCOMPARE(j["compare"][2]["overrides"]["model.params"], json("8B"));
        QVERIFY(!j["compare"][1].contains("name"));
        QCOMPARE(q(serializePlan(parse(first))), q(first));
        QVERIFY(serializePlan(parse("{}")).find("compare") == std::string::npos);
        // An empty list is the defaults: not written.
        QVERIFY(serializePlan(parse(R"({"compare": []})")).find("compare") == std::string::npos);
    }

    void badCompareColumns_data() {
        QTest::addColumn<QString>("compare"); // JSON of the list
        QTest::addColumn<QString>("key");
        QTest::addRow("not a list") << R"({"overrides": {}})"
                                    << "compare";
        QTest::addRow("nine columns") << "[{},{},{},{},{},{},{},{},{}]"
                                      << "compare";
        QTest::addRow("column not an object") << R"([{}, "int8"])"
                                              << "compare[1]";
        QTest::addRow("unknown column key") << R"([{"colour": "red"}])"
                                            << "compare[0].colour";
        QTest::addRow("name not a string") << R"([{"name": 3}])"
                                           << "compare[0].name";
        QTest::addRow("overrides not an object") << R"([{"overrides": ["int8"]}])"
                                                 << "compare[0].overrides";
        QTest::addRow("unknown setting") << R"([{"overrides": {"training.colour": "red"}}])"
                                         << "compare[0].overrides.training.colour";
        QTest::addRow("unknown recipe") << R"([{"overrides": {"training.precision": "fp64"}}])"
                                        << "compare[0].overrides.training.precision";
        QTest::addRow("zero GPUs") << R"([{}, {"overrides": {"parallelism.gpus": 0}}])"
                                   << "compare[1].overrides.parallelism.gpus";
        QTest::addRow("negative micro-batch") << R"([{"overrides": {"micro_batch": -5}}])"
                                              << "compare[0].overrides.micro_batch";
        QTest::addRow("huge sequence") << R"([{"overrides": {"training.seq_len": 1e30}}])"
                                       << "compare[0].overrides.training.seq_len";
        QTest::addRow("fractional GPUs") << R"([{"overrides": {"parallelism.gpus": 1.5}}])"
                                         << "compare[0].overrides.parallelism.gpus";
        QTest::addRow("boolean value") << R"([{"overrides": {"training.method": true}}])"
                                       << "compare[0].overrides.training.method";
        QTest::addRow("unknown GPU") << R"([{"overrides": {"hardware.gpu": "h900"}}])"
                                     << "compare[0].overrides.hardware.gpu";
        QTest::addRow("set twice")
            << R"([{"overrides": {"precision": "int8", "training.precision": "fp32"}}])"
            << "compare[0].overrides.training.precision";
    }
    void badCompareColumns() {
        QFETCH(QString, compare);
        QFETCH(QString, key);
        const std::string text = R"({"compare": )" + compare.toStdString() + "}";
        const Caught c = catchInputError([&] { parsePlan(text, "cols.json", lib_); });
        QVERIFY2(c.thrown, "no InputError");
        QCOMPARE(q(c.file), QString("cols.json"));
        QCOMPARE(q(c.key), key);
    }

    // --- atomic save --------------------------------------------------------------------

    void saveWritesAndReplaces() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const fs::path dir = tmp.path().toStdString();
        const fs::path file = dir / "plan.memplan.json";

        Plan p = parse(R"({"name": "first", "model": {"preset": "llama-2-7b"}})");
        savePlanFileAtomic(file, p);
        QVERIFY(fs::exists(file));
        QCOMPARE(q(readText(file)), q(serializePlan(p)));
        QCOMPARE(q(serializePlan(loadPlanFile(file, lib_))), q(serializePlan(p)));

        p.name = "second";
        p.training.micro_batch = 16;
        savePlanFileAtomic(file, p);
        QCOMPARE(q(readText(file)), q(serializePlan(p)));
        QCOMPARE(loadPlanFile(file, lib_).training.micro_batch, int64_t(16));
        // Only the plan is left behind: no temporary files.
        QCOMPARE(leftoverTempFiles(dir), 0);
        int files = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
            ++files;
        QCOMPARE(files, 1);
        // A readable file (0644), not the 0600 of mkstemp.
        QVERIFY((fs::status(file).permissions() & fs::perms::others_read) != fs::perms::none);
    }

    void saveIntoReadOnlyDirectoryLeavesOldFile() {
        if (::geteuid() == 0)
            QSKIP("running as root: permissions do not stop root from writing");
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const fs::path dir = fs::path(tmp.path().toStdString()) / "ro";
        fs::create_directory(dir);
        const fs::path file = dir / "plan.memplan.json";
        Plan p = parse(R"({"name": "old"})");
        savePlanFileAtomic(file, p);
        const std::string before = readText(file);

        QVERIFY(::chmod(dir.c_str(), 0555) == 0);
        p.name = "new";
        const Caught c = catchOutputError([&] { savePlanFileAtomic(file, p); });
        ::chmod(dir.c_str(), 0755);
        QVERIFY2(c.thrown, "saving into a read-only directory did not throw OutputError");
        QCOMPARE(q(c.file), q(file.string()));
        QCOMPARE(q(readText(file)), q(before));
        QCOMPARE(leftoverTempFiles(dir), 0);
    }

    // Root-proof failure paths: the target's directory does not exist, or the target is a
    // directory (rename fails after the temporary file was written and must be removed).
    void saveFailuresThrowAndCleanUp() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const fs::path dir = tmp.path().toStdString();
        const Plan p = parse("{}");

        const fs::path missing = dir / "no-such-dir" / "plan.json";
        Caught c = catchOutputError([&] { savePlanFileAtomic(missing, p); });
        QVERIFY(c.thrown);
        QCOMPARE(q(c.file), q(missing.string()));
        QVERIFY(!fs::exists(missing));

        const fs::path target = dir / "taken";
        fs::create_directory(target);
        writeText(target / "keep.txt", "old contents");
        c = catchOutputError([&] { savePlanFileAtomic(target, p); });
        QVERIFY(c.thrown);
        QCOMPARE(q(c.file), q(target.string()));
        QVERIFY(fs::is_directory(target));
        QCOMPARE(q(readText(target / "keep.txt")), QString("old contents"));
        QCOMPARE(leftoverTempFiles(dir), 0);
    }
};

QTEST_APPLESS_MAIN(TestPlanJson)
#include "tst_plan_json.moc"
