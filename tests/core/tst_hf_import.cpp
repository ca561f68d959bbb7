// Hugging Face config.json import: each family's published config gives the same shape as
// the bundled preset for that model, and bad configs are refused naming file and field.
#include "bundled_presets.h"
#include "catch_input_error.h"
#include "memplan/errors.h"
#include "memplan/hf_import.h"
#include "memplan/model_json.h"
#include "memplan/param_count.h"
#include "memplan/plan_json.h"
#include "memplan/presets.h"

#include <QtTest>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

using namespace memplan;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kHfDir = fs::path(MEMPLAN_TEST_DATA) / "hf";
const fs::path kPresetDir = MEMPLAN_TEST_PRESETS;

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// The shape without the display name (imported names come from _name_or_path).
json shapeOf(const ModelSpec& m) {
    json j = modelToJson(m, false);
    j.erase("name");
    return j;
}

using test::catchInputError;
using test::Caught;

} // namespace

class TestHfImport : public QObject {
    Q_OBJECT

private:
    PresetLibrary lib_;

private slots:
    void initTestCase() {
        const std::string error = test::loadBundledPresets(lib_);
        QVERIFY2(error.empty(), error.c_str());
    }

    void matchesPreset_data() {
        QTest::addColumn<QString>("id");
        for (const char* id : {"llama-2-7b", "mistral-7b", "mixtral-8x7b", "qwen2.5-7b", "gemma-2b",
                               "phi-2", "gpt2", "bert-large-uncased", "falcon-7b",
                               // issue 14: Qwen3 dense and MoE (moe_intermediate_size), gpt-oss
                               // (biases, layer_types), Gemma 3 (sliding_window_pattern)
                               "qwen3-8b", "qwen3-30b-a3b", "gpt-oss-20b", "gemma-3-1b",
                               // MLA, a shared expert and dense leading layers
                               "deepseek-v3",
                               // vision-language: nested text_config (Gemma3TextConfig defaults)
                               // and vision_config (SigLIP; Qwen2.5-VL's ViT)
                               "gemma-3-4b", "qwen2.5-vl-7b",
                               // a tiled tower and cross-attention layers (mllama)
                               "llama-3.2-11b-vision"})
            QTest::addRow("%s", id) << QString::fromLatin1(id);
    }
    void matchesPreset() {
        QFETCH(QString, id);
        const ModelPreset* preset = lib_.findModel(id.toStdString());
        QVERIFY(preset);
        ModelSpec imported;
        try {
            imported = importHfConfigFile(kHfDir / id.toStdString() / "config.json");
        } catch (const InputError& e) {
            QFAIL(e.what());
        }
        QCOMPARE(q(shapeOf(imported).dump()), q(shapeOf(preset->model).dump()));
        QVERIFY(imported.preset.empty());
        QVERIFY(!imported.params.has_value());
        QVERIFY(!imported.name.empty());
        QCOMPARE(countParameters(imported).total, countParameters(preset->model).total);
    }

    void nameFromConfig() {
        const ModelSpec named = importHfConfigFile(kHfDir / "llama-2-7b" / "config.json");
        QCOMPARE(q(named.name), QStringLiteral("meta-llama/Llama-2-7b-hf"));
        const ModelSpec unnamed = importHfConfigFile(kHfDir / "mistral-7b" / "config.json");
        QCOMPARE(q(unnamed.name), QStringLiteral("mistral"));
    }

