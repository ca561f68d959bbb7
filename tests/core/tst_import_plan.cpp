// A pre-quantized checkpoint sets the imported plan's weight recipe (issue 14): GPTQ/AWQ packed
// integers and bitsandbytes to int4/int8, fp8 to fp8 weights, MXFP4 to int4 unless training
// dequantizes it; a method that trains the weights directly becomes LoRA.
#include "bundled_presets.h"
#include "memplan/hf_import.h"
#include "memplan/import_plan.h"
#include "memplan/model.h"
#include "memplan/param_count.h"
#include "memplan/plan_json.h"
#include "memplan/presets.h"

#include <QtTest>

#include <filesystem>

using namespace memplan;

Q_DECLARE_METATYPE(memplan::WeightFormat)
Q_DECLARE_METATYPE(memplan::Method)
Q_DECLARE_METATYPE(memplan::Recipe)
Q_DECLARE_METATYPE(memplan::Dtype)

namespace {

// A checkpoint of `params` parameters, all but the norms (1%) in `format`.
CheckpointSummary checkpointOf(WeightFormat format, int bits, double params) {
    CheckpointSummary c;
    c.files = 1;
    c.parameters = params;
    c.by_format.push_back({WeightFormat::Plain, params * 0.01, params * 0.01 * 2});
    if (format != WeightFormat::Plain)
        c.by_format.push_back({format, params * 0.99, params * 0.99 / 2});
    else
        c.by_format.front() = {WeightFormat::Plain, params, params * 2};
    c.bits = format == WeightFormat::PackedInt ? bits : 0;
    return c;
}
} // namespace

class TestImportPlan : public QObject {
    Q_OBJECT
    PresetLibrary lib_;

private slots:
    void initTestCase() {
        const std::string error = test::loadBundledPresets(lib_);
        QVERIFY2(error.empty(), error.c_str());
    }

    void recipeFollowsTheCheckpoint_data() {
        QTest::addColumn<WeightFormat>("format");
        QTest::addColumn<int>("bits");
        QTest::addColumn<Method>("method");
        QTest::addColumn<Recipe>("precision");
        QTest::addColumn<Method>("expectedMethod");
        QTest::addColumn<Dtype>("weights"); // the weight dtype override; None = none
        QTest::addColumn<bool>("changed");
        const auto none = Dtype::None;
        QTest::addRow("plain") << WeightFormat::Plain << 0 << Method::Full << Recipe::Bf16Mixed
                               << Method::Full << none << false;
        QTest::addRow("gptq 4-bit, full -> lora") << WeightFormat::PackedInt << 4 << Method::Full
                                                  << Recipe::Int4 << Method::Lora << none << true;
        QTest::addRow("gptq 8-bit, inference") << WeightFormat::PackedInt << 8 << Method::Inference
                                               << Recipe::Int8 << Method::Inference << none << true;
        QTest::addRow("bnb 4-bit, lora") << WeightFormat::Bnb4bit << 0 << Method::Lora
                                         << Recipe::Int4 << Method::Lora << none << true;
        QTest::addRow("bnb 8-bit, freeze -> lora") << WeightFormat::Bnb8bit << 0 << Method::Freeze
                                                   << Recipe::Int8 << Method::Lora << none << true;
        QTest::addRow("fp8, serving") << WeightFormat::Fp8 << 0 << Method::Serving
                                      << Recipe::Bf16Mixed << Method::Serving << Dtype::Fp8 << true;
        QTest::addRow("fp8, full -> lora")
            << WeightFormat::Fp8 << 0 << Method::Full << Recipe::Bf16Mixed << Method::Lora
            << Dtype::Fp8 << true;
        QTest::addRow("mxfp4, inference") << WeightFormat::Mxfp4 << 0 << Method::Inference
                                          << Recipe::Int4 << Method::Inference << none << true;
        QTest::addRow("mxfp4, training dequantizes")
            << WeightFormat::Mxfp4 << 0 << Method::Lora << Recipe::Bf16Mixed << Method::Lora << none
            << false;
        QTest::addRow("awq 4-bit, dpo keeps its method")
            << WeightFormat::PackedInt << 4 << Method::Dpo << Recipe::Int4 << Method::Dpo << none
            << true;
    }
    void recipeFollowsTheCheckpoint() {
        QFETCH(WeightFormat, format);
        QFETCH(int, bits);
        QFETCH(Method, method);
        QFETCH(Recipe, precision);
        QFETCH(Method, expectedMethod);
        QFETCH(Dtype, weights);
        QFETCH(bool, changed);
        ImportedModel im;
        im.model = lib_.findModel("llama-3.1-8b")->model;
        im.model.preset.clear();
        im.checkpoint = checkpointOf(format, bits, countParameters(im.model).total);
        Plan base;
        base.training.method = method;
        base.training.precision = Recipe::Bf16Mixed;
        std::string change;
        const Plan p = planForImport(im, base, &change);
        QCOMPARE(p.training.precision, precision);
        QCOMPARE(p.training.method, expectedMethod);
        const auto& slot = p.training.dtypes.slot[static_cast<std::size_t>(TensorClass::Weights)];
        QCOMPARE(slot.value_or(Dtype::None), weights);
        QCOMPARE(!change.empty(), changed);
        // The plan is one the program accepts, and quantized weights take fewer bytes.
        validatePlan(p, "import.json");
        if (changed && (method == Method::Inference || method == Method::Serving)) {
            const Plan plain = planForModel(im.model, base);
            QVERIFY(evaluate(p, lib_).per_gpu[0].bytes < evaluate(plain, lib_).per_gpu[0].bytes);
        }
    }
};

QTEST_APPLESS_MAIN(TestImportPlan)
#include "tst_import_plan.moc"
