// Each method's rules where the plan is summarised. Textbook accounting applies each method's rule
// of what trains (issue 13, item 7): LoRA and QLoRA train their adapters only, with optimizer
// states for them alone; QLoRA's base is stored at 4 bits; freeze trains its top layers; inference
// trains nothing. GaLore, which textbook arithmetic has no rule for, is counted as full training
// and says so.
#include "memplan/model.h"
#include "memplan/param_count.h"
#include "memplan/result_json.h"

#include <QtTest>

using namespace memplan;

namespace {
// LoRA on q and v of a Llama-2-7B shape, counted by hand: each adapter is A (r x in) plus
// B (out x r); q maps hidden -> heads x head_dim, v maps hidden -> kv_heads x head_dim.
double loraQvAdapters(const ModelSpec& m, double r) {
    const double h = static_cast<double>(m.hidden);
    const double q = r * (h + static_cast<double>(m.heads * m.head_dim));
    const double v = r * (h + static_cast<double>(m.kv_heads * m.head_dim));
    return static_cast<double>(m.layers) * (q + v);
}
} // namespace

class TestMethodRules : public QObject {
    Q_OBJECT
private slots:
    void methodRules_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<int>("recipe");
        QTest::addColumn<QString>("trains");    // all | adapters | fraction | none
        QTest::addColumn<double>("baseWidth");  // bytes per base parameter
        QTest::addColumn<double>("stateBytes"); // optimizer bytes per trainable parameter
        QTest::addRow("full bf16-mixed")
            << int(Method::Full) << int(Recipe::Bf16Mixed) << "all" << 2.0 << 12.0;
        QTest::addRow("full fp32") << int(Method::Full) << int(Recipe::Fp32) << "all" << 4.0 << 8.0;
        QTest::addRow("lora bf16-mixed")
            << int(Method::Lora) << int(Recipe::Bf16Mixed) << "adapters" << 2.0 << 12.0;
        QTest::addRow("lora bf16-pure")
            << int(Method::Lora) << int(Recipe::Bf16Pure) << "adapters" << 2.0 << 4.0;
        QTest::addRow("qlora bf16-mixed")
            << int(Method::Qlora) << int(Recipe::Bf16Mixed) << "adapters" << 0.5 << 12.0;
        QTest::addRow("qlora fp16-mixed")
            << int(Method::Qlora) << int(Recipe::Fp16Mixed) << "adapters" << 0.5 << 12.0;
        QTest::addRow("freeze bf16-mixed")
            << int(Method::Freeze) << int(Recipe::Bf16Mixed) << "fraction" << 2.0 << 12.0;
        QTest::addRow("inference bf16-pure")
            << int(Method::Inference) << int(Recipe::Bf16Pure) << "none" << 2.0 << 0.0;
    }
    void methodRules() {
        QFETCH(int, method);
        QFETCH(int, recipe);
        QFETCH(QString, trains);
        QFETCH(double, baseWidth);
        QFETCH(double, stateBytes);
        Plan p; // Llama-2-7B's shape
        p.training.accounting = Accounting::Textbook;
        p.training.method = Method(method);
        p.training.precision = Recipe(recipe);
        p.training.trainable_fraction = 0.25;
        const double P = countParameters(p.model).total;
        const double A = loraQvAdapters(p.model, static_cast<double>(p.training.lora.rank));
        const double trainable = trains == "all"        ? P
                                 : trains == "adapters" ? A
                                 : trains == "fraction" ? 0.25 * P
                                                        : 0.0;
        const double width = Recipe(recipe) == Recipe::Fp32 ? 4.0 : 2.0;
        const Evaluation e = evaluate(p, nullptr);
        QVERIFY(e.ok);
        QCOMPARE(e.params_total, P);
        QCOMPARE(e.params_trainable, trainable);
        const double adapterWeights = trains == "adapters" ? A * width : 0.0;
        QCOMPARE(e.bytes(Component::Weights), P * baseWidth + adapterWeights);
        QCOMPARE(e.bytes(Component::Gradients), trainable * width);
        QCOMPARE(e.bytes(Component::OptimizerStates), trainable * stateBytes);
        QVERIFY(!e.has(Note::TextbookNoMethodRule));
    }

    // The 8.03 B QLoRA plan of the issue: textbook no longer trains every parameter.
    void qloraTrainsFarLessThanFull() {
        Plan p;
        p.training.accounting = Accounting::Textbook;
        p.training.method = Method::Full;
        const Evaluation full = evaluate(p, nullptr);
        p.training.method = Method::Qlora;
        const Evaluation qlora = evaluate(p, nullptr);
        QVERIFY(qlora.params_trainable < 0.01 * full.params_trainable);
        QVERIFY(qlora.bytes(Component::OptimizerStates) <
                0.01 * full.bytes(Component::OptimizerStates));
        QVERIFY(qlora.bytes(Component::Weights) < 0.3 * full.bytes(Component::Weights));
    }

    void galoreSaysTextbookHasNoRule() {
        Plan p;
        p.training.accounting = Accounting::Textbook;
        p.training.method = Method::Galore;
        const Evaluation e = evaluate(p, nullptr);
        QVERIFY(e.has(Note::TextbookNoMethodRule));
        QVERIFY(!noteText(Note::TextbookNoMethodRule).empty());
        p.training.accounting = Accounting::Realistic;
        QVERIFY(!evaluate(p, nullptr).has(Note::TextbookNoMethodRule));
    }

    // Issue 13 minor: a QLoRA plan's assumptions name the 4-bit base, not bf16 weights.
    void qloraAssumptionNamesTheBase_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<int>("quantType");
        QTest::addColumn<QString>("weights");
        QTest::addRow("qlora nf4")
            << int(Method::Qlora) << int(QuantType::Nf4) << "weights=nf4 (adapters bf16)";
        QTest::addRow("qlora fp4")
            << int(Method::Qlora) << int(QuantType::Fp4) << "weights=fp4 (adapters bf16)";
        QTest::addRow("lora") << int(Method::Lora) << int(QuantType::Nf4) << "weights=bf16 ";
        QTest::addRow("full") << int(Method::Full) << int(QuantType::Nf4) << "weights=bf16 ";
    }
    void qloraAssumptionNamesTheBase() {
        QFETCH(int, method);
        QFETCH(int, quantType);
        QFETCH(QString, weights);
        Plan p;
        p.training.method = Method(method);
        p.training.quantization.quant_type = QuantType(quantType);
        const Evaluation e = evaluate(p, nullptr);
        QString recipe;
        for (const Assumption& a : assumptionList(p, e))
            if (a.kind == AssumptionKind::RecipeTable)
                recipe = QString::fromStdString(assumptionText(a));
        QVERIFY2(recipe.contains(weights), qPrintable(recipe));
    }

    // Issue 13, item 8: a forward pass's assumptions name no training state.
    void forwardOnlyRecipeNamesNoTrainingState_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<bool>("training");
        QTest::addRow("inference") << int(Method::Inference) << false;
        QTest::addRow("serving") << int(Method::Serving) << false;
        QTest::addRow("full") << int(Method::Full) << true;
        QTest::addRow("lora") << int(Method::Lora) << true;
    }
    void forwardOnlyRecipeNamesNoTrainingState() {
        QFETCH(int, method);
        QFETCH(bool, training);
        Plan p;
        p.training.method = Method(method);
        p.training.precision = Recipe::Bf16Pure;
        const Evaluation e = evaluate(p, nullptr);
        QString all;
        for (const Assumption& a : assumptionList(p, e))
            all += QString::fromStdString(assumptionText(a)) + "\n";
        QVERIFY2(all.contains("weights=bf16"), qPrintable(all));
        QVERIFY2(all.contains("activations=bf16"), qPrintable(all));
        for (const char* word : {"gradients=", "optimizer_states=", "master_weights=", "zero_grad"})
            QVERIFY2(all.contains(QLatin1String(word)) == training,
                     qPrintable(QString::fromLatin1(word) + ": " + all));
    }
};

QTEST_GUILESS_MAIN(TestMethodRules)
#include "tst_method_rules.moc"
