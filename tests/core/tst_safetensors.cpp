// safetensors headers: exact parameter counts per dtype and per quantization format from
// small hand-made files, model folders with an index, and malformed headers refused with the
// file and the field named.
#include "../common/safetensors_files.h"
#include "catch_input_error.h"
#include "memplan/checkpoint.h"
#include "memplan/errors.h"
#include "memplan/model_files.h"
#include "memplan/param_count.h"
#include "memplan/safetensors.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

#include <nlohmann/json.hpp>

using namespace memplan;
using nlohmann::json;
using test::catchInputError;
namespace fs = std::filesystem;
namespace tf = memplan::testfiles;

namespace {

// A two-layer Llama small enough to write out whole (config.json below).
const char* const kTinyConfig = R"({"model_type": "llama", "architectures": ["LlamaForCausalLM"],
  "num_hidden_layers": 2, "hidden_size": 16, "intermediate_size": 32,
  "num_attention_heads": 2, "num_key_value_heads": 2, "vocab_size": 50,
  "max_position_embeddings": 128, "tie_word_embeddings": false, "rms_norm_eps": 1e-5})";

std::string tinyLayer(int i) {
    const std::string p = "model.layers." + std::to_string(i) + ".";
    return p + "self_attn.q_proj.weight BF16 16,16;" + p + "self_attn.k_proj.weight BF16 16,16;" +
           p + "self_attn.v_proj.weight BF16 16,16;" + p + "self_attn.o_proj.weight BF16 16,16;" +
           p + "mlp.gate_proj.weight BF16 32,16;" + p + "mlp.up_proj.weight BF16 32,16;" + p +
           "mlp.down_proj.weight BF16 16,32;" + p + "input_layernorm.weight BF16 16;" + p +
           "post_attention_layernorm.weight BF16 16;";
}
const std::string kShard1 = "model.embed_tokens.weight BF16 50,16;" + tinyLayer(0);
const std::string kShard2 = tinyLayer(1) + "model.norm.weight BF16 16;lm_head.weight BF16 50,16";

json indexFor(const std::string& spec1, const std::string& spec2) {
    json map = json::object();
    for (const auto& [spec, file] : {std::pair{spec1, "model-00001-of-00002.safetensors"},
                                     std::pair{spec2, "model-00002-of-00002.safetensors"}}) {
        const json header = tf::headerFor(spec);
        for (auto it = header.begin(); it != header.end(); ++it)
            map[it.key()] = file;
    }
    return {{"metadata", {{"total_size", 0}}}, {"weight_map", map}};
}

bool writeText(const fs::path& p, const std::string& text) {
    return tf::writeBytes(p.string(), text);
}

double formatParams(const CheckpointSummary& s, WeightFormat f) {
    for (const auto& t : s.by_format)
        if (t.format == f)
            return t.parameters;
    return 0;
}

} // namespace