    void legacyFalconFieldNames() {
        // The original RefinedWebModel config of Falcon-7B (before transformers had Falcon).
        const char* text = R"({
            "model_type": "RefinedWebModel", "hidden_size": 4544, "n_head": 71, "n_layer": 32,
            "multi_query": true, "parallel_attn": true, "bias": false, "alibi": false,
            "attention_dropout": 0.0, "hidden_dropout": 0.0, "layer_norm_epsilon": 1e-05,
            "vocab_size": 65024})";
        const ModelSpec m = importHfConfig(text, "rw.json");
        QCOMPARE(q(shapeOf(m).dump()), q(shapeOf(lib_.findModel("falcon-7b")->model).dump()));
    }

    void gpt2ExplicitInnerWidth() {
        const char* text = R"({"model_type": "gpt2", "n_embd": 768, "n_head": 12, "n_layer": 12,
                              "n_inner": 2048, "n_positions": 512, "vocab_size": 50257})";
        const ModelSpec m = importHfConfig(text, "small.json");
        QCOMPARE(m.ffn, int64_t{2048});
        QCOMPARE(m.max_position, int64_t{512});
        QCOMPARE(m.dropout, 0.1); // GPT2Config's default when the config leaves it out
        QVERIFY(m.tied_embeddings);
    }

    void unknownFamilyBestEffort() {
        const char* text =
            R"({"model_type": "someday", "hidden_size": 2048, "num_hidden_layers": 24,
                              "num_attention_heads": 16, "num_key_value_heads": 4,
                              "intermediate_size": 5632, "vocab_size": 50000,
                              "hidden_act": "silu", "rms_norm_eps": 1e-6,
                              "tie_word_embeddings": false})";
        const ModelSpec m = importHfConfig(text, "someday.json");
        QCOMPARE(m.layers, int64_t{24});
        QCOMPARE(m.kv_heads, int64_t{4});
        QCOMPARE(m.head_dim, int64_t{128});
        QVERIFY(m.mlp == MlpKind::Gated);
        QVERIFY(m.norm == NormKind::RmsNorm);
        QVERIFY(!m.tied_embeddings);
        QCOMPARE(q(m.name), QStringLiteral("someday"));

        const Caught c = catchInputError([] {
            importHfConfig(R"({"model_type": "someday", "hidden_size": 2048,
                               "num_hidden_layers": 24, "num_attention_heads": 16,
                               "intermediate_size": 5632})",
                           "novocab.json");
        });
        QVERIFY(c.thrown);
        QCOMPARE(q(c.file), QStringLiteral("novocab.json"));
        QCOMPARE(q(c.key), QStringLiteral("vocab_size"));
    }

    void malformedJson() {
        const fs::path path = kHfDir / "errors" / "malformed.json";
        const Caught c = catchInputError([&] { importHfConfigFile(path); });
        QVERIFY(c.thrown);
        QCOMPARE(q(c.file), q(path.generic_string()));
        QVERIFY2(q(c.what).contains(QLatin1String("malformed.json")), c.what.c_str());
        QVERIFY2(q(c.what).contains(QLatin1String("line")), c.what.c_str());
    }

    void missingHiddenSize() {
        const fs::path path = kHfDir / "errors" / "missing-hidden-size.json";
        const Caught c = catchInputError([&] { importHfConfigFile(path); });
        QVERIFY(c.thrown);
        QCOMPARE(q(c.key), QStringLiteral("hidden_size"));
        QVERIFY2(q(c.what).contains(QLatin1String("missing-hidden-size.json")), c.what.c_str());
        QVERIFY2(q(c.what).contains(QLatin1String("hidden_size")), c.what.c_str());
    }

    void stringWhereNumberExpected() {
        const fs::path path = kHfDir / "errors" / "string-number.json";
        const Caught c = catchInputError([&] { importHfConfigFile(path); });
        QVERIFY(c.thrown);
        QCOMPARE(q(c.key), QStringLiteral("num_hidden_layers"));
        QVERIFY2(q(c.what).contains(QLatin1String("string-number.json")), c.what.c_str());
        QVERIFY2(q(c.what).contains(QLatin1String("string")), c.what.c_str());
    }

    void otherErrors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("key");
        QTest::addRow("not an object") << R"([1, 2, 3])"
                                       << "(document)";
        QTest::addRow("zero layers")
            << R"({"model_type": "llama", "hidden_size": 64, "num_hidden_layers": 0,
                   "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100})"
            << "num_hidden_layers";
        QTest::addRow("fractional width")
            << R"({"model_type": "llama", "hidden_size": 64.5, "num_hidden_layers": 2,
                   "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100})"
            << "hidden_size";
        QTest::addRow("kv heads do not divide")
            << R"({"model_type": "llama", "hidden_size": 64, "num_hidden_layers": 2,
                   "num_attention_heads": 4, "num_key_value_heads": 3,
                   "intermediate_size": 128, "vocab_size": 100})"
            << "num_key_value_heads";
        QTest::addRow("uneven heads")
            << R"({"model_type": "llama", "hidden_size": 100, "num_hidden_layers": 2,
                   "num_attention_heads": 3, "intermediate_size": 128, "vocab_size": 100})"
            << "head_dim";
        QTest::addRow("bool tie flag")
            << R"({"model_type": "llama", "hidden_size": 64, "num_hidden_layers": 2,
                   "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100,
                   "tie_word_embeddings": "yes"})"
            << "tie_word_embeddings";
        QTest::addRow("dropout out of range")
            << R"({"model_type": "bert", "hidden_size": 64, "num_hidden_layers": 2,
                   "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100,
                   "hidden_dropout_prob": 1.5})"
            << "hidden_dropout_prob";
        QTest::addRow("model_type not a string") << R"({"model_type": 7})"
                                                 << "model_type";
        QTest::addRow("text_config not an object")
            << R"({"model_type": "gemma3", "text_config": 3})"
            << "text_config";
        QTest::addRow("nested text field")
            << R"({"model_type": "gemma3", "text_config": {"model_type": "gemma3_text",
                   "num_hidden_layers": 0}})"
            << "text_config.num_hidden_layers";
        QTest::addRow("unmodelled vision tower")
            << R"({"model_type": "idefics3", "text_config": {"model_type": "llama",
                   "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
                   "intermediate_size": 128, "vocab_size": 100},
                   "vision_config": {"model_type": "idefics3_vision"}})"
            << "vision_config.model_type";
        QTest::addRow("full-attention block beyond the depth")
            << R"({"model_type": "qwen2_5_vl", "hidden_size": 64, "num_hidden_layers": 2,
                   "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100,
                   "vision_config": {"depth": 8, "hidden_size": 64, "intermediate_size": 128,
                   "num_heads": 4, "fullatt_block_indexes": [3, 8]}})"
            << "vision_config.fullatt_block_indexes";
        QTest::addRow("fractional vision width")
            << R"({"model_type": "gemma3", "text_config": {"model_type": "gemma3_text"},
                   "vision_config": {"model_type": "siglip_vision_model",
                   "hidden_size": 1152.5}})"
            << "vision_config.hidden_size";
        QTest::addRow("vision heads do not divide")
            << R"({"model_type": "gemma3", "text_config": {"model_type": "gemma3_text"},
                   "vision_config": {"model_type": "siglip_vision_model",
                   "num_attention_heads": 7}})"
            << "vision.heads";
    }
    void otherErrors() {
        QFETCH(QString, text);
        QFETCH(QString, key);
        const Caught c =
            catchInputError([&] { importHfConfig(text.toStdString(), "inline.json"); });
        QVERIFY(c.thrown);
        QCOMPARE(q(c.file), QStringLiteral("inline.json"));
        QCOMPARE(q(c.key), key);
    }

    void missingFile() {
        const fs::path path = kHfDir / "errors" / "does-not-exist.json";
        const Caught c = catchInputError([&] { importHfConfigFile(path); });
        QVERIFY(c.thrown);
        QVERIFY2(q(c.what).contains(QLatin1String("does-not-exist.json")), c.what.c_str());
    }

    // Issue 13, item 9: opening a config.json as a plan. A document is a config when it names
    // an architecture and has none of a plan's keys.
    void recognisesConfigs_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("config");
        QTest::addRow("model_type") << R"({"model_type": "llama", "hidden_size": 64})" << true;
        QTest::addRow("architectures")
            << R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 64})" << true;
        QTest::addRow("plan") << R"({"schema_version": 1, "model": {"preset": "llama-2-7b"}})"
                              << false;
        QTest::addRow("plan with a stray model_type")
            << R"({"model_type": "llama", "training": {}})" << false;
        QTest::addRow("empty object") << "{}" << false;
        QTest::addRow("array") << R"([{"model_type": "llama"}])" << false;
    }
    void recognisesConfigs() {
        QFETCH(QString, text);
        QFETCH(bool, config);
        QCOMPARE(isHfConfig(json::parse(text.toStdString())), config);
    }

    void opensConfigAsPlan_data() {
        QTest::addColumn<QString>("id");
        for (const char* id : {"llama-2-7b", "mistral-7b", "mixtral-8x7b", "gpt2", "falcon-7b"})
            QTest::addRow("%s", id) << QString::fromLatin1(id);
    }
    // The imported plan keeps the base plan's settings, carries the config's shape, and is a
    // plan file that saves and opens again with the same numbers.
    void opensConfigAsPlan() {
        QFETCH(QString, id);
        Plan base;
        base.training.method = Method::Qlora;
        base.training.micro_batch = 3;
        base.training.seq_len = 1 << 20; // longer than any of these models' context
        base.hardware.gpu = "rtx-4090";
        const fs::path path = kHfDir / id.toStdString() / "config.json";
        const OpenedPlan opened = openPlanOrHfConfig(path, lib_, base);
        QVERIFY(opened.imported);
        const ModelSpec direct = importHfConfigFile(path);
        QCOMPARE(q(shapeOf(opened.plan.model).dump()), q(shapeOf(direct).dump()));
        QCOMPARE(q(opened.plan.name), q(direct.name));
        QCOMPARE(opened.plan.training.method, Method::Qlora);
        QCOMPARE(opened.plan.training.micro_batch, int64_t(3));
        QCOMPARE(opened.plan.training.seq_len, direct.max_position);
        QCOMPARE(q(opened.plan.hardware.gpu), QString("rtx-4090"));
        const Plan back = parsePlan(serializePlan(opened.plan), "back.json", lib_);
        QCOMPARE(q(serializePlan(back)), q(serializePlan(opened.plan)));
    }

    // A plan file opens as before, not as an import; a broken config names file and field.
    void opensPlanFilesAsBefore() {
        const fs::path example = kPresetDir / "examples" / "llama-2-7b-lora-4090.memplan.json";
        const OpenedPlan opened = openPlanOrHfConfig(example, lib_, Plan{});
        QVERIFY(!opened.imported);
        QCOMPARE(q(serializePlan(opened.plan)), q(serializePlan(loadPlanFile(example, lib_))));
        const fs::path dir = fs::temp_directory_path() / "memplan-tst-hf-open";
        fs::create_directories(dir);
        const fs::path bad = dir / "config.json";
        {
            std::ifstream in(kHfDir / "llama-2-7b" / "config.json");
            json j = json::parse(in);
            j["hidden_size"] = "wide";
            std::ofstream(bad) << j.dump();
        }
        const Caught c = catchInputError([&] { openPlanOrHfConfig(bad, lib_, Plan{}); });
        QVERIFY(c.thrown);
        QVERIFY2(q(c.what).contains(QLatin1String("config.json")), c.what.c_str());
        QVERIFY2(q(c.what).contains(QLatin1String("hidden_size")), c.what.c_str());
        fs::remove_all(dir);
    }

    // Tensor parallelism the new heads do not allow falls back to one GPU per replica.
    void planForModelKeepsItValid() {
        Plan base;
        base.parallelism.tp = 8;
        base.parallelism.gpus = 16;
        ModelSpec m;
        m.heads = 12;
        m.kv_heads = 12;
        m.hidden = 768;
        m.head_dim = 64;
        const Plan p = planForModel(m, base);
        QCOMPARE(p.parallelism.tp, int64_t(1));
        QCOMPARE(p.parallelism.gpus, int64_t(2));
        validatePlan(p, "p.json");
    }
};

QTEST_APPLESS_MAIN(TestHfImport)
#include "tst_hf_import.moc"
