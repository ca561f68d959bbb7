// Bundled presets: every file loads, every model's shape reproduces the published parameter
// count, GPU capacities are sane, and malformed preset files are refused with errors that
// name the file and the key.
#include "bundled_presets.h"
#include "memplan/errors.h"
#include "memplan/model_json.h"
#include "memplan/param_count.h"
#include "memplan/presets.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

using namespace memplan;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kPresetDir = MEMPLAN_TEST_PRESETS;

json readJson(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str());
}

void writeText(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
}

void writeJson(const fs::path& p, const json& j) {
    writeText(p, j.dump(2));
}

// Runs `f`; returns the InputError's message, or an empty string when nothing was thrown.
template <typename F> QString inputErrorOf(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

class TestPresets : public QObject {
    Q_OBJECT

private:
    PresetLibrary lib_;

    // A valid model preset and GPU preset to break in the malformed-file tests.
    json goodModel(const std::string& id) const {
        json j = readJson(kPresetDir / "models" / "llama-2-7b.json");
        j["id"] = id;
        return j;
    }
    json goodGpu(const std::string& id) const {
        json j = readJson(kPresetDir / "gpus" / "a100-80gb.json");
        j["id"] = id;
        return j;
    }

    // Loads `dir` into a fresh library and expects an InputError naming `fileName` and `key`.
    void expectRefused(const fs::path& dir, const QString& fileName, const QString& key) {
        const QString msg = inputErrorOf([&] {
            PresetLibrary lib;
            lib.loadDirectory(dir);
        });
        QVERIFY2(!msg.isEmpty(), "expected an InputError");
        QVERIFY2(msg.contains(fileName), qPrintable("file not named: " + msg));
        QVERIFY2(msg.contains(key), qPrintable("key " + key + " not named: " + msg));
    }

private slots:
    void initTestCase() {
        const std::string error = test::loadBundledPresets(lib_);
        QVERIFY2(error.empty(), error.c_str());
    }

    void everyPresetFileLoads() {
        std::size_t modelFiles = 0, gpuFiles = 0;
        for (const auto& e : fs::directory_iterator(kPresetDir / "models"))
            modelFiles += e.path().extension() == ".json";
        for (const auto& e : fs::directory_iterator(kPresetDir / "gpus"))
            gpuFiles += e.path().extension() == ".json";
        QCOMPARE(lib_.models().size(), modelFiles);
        QCOMPARE(lib_.gpus().size(), gpuFiles);
        QVERIFY(modelFiles >= 20);
        QVERIFY(gpuFiles >= 15);
    }

    void requiredIdsExist() {
        for (const char* id :
             {"gpt2",           "gpt2-xl",      "bert-large-uncased", "llama-2-7b",
              "llama-2-13b",    "llama-2-70b",  "llama-3.1-8b",       "llama-3.1-70b",
              "llama-3.1-405b", "llama-3.2-1b", "llama-3.2-3b",       "mistral-7b",
              "mixtral-8x7b",   "qwen2.5-7b",   "qwen2.5-72b",        "gemma-2b",
              "gemma-7b",       "phi-2",        "falcon-7b",          "tinyllama-1.1b"})
            QVERIFY2(lib_.findModel(id) != nullptr, id);
        for (const char* id :
             {"t4", "v100-16gb", "v100-32gb", "a10", "l4", "l40s", "a100-40gb", "a100-80gb",
              "h100-sxm-80gb", "h200", "b200", "rtx-3090", "rtx-4090", "rtx-5090", "mi300x"})
            QVERIFY2(lib_.findGpu(id) != nullptr, id);
        QVERIFY(lib_.findModel("no-such-model") == nullptr);
        QVERIFY(lib_.findGpu("no-such-gpu") == nullptr);
        QVERIFY(lib_.findModel("h100-sxm-80gb") == nullptr); // separate namespaces
    }

    void presetIdentity() {
        for (const auto& [id, p] : lib_.models()) {
            QCOMPARE(q(p.id), q(id));
            QCOMPARE(q(p.model.preset), q(id));
            QVERIFY(!p.model.params.has_value());
            QVERIFY(!p.model.name.empty());
            QVERIFY(!p.source.empty());
        }
    }

    void parameterCountMatchesPublished_data() {
        QTest::addColumn<QString>("id");
        for (const auto& [id, p] : lib_.models())
            QTest::addRow("%s", id.c_str()) << q(id);
    }
    void parameterCountMatchesPublished() {
        QFETCH(QString, id);
        const ModelPreset* p = lib_.findModel(id.toStdString());
        QVERIFY(p);
        QVERIFY(p->published_params > 0);
        const double counted = countParameters(p->model).total;
        const double rel = std::fabs(counted - p->published_params) / p->published_params;
        QVERIFY2(rel <= 0.005, qPrintable(QStringLiteral("counted %1, published %2 (%3%)")
                                              .arg(counted, 0, 'f', 0)
                                              .arg(p->published_params, 0, 'f', 0)
                                              .arg(rel * 100, 0, 'f', 3)));
    }

    // Issue 14's presets against the counts their publishers state (here, not only in the
    // preset files): the shape keys must reproduce each within 0.5%, and the file must carry
    // the same figure.
    void issue14PublishedCounts_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<double>("published");
        // meta-llama/Llama-3.3-70B-Instruct: 70.6B (the Llama 3.1 70B checkpoint's 70,553,706,496).
        QTest::addRow("llama-3.3-70b") << "llama-3.3-70b" << 70553706496.0;
        // Qwen3 model cards (Qwen/Qwen3-*): total / non-embedding; the exact counts are the
        // checkpoints' unique parameters (lm_head tied to the embedding up to 4B).
        QTest::addRow("qwen3-0.6b") << "qwen3-0.6b" << 596049920.0;         // 0.6B / 0.44B
        QTest::addRow("qwen3-1.7b") << "qwen3-1.7b" << 1720574976.0;        // 1.7B / 1.4B
        QTest::addRow("qwen3-4b") << "qwen3-4b" << 4022468096.0;            // 4.0B / 3.6B
        QTest::addRow("qwen3-8b") << "qwen3-8b" << 8190735360.0;            // 8.2B / 6.95B
        QTest::addRow("qwen3-14b") << "qwen3-14b" << 14768307200.0;         // 14.8B / 13.2B
        QTest::addRow("qwen3-32b") << "qwen3-32b" << 32762123264.0;         // 32.8B / 31.2B
        QTest::addRow("qwen3-30b-a3b") << "qwen3-30b-a3b" << 30532122624.0; // 30.5B, 3.3B active
        // google/gemma-3-1b-pt: 1B (999,885,952).
        QTest::addRow("gemma-3-1b") << "gemma-3-1b" << 999885952.0;
        // mistralai/Mistral-Small-24B-Base-2501: 23.6B.
        QTest::addRow("mistral-small-3-24b") << "mistral-small-3-24b" << 23572403200.0;
        // microsoft/phi-4: 14.7B.
        QTest::addRow("phi-4") << "phi-4" << 14659507200.0;
        // OpenAI gpt-oss model card (arXiv 2508.10925, Table 1): 20.9B and 116.8B total.
        QTest::addRow("gpt-oss-20b") << "gpt-oss-20b" << 20914757184.0;
        QTest::addRow("gpt-oss-120b") << "gpt-oss-120b" << 116829156672.0;
        // DeepSeek-V3 technical report (arXiv 2412.19437), Sec. 1: 671B total parameters; R1
        // is the same architecture (deepseek-ai/DeepSeek-R1 config.json).
        QTest::addRow("deepseek-v3") << "deepseek-v3" << 671026419200.0;
        QTest::addRow("deepseek-r1") << "deepseek-r1" << 671026419200.0;
        // Vision-language models, tower and projector included: the google/gemma-3-*-it model
        // cards (4B, 12B, 27B; the checkpoints' safetensors hold 4,300,079,472,
        // 12,187,325,040 and 27,432,406,640) and Qwen/Qwen2.5-VL-7B-Instruct (8.29B,
        // 8,292,166,656).
        QTest::addRow("gemma-3-4b") << "gemma-3-4b" << 4300079472.0;
        QTest::addRow("gemma-3-12b") << "gemma-3-12b" << 12187325040.0;
        QTest::addRow("gemma-3-27b") << "gemma-3-27b" << 27432406640.0;
        QTest::addRow("qwen2.5-vl-7b") << "qwen2.5-vl-7b" << 8292166656.0;
        // meta-llama/Llama-3.2-11B-Vision: the model card's 11B (10.6B), the Hub's 10.7B; the
        // checkpoint's safetensors hold 10,670,220,835 parameters (the BF16 count of
        // HfApi.get_safetensors_metadata for the -Instruct repository, which has the same
        // shapes, as recorded in floschne/gimmick src/gimmick/models/__init__.py
        // get_model_sizes). Cross-attention layers, tiled tower and projector included.
        QTest::addRow("llama-3.2-11b-vision") << "llama-3.2-11b-vision" << 10670220835.0;
    }
    void issue14PublishedCounts() {
        QFETCH(QString, id);
        QFETCH(double, published);
        const ModelPreset* p = lib_.findModel(id.toStdString());
        QVERIFY2(p, qPrintable(id));
        QCOMPARE(p->published_params, published);
        const double counted = countParameters(p->model).total;
        QVERIFY2(std::fabs(counted - published) <= 0.005 * published,
                 qPrintable(QStringLiteral("counted %1, published %2")
                                .arg(counted, 0, 'f', 0)
                                .arg(published, 0, 'f', 0)));
    }

    // Issue 14's GPUs: the totals nvidia-smi reports (MiB), or the capacity as sold.
    void issue14Gpus_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<double>("bytes");
        QTest::addRow("h20") << "h20" << 97871.0 * 1048576;
        QTest::addRow("gb200") << "gb200" << 189471.0 * 1048576;
        QTest::addRow("b300") << "b300" << 275040.0 * 1048576;
        QTest::addRow("rtx-pro-6000") << "rtx-pro-6000" << 97887.0 * 1048576;
        QTest::addRow("mi325x") << "mi325x" << 256.0 * 1073741824;
    }
    void issue14Gpus() {
        QFETCH(QString, id);
        QFETCH(double, bytes);
        const GpuPreset* g = lib_.findGpu(id.toStdString());
        QVERIFY2(g, qPrintable(id));
        QCOMPARE(g->memory_bytes, bytes);
    }

    void modelRoundTrips_data() { parameterCountMatchesPublished_data(); }
    void modelRoundTrips() {
        QFETCH(QString, id);
        const ModelPreset* p = lib_.findModel(id.toStdString());
        QVERIFY(p);
        // The file spells out every shape key, exactly as modelToJson writes them.
        const json fromFile = readJson(kPresetDir / "models" / (id.toStdString() + ".json"));
        const json written = modelToJson(p->model, false);
        QCOMPARE(q(fromFile.at("model").dump()), q(written.dump()));
        // And reading the written form back gives the same shape.
        ModelSpec back;
        readModelShape(written, "roundtrip", "model", back, false);
        QCOMPARE(q(modelToJson(back, false).dump()), q(written.dump()));
    }

    void gpuPresetsSane_data() {
        QTest::addColumn<QString>("id");
        for (const auto& [id, g] : lib_.gpus())
            QTest::addRow("%s", id.c_str()) << q(id);
    }
    void gpuPresetsSane() {
        QFETCH(QString, id);
        const GpuPreset* g = lib_.findGpu(id.toStdString());
        QVERIFY(g);
        QCOMPARE(q(g->id), id);
        QVERIFY(!g->name.empty());
        QVERIFY(!g->source.empty());
        QVERIFY(g->memory_bytes > 0);
        QCOMPARE(g->memory_bytes, std::floor(g->memory_bytes));
        // Between 8 GiB and 1 TiB: a plausible single accelerator.
        QVERIFY(g->memory_bytes >= 8.0 * 1073741824.0);
        QVERIFY(g->memory_bytes <= 1024.0 * 1073741824.0);
        const QString sold = q(g->memory_as_sold);
        QVERIFY2(sold.contains(QLatin1String("GB")) || sold.contains(QLatin1String("GiB")),
                 qPrintable(sold));
        QVERIFY(g->runtime_overhead_gib > 0);
        QVERIFY(g->runtime_overhead_gib < 8);
    }

    void knownCapacities() {
        // nvidia-smi totals in MiB for a few cards whose figures are widely reported.
        QCOMPARE(lib_.findGpu("h100-sxm-80gb")->memory_bytes, 81559.0 * 1048576.0);
        QCOMPARE(lib_.findGpu("a100-80gb")->memory_bytes, 80.0 * 1073741824.0);
        QCOMPARE(lib_.findGpu("rtx-4090")->memory_bytes, 24564.0 * 1048576.0);
        QCOMPARE(lib_.findGpu("h200")->memory_bytes, 143771.0 * 1048576.0);
    }

    void searchPathHonoursEnvironment() {
        const QByteArray saved = qgetenv("MEMPLAN_PRESET_DIR");
        qputenv("MEMPLAN_PRESET_DIR", QByteArray::fromStdString(kPresetDir.string()));
        const auto path = PresetLibrary::bundledSearchPath();
        QVERIFY(!path.empty());
        QCOMPARE(q(path.front().string()), q(kPresetDir.string()));
        const PresetLibrary bundled = PresetLibrary::loadBundled();
        QCOMPARE(bundled.models().size(), lib_.models().size());
        QCOMPARE(bundled.gpus().size(), lib_.gpus().size());
        if (saved.isNull())
            qunsetenv("MEMPLAN_PRESET_DIR");
        else
            qputenv("MEMPLAN_PRESET_DIR", saved);
    }

    // Issue 9, item 6: an installed program never searches the source tree it was built
    // from; a program in the build tree does (before the installed folders).
    void installedProgramIgnoresSourceTree() {
        const QByteArray saved = qgetenv("MEMPLAN_PRESET_DIR");
        qunsetenv("MEMPLAN_PRESET_DIR");
        const fs::path source = fs::path(MEMPLAN_TEST_PRESETS).lexically_normal();
        auto contains = [&](const std::vector<fs::path>& dirs) {
            for (const auto& d : dirs)
                if (d.lexically_normal() == source)
                    return true;
            return false;
        };
        const auto installed = PresetLibrary::bundledSearchPathFor("/usr/bin/memplan-cli");
        QVERIFY(!contains(installed));
        QCOMPARE(q(installed.front().generic_string()), QString("/usr/share/memplan/presets"));
        const auto relocated = PresetLibrary::bundledSearchPathFor("/opt/memplan/bin/memplan");
        QVERIFY(!contains(relocated));
        QCOMPARE(q(relocated.front().generic_string()),
                 QString("/opt/memplan/share/memplan/presets"));
        // This test runs from the build tree: the source tree comes first.
        const auto here = PresetLibrary::bundledSearchPath();
        QVERIFY(!here.empty());
        QCOMPARE(q(here.front().lexically_normal().string()), q(source.string()));
        if (!saved.isNull())
            qputenv("MEMPLAN_PRESET_DIR", saved);
    }

    void missingDirectoryIsAnError() {
        QTemporaryDir tmp;
        const fs::path dir = fs::path(tmp.path().toStdString()) / "absent";
        const QString msg = inputErrorOf([&] {
            PresetLibrary lib;
            lib.loadDirectory(dir);
        });
        QVERIFY(msg.contains(QLatin1String("absent")));
    }

    void malformedJson() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        writeText(dir / "models" / "broken.json", "{\"schema_version\": 1, \"id\": \"broken\",");
        expectRefused(dir, "broken.json", "malformed JSON");
    }

    void unknownKey() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        json j = goodModel("extra");
        j["model"]["colour"] = "blue";
        writeJson(dir / "models" / "extra.json", j);
        expectRefused(dir, "extra.json", "model.colour");
    }

    void unknownTopLevelKey() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        json j = goodGpu("card");
        j["memory_gb"] = 80;
        writeJson(dir / "gpus" / "card.json", j);
        expectRefused(dir, "card.json", "memory_gb");
    }

    void negativeLayers() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        json j = goodModel("negative");
        j["model"]["layers"] = -4;
        writeJson(dir / "models" / "negative.json", j);
        expectRefused(dir, "negative.json", "model.layers");
    }

    void wrongType() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        json j = goodModel("typed");
        j["model"]["hidden"] = "4096";
        writeJson(dir / "models" / "typed.json", j);
        expectRefused(dir, "typed.json", "model.hidden");
    }

    void inconsistentShape() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        json j = goodModel("gqa");
        j["model"]["kv_heads"] = 5; // does not divide 32 heads
        writeJson(dir / "models" / "gqa.json", j);
        expectRefused(dir, "gqa.json", "model.kv_heads");
    }

    void missingRequiredKey() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        json j = goodGpu("nosold");
        j.erase("memory_as_sold");
        writeJson(dir / "gpus" / "nosold.json", j);
        expectRefused(dir, "nosold.json", "memory_as_sold");
    }

    void nonPositiveMemory() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        json j = goodGpu("empty");
        j["memory_bytes"] = 0;
        writeJson(dir / "gpus" / "empty.json", j);
        expectRefused(dir, "empty.json", "memory_bytes");
    }

    void wrongSchemaVersion() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        json j = goodModel("future");
        j["schema_version"] = 2;
        writeJson(dir / "models" / "future.json", j);
        expectRefused(dir, "future.json", "schema_version");
    }

    void idMustMatchFileName() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        writeJson(dir / "models" / "foo.json", goodModel("bar"));
        expectRefused(dir, "foo.json", "id");
    }

    void duplicateId() {
        QTemporaryDir a, b;
        const fs::path dirA = a.path().toStdString();
        const fs::path dirB = b.path().toStdString();
        json first = goodModel("dup");
        first["published_params"] = 1e9;
        writeJson(dirA / "models" / "dup.json", first);
        writeJson(dirB / "models" / "dup.json", goodModel("dup"));
        writeJson(dirB / "gpus" / "other.json", goodGpu("other"));

        PresetLibrary lib;
        lib.loadDirectory(dirA);
        const QString msg = inputErrorOf([&] { lib.loadDirectory(dirB); });
        QVERIFY2(!msg.isEmpty(), "expected an InputError");
        QVERIFY2(msg.contains(q((dirB / "models" / "dup.json").generic_string())), qPrintable(msg));
        QVERIFY2(msg.contains(QLatin1String(": id:")), qPrintable(msg));
        QVERIFY2(msg.contains(QLatin1String("duplicate")), qPrintable(msg));
        // The failed load left the library as it was.
        QCOMPARE(lib.models().size(), std::size_t{1});
        QCOMPARE(lib.findModel("dup")->published_params, 1e9);
        QVERIFY(lib.findGpu("other") == nullptr);
    }
};

QTEST_APPLESS_MAIN(TestPresets)
#include "tst_presets.moc"