class TestSafetensors : public QObject {
    Q_OBJECT

private slots:
    // Each row: tensors, config.json's quantization_config, then what the headers must give.
    void counts_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("quantization");
        QTest::addColumn<double>("parameters");
        QTest::addColumn<double>("bytes");
        QTest::addColumn<QString>("format");   // the quantized format, or "plain"
        QTest::addColumn<double>("quantized"); // parameters in that format
        QTest::addColumn<bool>("dequantNote"); // says it dequantizes on load
        QTest::addRow("bf16 and fp32") << "w BF16 4,8;b F32 8"
                                       << "" << 40.0 << 96.0 << "plain" << 40.0 << false;
        QTest::addRow("empty") << ""
                               << "" << 0.0 << 0.0 << "plain" << 0.0 << false;
        // GPTQ 4-bit: 8 packed I32 hold 64 codes; zeros, scales and g_idx are no parameters.
        QTest::addRow("gptq 4-bit")
            << "l.qweight I32 1,8;l.qzeros I32 1,1;l.scales F16 1,8;l.g_idx I32 8;l.bias F16 8"
            << R"({"quant_method": "gptq", "bits": 4})" << 72.0 << 100.0 << "packed-int" << 64.0
            << false;
        QTest::addRow("awq 8-bit") << "l.qweight I32 2,8;l.qzeros I32 1,2;l.scales F16 1,8"
                                   << R"({"quant_method": "awq", "bits": 8})" << 64.0 << 88.0
                                   << "packed-int" << 64.0 << false;
        QTest::addRow("compressed-tensors w4a16")
            << "l.weight_packed I32 4,2;l.weight_scale BF16 4,1;l.weight_shape I64 2"
            << R"({"quant_method": "compressed-tensors"})" << 64.0 << 56.0 << "packed-int" << 64.0
            << false;
        // bitsandbytes NF4: 32 bytes of codes are 64 parameters; the quant state is not.
        QTest::addRow("bitsandbytes nf4")
            << "l.weight U8 32,1;l.weight.absmax F32 2;l.weight.quant_map F32 16;"
               "l.weight.quant_state.bitsandbytes__nf4 U8 10;n.weight BF16 8"
            << R"({"quant_method": "bitsandbytes", "load_in_4bit": true})" << 72.0 << 130.0
            << "bitsandbytes-4bit" << 64.0 << false;
        QTest::addRow("bitsandbytes int8")
            << "l.weight I8 4,4;l.SCB F32 4;l.weight_format U8 1"
            << R"({"quant_method": "bitsandbytes", "load_in_8bit": true})" << 16.0 << 33.0
            << "bitsandbytes-8bit" << 16.0 << false;
        // DeepSeek-style fp8 with block scales: dequantizes to bf16 on older GPUs.
        QTest::addRow("fp8 e4m3")
            << "l.weight F8_E4M3 8,8;l.weight_scale_inv F32 1,1;n.weight BF16 8"
            << R"({"quant_method": "fp8"})" << 72.0 << 84.0 << "fp8" << 64.0 << true;
        // gpt-oss MXFP4: 128 block bytes are 256 FP4 values; the E8M0 scales are not counted.
        QTest::addRow("mxfp4") << "e.gate_up_proj_blocks U8 2,4,16;e.gate_up_proj_scales U8 "
                                  "2,4;e.gate_up_proj_bias BF16 2,8"
                               << R"({"quant_method": "mxfp4"})" << 272.0 << 168.0 << "mxfp4"
                               << 256.0 << true;
        // A name that merely ends like a scale is a parameter when nothing is quantized.
        QTest::addRow("plain layer_scales") << "blk.layer_scales F32 4;blk.weight_scale F32 4"
                                            << "" << 8.0 << 32.0 << "plain" << 8.0 << false;
    }
    void counts() {
        QFETCH(QString, spec);
        QFETCH(QString, quantization);
        QFETCH(double, parameters);
        QFETCH(double, bytes);
        QFETCH(QString, format);
        QFETCH(double, quantized);
        QFETCH(bool, dequantNote);
        QTemporaryDir dir;
        const std::string path = (fs::path(dir.path().toStdString()) / "m.safetensors").string();
        QVERIFY(tf::writeSafetensors(path, spec.toStdString()));
        CheckpointSummary s;
        try {
            const SafetensorsHeader h = readSafetensorsHeaderFile(path);
            const json q =
                quantization.isEmpty() ? json() : json::parse(quantization.toStdString());
            s = summarizeCheckpoint({h}, q);
        } catch (const InputError& e) {
            QFAIL(e.what());
        }
        QCOMPARE(s.parameters, parameters);
        QCOMPARE(s.stored_bytes, bytes);
        WeightFormat wanted = WeightFormat::Plain;
        for (auto f : {WeightFormat::PackedInt, WeightFormat::Bnb4bit, WeightFormat::Bnb8bit,
                       WeightFormat::Fp8, WeightFormat::Mxfp4})
            if (format == QLatin1String(weightFormatName(f)))
                wanted = f;
        QCOMPARE(formatParams(s, wanted), quantized);
        QCOMPARE(s.quantized(), wanted != WeightFormat::Plain);
        QCOMPARE(!s.notes.empty(), dequantNote);
        if (dequantNote) // bf16 after dequantization: two bytes a parameter, scales dropped
            QVERIFY(s.dequantized_bytes > s.stored_bytes);
        // Bytes per dtype add up to the file's data section.
        double sum = 0;
        for (const auto& d : s.by_dtype)
            sum += d.bytes;
        QCOMPARE(sum, bytes);
    }

    // Malformed files: each error names the file and the field.
    void malformed_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("message");
        auto file = [](const std::string& header, uint64_t data, int64_t declared = -1) {
            const std::string b = tf::fileBytes(
                header, declared < 0 ? header.size() : static_cast<uint64_t>(declared), data);
            return QByteArray(b.data(), static_cast<qsizetype>(b.size()));
        };
        const std::string w = R"({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}})";
        QTest::addRow("short file") << QByteArray("\x05\0\0", 3) << "header length"
                                    << "shorter";
        QTest::addRow("huge length") << file(w, 16, int64_t{1} << 62) << "header length"
                                     << "above the format's limit";
        QTest::addRow("length past end") << file(w, 0, 5000) << "header length"
                                         << "past the end";
        QTest::addRow("bad json") << file(R"({"w": {"dtype": )", 0) << "header"
                                  << "not valid JSON";
        QTest::addRow("not an object") << file("[1, 2]", 0) << "header"
                                       << "JSON object";
        QTest::addRow("unknown dtype")
            << file(R"({"w": {"dtype": "F17", "shape": [4], "data_offsets": [0, 16]}})", 16)
            << "tensor \"w\".dtype"
            << "unknown dtype \"F17\"";
        QTest::addRow("shape disagrees")
            << file(R"({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 8]}})", 8)
            << "tensor \"w\".data_offsets"
            << "needs 16 bytes";
        QTest::addRow("negative size")
            << file(R"({"w": {"dtype": "F32", "shape": [-4], "data_offsets": [0, 16]}})", 16)
            << "tensor \"w\".shape"
            << "whole numbers";
        QTest::addRow("huge shape")
            << file(
                   R"({"w": {"dtype": "U8", "shape": [100000000, 100000000], "data_offsets": [0, 1]}})",
                   1)
            << "tensor \"w\".shape"
            << "10^15";
        QTest::addRow("overlap")
            << file(R"({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
                        "b": {"dtype": "F32", "shape": [4], "data_offsets": [8, 24]}})",
                    24)
            << "tensor \"b\".data_offsets"
            << "overlap tensor \"a\"";
        QTest::addRow("gap") << file(
                                    R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                        "b": {"dtype": "F32", "shape": [2], "data_offsets": [16, 24]}})",
                                    24)
                             << "tensor \"b\".data_offsets"
                             << "gap";
        QTest::addRow("end before begin")
            << file(R"({"w": {"dtype": "F32", "shape": [0], "data_offsets": [8, 0]}})", 8)
            << "tensor \"w\".data_offsets"
            << "before begin";
        QTest::addRow("negative offset")
            << file(R"({"w": {"dtype": "F32", "shape": [4], "data_offsets": [-16, 0]}})", 0)
            << "tensor \"w\".data_offsets"
            << "byte offset";
        QTest::addRow("offsets past the file") << file(w, 8) << "tensor \"w\".data_offsets"
                                               << "past the end of the file";
        QTest::addRow("bytes after the data") << file(w, 24) << "data"
                                              << "belong to no tensor";
        QTest::addRow("odd F4 count")
            << file(R"({"w": {"dtype": "F4", "shape": [3], "data_offsets": [0, 2]}})", 2)
            << "tensor \"w\".shape"
            << "whole bytes";
        QTest::addRow("metadata not strings")
            << file(R"({"__metadata__": {"format": 1}})", 0) << "__metadata__.format"
            << "string";
        QTest::addRow("tensor not an object") << file(R"({"w": 3})", 0) << "tensor \"w\""
                                              << "expected an object";
        QTest::addRow("offsets not a pair")
            << file(R"({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0]}})", 16)
            << "tensor \"w\".data_offsets"
            << "pair";
    }
    void malformed() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, key);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const std::string path = (fs::path(dir.path().toStdString()) / "bad.safetensors").string();
        QVERIFY(tf::writeBytes(path, bytes.toStdString()));
        const auto c = catchInputError([&] { (void)readSafetensorsHeaderFile(path); });
        QVERIFY2(c.thrown, "accepted");
        QCOMPARE(QString::fromStdString(c.file), QString::fromStdString(path));
        QCOMPARE(QString::fromStdString(c.key), key);
        QVERIFY2(QString::fromStdString(c.what).contains(message), c.what.c_str());
    }

    // The 4 GB-and-up sizes of real checkpoints: the sum stays exact in bytes.
    void largeOffsets() {
        const json h = {{"w",
                         {{"dtype", "BF16"},
                          {"shape", {131072, 32768}},
                          {"data_offsets", {0, uint64_t{8589934592}}}}}};
        const SafetensorsHeader parsed = parseSafetensorsHeader(h.dump(), "x", 0);
        QCOMPARE(parsed.data_bytes, uint64_t{8589934592});
        const CheckpointSummary s = summarizeCheckpoint({parsed}, json());
        QCOMPARE(s.parameters, 4294967296.0);
    }

    // A sharded folder: the index names two shards; the headers give exactly the shape's
    // count, so the shape stays authoritative (no params).
    void shardedFolder() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        QVERIFY(writeText(dir / "config.json", kTinyConfig));
        QVERIFY(writeText(dir / "model.safetensors.index.json", indexFor(kShard1, kShard2).dump()));
        QVERIFY(tf::writeSafetensors((dir / "model-00001-of-00002.safetensors").string(), kShard1));
        QVERIFY(tf::writeSafetensors((dir / "model-00002-of-00002.safetensors").string(), kShard2));
        ImportedModel m;
        try {
            m = importLocalModel(dir);
        } catch (const InputError& e) {
            QFAIL(e.what());
        }
        QVERIFY(m.checkpoint);
        QCOMPARE(m.checkpoint->files, int64_t{2});
        QCOMPARE(m.checkpoint->parameters, countParameters(m.model).total);
        QCOMPARE(m.checkpoint->stored_bytes, 2 * m.checkpoint->parameters);
        QVERIFY(!m.model.params);
        // One shard on its own, config.json beside it: that shard's tensors only.
        const ImportedModel one = importLocalModel(dir / "model-00001-of-00002.safetensors");
        QVERIFY(one.checkpoint);
        QCOMPARE(one.checkpoint->parameters, 50.0 * 16 + 4 * 256 + 3 * 512 + 32);
    }

    // Tensors the shape keys cannot express: the exact count becomes the model's params.
    void unexpressedTensorsSetParams() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        QVERIFY(writeText(dir / "config.json", kTinyConfig));
        QVERIFY(tf::writeSafetensors((dir / "model.safetensors").string(),
                                     kShard1 + kShard2 + ";extra.proj.weight BF16 64,64"));
        const ImportedModel m = importLocalModel(dir);
        QVERIFY(m.model.params);
        QCOMPARE(*m.model.params, countParameters(m.model).total + 4096);
    }

    // A folder with only config.json (e.g. pytorch_model.bin weights): shape only.
    void folderWithoutSafetensors() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        QVERIFY(writeText(dir / "config.json", kTinyConfig));
        const ImportedModel m = importLocalModel(dir);
        QVERIFY(!m.checkpoint);
        QCOMPARE(m.model.hidden, int64_t{16});
    }

    // A lone .safetensors file without config.json: the shape rule around the exact count.
    void loneFile() {
        QTemporaryDir tmp;
        const fs::path f = fs::path(tmp.path().toStdString()) / "weights.safetensors";
        QVERIFY(tf::writeSafetensors(f.string(), "w BF16 4096,4096;v BF16 4096,4096"));
        const ImportedModel m = importLocalModel(f);
        QVERIFY(m.model.params);
        QCOMPARE(*m.model.params, 2.0 * 4096 * 4096);
        QCOMPARE(QString::fromStdString(m.model.name), QStringLiteral("weights"));
    }

    void badIndex_data() {
        QTest::addColumn<QString>("index");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("message");
        QTest::addRow("escapes the folder") << R"({"weight_map": {"w": "../x.safetensors"}})"
                                            << "weight_map.w"
                                            << "inside the model folder";
        QTest::addRow("absolute") << R"({"weight_map": {"w": "/etc/x.safetensors"}})"
                                  << "weight_map.w"
                                  << "inside the model folder";
        QTest::addRow("not safetensors") << R"({"weight_map": {"w": "model.bin"}})"
                                         << "weight_map.w"
                                         << "inside the model folder";
        QTest::addRow("missing shard") << R"({"weight_map": {"w": "gone.safetensors"}})"
                                       << "weight_map"
                                       << "gone.safetensors";
        QTest::addRow("no map") << R"({"metadata": {}})"
                                << "weight_map"
                                << "missing";
        QTest::addRow("empty map") << R"({"weight_map": {}})"
                                   << "weight_map"
                                   << "names no file";
        QTest::addRow("not a name") << R"({"weight_map": {"w": 3}})"
                                    << "weight_map.w"
                                    << "file name";
    }
    void badIndex() {
        QFETCH(QString, index);
        QFETCH(QString, key);
        QFETCH(QString, message);
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        QVERIFY(writeText(dir / "config.json", kTinyConfig));
        QVERIFY(writeText(dir / "model.safetensors.index.json", index.toStdString()));
        const auto c = catchInputError([&] { (void)importLocalModel(dir); });
        QVERIFY2(c.thrown, "accepted");
        QVERIFY(QString::fromStdString(c.file).endsWith("model.safetensors.index.json"));
        QCOMPARE(QString::fromStdString(c.key), key);
        QVERIFY2(QString::fromStdString(c.what).contains(message), c.what.c_str());
    }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
