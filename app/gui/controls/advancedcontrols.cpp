#include "controls/advancedcontrols.h"

#include "controls/textline.h"

#include "document/plandocument.h"
#include "document/planedits.h"
#include "unitformat.h"

#include "memplan/framework.h"
#include "memplan/names.h"
#include "memplan/param_count.h"
#include "memplan/plan_edit.h"
#include "memplan/vision.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace memplan::gui {

namespace {

// Combo boxes sized by a few characters, not by their longest item: the group fits the
// panel's width, and laying it out does not measure every item.
QComboBox* makeCombo(QWidget* parent) {
    auto* combo = new QComboBox(parent);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(10);
    return combo;
}

template <typename E> QComboBox* enumCombo(QWidget* parent) {
    auto* combo = makeCombo(parent);
    for (const auto& e : names(E{}))
        combo->addItem(uiLabel(e.value), static_cast<int>(e.value));
    return combo;
}

template <typename E> E enumValue(const QComboBox* combo) {
    return static_cast<E>(combo->currentData().toInt());
}

template <typename E> void setEnum(QComboBox* combo, E value) {
    const QSignalBlocker block(combo);
    combo->setCurrentIndex(combo->findData(static_cast<int>(value)));
}

void setSpin(QSpinBox* spin, int64_t value) {
    const QSignalBlocker block(spin);
    spin->setValue(static_cast<int>(value));
}

void setDouble(QDoubleSpinBox* spin, double value) {
    const QSignalBlocker block(spin);
    spin->setValue(value);
}

void setSpecialText(QAbstractSpinBox* spin, const QString& text) {
    if (spin->specialValueText() != text)
        spin->setSpecialValueText(text);
}

void setChecked(QCheckBox* box, bool checked) {
    const QSignalBlocker block(box);
    box->setChecked(checked);
}

QSpinBox* makeSpin(QWidget* parent, int minimum, int maximum, const QString& suffix = {}) {
    auto* spin = new QSpinBox(parent);
    spin->setRange(minimum, maximum);
    spin->setSuffix(suffix);
    spin->setKeyboardTracking(false);
    spin->setAccelerated(true);
    spin->setGroupSeparatorShown(true);
    return spin;
}

QFormLayout* makeForm(QGroupBox* box) {
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    return form;
}

constexpr LoraTarget kLoraTargetBits[] = {LoraQ, LoraK, LoraV, LoraO, LoraGate, LoraUp, LoraDown};
constexpr const char* kLoraTargetNames[] = {"q", "k", "v", "o", "gate", "up", "down"};

constexpr double kOverrideUnset = -0.01; // runtime-overhead spin box: "GPU default"

} // namespace

AdvancedControls::AdvancedControls(PlanDocument* document, QWidget* parent)
    : QWidget(parent)
    , doc_(document) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildModelSection());
    layout->addWidget(buildMethodSection());
    layout->addWidget(buildTrainingSection());
    layout->addWidget(buildParallelSection());
    layout->addWidget(buildHardwareSection());
    connect(doc_, &PlanDocument::planChanged, this, &AdvancedControls::syncFromPlan);
    syncFromPlan();
}

void AdvancedControls::edit(EditId id, const QString& text,
                            const std::function<void(Plan&)>& change) {
    Plan p = doc_->plan();
    change(p);
    doc_->edit(p, text, mergeId(id));
    syncFromPlan(); // the document may refuse (unchanged plan): show what it holds
}

QSpinBox* AdvancedControls::shapeSpin(int minimum, int maximum, int64_t ModelSpec::*field,
                                      const QString& undo) {
    QSpinBox* spin = makeSpin(this, minimum, maximum);
    connect(spin, &QSpinBox::valueChanged, this, [this, field, undo](int v) {
        edit(EditId::ModelShape, undo, [&](Plan& p) {
            if (p.model.*field == v)
                return;
            markShapeCustom(p);
            p.model.*field = v;
        });
    });
    return spin;
}

QWidget* AdvancedControls::buildModelSection() {
    auto* box = new QGroupBox(tr("Model"), this);
    QFormLayout* form = makeForm(box);
    modelForm_ = form;

    preset_ = makeCombo(box);
    preset_->addItem(tr("Custom shape"), QString());
    for (const auto& [id, preset] : doc_->presets().models())
        preset_->addItem(
            tr("%1 (%2 params)")
                .arg(QString::fromStdString(preset.model.name),
                     QString::fromStdString(formatCount(countParameters(preset.model).total))
                         .remove(QLatin1Char(' '))),
            QString::fromStdString(id));
    preset_->setToolTip(tr("Choosing a preset sets the model's shape and parameter count"));
    form->addRow(tr("Prese&t:"), preset_);
    connect(preset_, &QComboBox::currentIndexChanged, this, [this] {
        const std::string id = preset_->currentData().toString().toStdString();
        const ModelPreset* preset = doc_->presets().findModel(id);
        if (!preset) {
            edit(EditId::ModelPreset, tr("Use a custom shape"),
                 [](Plan& p) { markShapeCustom(p); });
            return;
        }
        edit(EditId::ModelPreset, tr("Choose model preset"),
             [preset](Plan& p) { applyModelPreset(p, *preset); });
    });

    shapeRule_ = new QLabel(box);
    shapeRule_->setTextFormat(Qt::PlainText); // names a preset from a file
    shapeRule_->setWordWrap(true);
    shapeRule_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(shapeRule_);

    layers_ = shapeSpin(1, 100000, &ModelSpec::layers, tr("Change layers"));
    form->addRow(tr("Layers:"), layers_);
    hidden_ = shapeSpin(1, 1 << 20, &ModelSpec::hidden, tr("Change hidden size"));
    form->addRow(tr("H&idden size:"), hidden_);
    ffn_ = shapeSpin(1, 1 << 22, &ModelSpec::ffn, tr("Change FFN size"));
    form->addRow(tr("FFN size:"), ffn_);
    heads_ = shapeSpin(1, 100000, &ModelSpec::heads, tr("Change attention heads"));
    form->addRow(tr("Attention heads:"), heads_);
    kvHeads_ = shapeSpin(1, 100000, &ModelSpec::kv_heads, tr("Change KV heads"));
    form->addRow(tr("&KV heads:"), kvHeads_);
    headDim_ = shapeSpin(1, 100000, &ModelSpec::head_dim, tr("Change head dimension"));
    form->addRow(tr("Head dimension:"), headDim_);
    vocab_ = shapeSpin(1, 1 << 24, &ModelSpec::vocab, tr("Change vocabulary"));
    vocab_->setSuffix(tr(" tokens"));
    form->addRow(tr("Voca&bulary:"), vocab_);

    mlp_ = enumCombo<MlpKind>(box);
    form->addRow(tr("MLP:"), mlp_);
    connect(mlp_, &QComboBox::currentIndexChanged, this, [this] {
        edit(EditId::ModelShape, tr("Change MLP kind"), [this](Plan& p) {
            if (p.model.mlp == enumValue<MlpKind>(mlp_))
                return;
            markShapeCustom(p);
            p.model.mlp = enumValue<MlpKind>(mlp_);
        });
    });
    experts_ = shapeSpin(1, 100000, &ModelSpec::experts, tr("Change experts"));
    experts_->setToolTip(tr("Mixture of experts: 1 = dense model"));
    form->addRow(tr("E&xperts:"), experts_);
    expertsPerToken_ =
        shapeSpin(1, 100000, &ModelSpec::experts_per_token, tr("Change experts per token"));
    form->addRow(tr("Experts per token:"), expertsPerToken_);

    tied_ = new QCheckBox(tr("Tied input and output embeddings"), box);
    form->addRow(tied_);
    connect(tied_, &QCheckBox::toggled, this, [this](bool on) {
        edit(EditId::ModelShape, tr("Change tied embeddings"), [on](Plan& p) {
            if (p.model.tied_embeddings == on)
                return;
            markShapeCustom(p);
            p.model.tied_embeddings = on;
        });
    });
    lmHead_ = new QCheckBox(tr("Language-model head (vocabulary-sized output)"), box);
    form->addRow(lmHead_);
    connect(lmHead_, &QCheckBox::toggled, this, [this](bool on) {
        edit(EditId::ModelShape, tr("Change LM head"), [on](Plan& p) {
            if (p.model.lm_head == on)
                return;
            markShapeCustom(p);
            p.model.lm_head = on;
        });
    });
    // A vision-language model's workload: its images, and whether its tower trains. Neither
    // changes the preset's shape.
    images_ = makeSpin(box, 0, 10000);
    images_->setToolTip(tr("Images in each sequence; their tokens join the text tokens"));
    form->addRow(tr("Images per sequence:"), images_);
    connect(images_, &QSpinBox::valueChanged, this, [this](int v) {
        edit(EditId::VisionImages, tr("Change images per sequence"),
             [v](Plan& p) { p.model.vision.images = v; });
    });
    visionTrains_ = new QCheckBox(tr("Vision tower trains (full training)"), box);
    form->addRow(visionTrains_);
    connect(visionTrains_, &QCheckBox::toggled, this, [this](bool on) {
        edit(EditId::VisionTrainable, tr("Change vision tower training"),
             [on](Plan& p) { p.model.vision.trainable = on; });
    });
    return box;
}

QWidget* AdvancedControls::buildMethodSection() {
    auto* box = new QGroupBox(tr("Method"), this);
    methodForm_ = makeForm(box);
    QFormLayout* form = methodForm_;

    method_ = enumCombo<Method>(box);
    form->addRow(tr("Meth&od:"), method_);
    connect(method_, &QComboBox::currentIndexChanged, this, [this] {
        edit(EditId::Method, tr("Change method"),
             [this](Plan& p) { p.training.method = enumValue<Method>(method_); });
    });

    loraRank_ = makeSpin(box, 1, 65536);
    form->addRow(tr("LoRA ra&nk:"), loraRank_);
    connect(loraRank_, &QSpinBox::valueChanged, this, [this](int v) {
        edit(EditId::LoraRank, tr("Change LoRA rank"), [v](Plan& p) { p.training.lora.rank = v; });
    });

    loraTargetsBox_ = new QWidget(box);
    auto* grid = new QGridLayout(loraTargetsBox_);
    grid->setContentsMargins(0, 0, 0, 0);
    for (std::size_t i = 0; i < loraTargets_.size(); ++i) {
        auto* check = new QCheckBox(QString::fromLatin1(kLoraTargetNames[i]), loraTargetsBox_);
        check->setToolTip(tr("Put a LoRA adapter on the %1 projection").arg(check->text()));
        loraTargets_[i] = check;
        grid->addWidget(check, static_cast<int>(i / 4), static_cast<int>(i % 4));
        connect(check, &QCheckBox::toggled, this, [this, i](bool on) {
            edit(EditId::LoraTargets, tr("Change LoRA targets"), [i, on](Plan& p) {
                uint32_t t = p.training.lora.targets;
                t = on ? (t | kLoraTargetBits[i])
                       : (t & ~static_cast<uint32_t>(kLoraTargetBits[i]));
                if (t != 0) // at least one target
                    p.training.lora.targets = t;
            });
        });
    }
    form->addRow(tr("LoRA targets:"), loraTargetsBox_);

    loraDropout_ = new QDoubleSpinBox(box);
    loraDropout_->setRange(0.0, 0.9);
    loraDropout_->setSingleStep(0.05);
    loraDropout_->setDecimals(2);
    loraDropout_->setKeyboardTracking(false);
    loraDropout_->setToolTip(tr("Dropout probability on the adapter input (0 = no dropout masks)"));
    form->addRow(tr("LoRA dropout:"), loraDropout_);
    connect(loraDropout_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        edit(EditId::LoraDropout, tr("Change LoRA dropout"),
             [v](Plan& p) { p.training.lora.dropout = v; });
    });

    trainablePercent_ = makeSpin(box, 1, 100, tr(" % of layers"));
    trainablePercent_->setToolTip(tr("Freeze method: the top fraction of layers that trains"));
    form->addRow(tr("Trainable:"), trainablePercent_);
    connect(trainablePercent_, &QSpinBox::valueChanged, this, [this](int v) {
        edit(EditId::TrainableFraction, tr("Change trainable fraction"),
             [v](Plan& p) { p.training.trainable_fraction = v / 100.0; });
    });

    galoreRank_ = makeSpin(box, 1, 65536);
    form->addRow(tr("GaLore ra&nk:"), galoreRank_);
    connect(galoreRank_, &QSpinBox::valueChanged, this, [this](int v) {
        edit(EditId::GaloreRank, tr("Change GaLore rank"),
             [v](Plan& p) { p.training.galore_rank = v; });
    });

    newTokens_ = makeSpin(box, 0, 1 << 20, tr(" tokens"));
    newTokens_->setToolTip(tr("Inference: tokens generated after the prompt (the KV cache grows "
                              "to prompt + new tokens)"));
    form->addRow(tr("Ne&w tokens:"), newTokens_);
    connect(newTokens_, &QSpinBox::valueChanged, this, [this](int v) {
        edit(EditId::NewTokens, tr("Change new tokens"),
             [v](Plan& p) { p.training.new_tokens = v; });
    });

    // Serving: the vLLM engine arguments beyond the primary sliders.
    kvDtype_ = enumCombo<KvCacheDtype>(box);
    kvDtype_->setToolTip(tr("vLLM's kv_cache_dtype: the model's dtype (auto) or fp8, one byte "
                            "per element"));
    form->addRow(tr("KV cache dtype:"), kvDtype_);
    connect(kvDtype_, &QComboBox::currentIndexChanged, this, [this] {
        edit(EditId::ServingKvDtype, tr("Change KV cache dtype"), [this](Plan& p) {
            p.training.serving.kv_cache_dtype = enumValue<KvCacheDtype>(kvDtype_);
        });
    });
    batchedTokens_ = makeSpin(box, 0, 1 << 24, tr(" tokens"));
    batchedTokens_->setSpecialValueText(tr("vLLM default"));
    batchedTokens_->setToolTip(tr("vLLM's max_num_batched_tokens: the tokens of one forward "
                                  "pass, which sets the profiled activation peak"));
    form->addRow(tr("Batched tokens:"), batchedTokens_);
    connect(batchedTokens_, &QSpinBox::valueChanged, this, [this](int v) {
        edit(EditId::ServingBatchedTokens, tr("Change batched tokens"),
             [v](Plan& p) { p.training.serving.max_num_batched_tokens = v; });
    });
    blockSize_ = makeSpin(box, 1, 1024, tr(" tokens"));
    blockSize_->setToolTip(tr("vLLM's block_size: tokens per KV-cache page"));
    form->addRow(tr("KV block size:"), blockSize_);
    connect(blockSize_, &QSpinBox::valueChanged, this, [this](int v) {
        edit(EditId::ServingBlockSize, tr("Change KV block size"),
             [v](Plan& p) { p.training.serving.block_size = v; });
    });
    enforceEager_ = new QCheckBox(tr("Enforce eager (no CUDA graphs)"), box);
    form->addRow(enforceEager_);
    connect(enforceEager_, &QCheckBox::toggled, this, [this](bool on) {
        edit(EditId::ServingEnforceEager, tr("Change enforce eager"),
             [on](Plan& p) { p.training.serving.enforce_eager = on; });
    });
    return box;
}

QWidget* AdvancedControls::buildTrainingSection() {
    auto* box = new QGroupBox(tr("Training"), this);
    trainingBox_ = box;
    QFormLayout* form = makeForm(box);
    trainingForm_ = form;

    framework_ = enumCombo<Framework>(box);
    framework_->setToolTip(tr("The training framework: its defaults fill the settings below "
                              "(loss, recomputation, optimizer implementation, LoRA dropout) and "
                              "decide what it keeps in fp32, how it quantizes and shards"));
    form->addRow(tr("Framework:"), framework_);
    connect(framework_, &QComboBox::currentIndexChanged, this, [this] {
        edit(EditId::Framework, tr("Change framework"),
             [this](Plan& p) { applyFrameworkDefaults(p, enumValue<Framework>(framework_)); });
    });
    optimizer_ = enumCombo<Optimizer>(box);
    form->addRow(tr("Optimi&zer:"), optimizer_);
    connect(optimizer_, &QComboBox::currentIndexChanged, this, [this] {
        edit(EditId::Optimizer, tr("Change optimizer"),
             [this](Plan& p) { p.training.optimizer = enumValue<Optimizer>(optimizer_); });
    });
    checkpointing_ = enumCombo<Checkpointing>(box);
    checkpointing_->setToolTip(tr("Activation recomputation (gradient checkpointing)"));
    form->addRow(tr("Re&computation:"), checkpointing_);
    connect(checkpointing_, &QComboBox::currentIndexChanged, this, [this] {
        edit(EditId::Checkpointing, tr("Change recomputation"), [this](Plan& p) {
            p.training.checkpointing = enumValue<Checkpointing>(checkpointing_);
        });
    });
    attention_ = enumCombo<Attention>(box);
    form->addRow(tr("&Attention:"), attention_);
    connect(attention_, &QComboBox::currentIndexChanged, this, [this] {
        edit(EditId::Attention, tr("Change attention"),
             [this](Plan& p) { p.training.attention = enumValue<Attention>(attention_); });
    });
    loss_ = enumCombo<Loss>(box);
    loss_->setToolTip(tr("Chunked: the cross-entropy is computed in chunks, so the full "
                         "vocabulary logits never exist at once"));
    form->addRow(tr("Loss:"), loss_);
    connect(loss_, &QComboBox::currentIndexChanged, this, [this] {
        edit(EditId::Loss, tr("Change loss"),
             [this](Plan& p) { p.training.loss = enumValue<Loss>(loss_); });
    });
    accounting_ = enumCombo<Accounting>(box);
    accounting_->setToolTip(tr("Realistic: what frameworks allocate. Textbook: the seed articles' "
                               "simplified arithmetic."));
    form->addRow(tr("Accounting:"), accounting_);
    connect(accounting_, &QComboBox::currentIndexChanged, this, [this] {
        edit(EditId::Accounting, tr("Change accounting"),
             [this](Plan& p) { p.training.accounting = enumValue<Accounting>(accounting_); });
    });
    gradAccum_ = makeSpin(box, 1, 1000000, tr(" micro-batches"));
    form->addRow(tr("Gradient accumulation:"), gradAccum_);
    connect(gradAccum_, &QSpinBox::valueChanged, this, [this](int v) {
        edit(EditId::GradAccum, tr("Change gradient accumulation"),
             [v](Plan& p) { p.training.grad_accum = v; });
    });
    optimizerInBackward_ = new QCheckBox(tr("Optimizer step in backward"), box);
    optimizerInBackward_->setToolTip(tr("The step runs per layer during backward, so no full "
                                        "gradient buffer exists"));
    form->addRow(optimizerInBackward_);
    connect(optimizerInBackward_, &QCheckBox::toggled, this, [this](bool on) {
        edit(EditId::OptimizerInBackward, tr("Change optimizer in backward"),
             [on](Plan& p) { p.training.optimizer_in_backward = on; });
    });
    activationOffload_ = new QCheckBox(tr("Offload activations to CPU"), box);
    form->addRow(activationOffload_);
    connect(activationOffload_, &QCheckBox::toggled, this, [this](bool on) {
        edit(EditId::ActivationOffload, tr("Change activation offload"),
             [on](Plan& p) { p.training.activation_offload = on; });
    });
    return box;
}

QWidget* AdvancedControls::buildParallelSection() {
    auto* box = new QGroupBox(tr("Parallelism"), this);
    QFormLayout* form = makeForm(box);
    parallelForm_ = form;

    sharding_ = enumCombo<Sharding>(box);
    form->addRow(tr("Shar&ding:"), sharding_);
    connect(sharding_, &QComboBox::currentIndexChanged, this, [this] {
        edit(EditId::Sharding, tr("Change sharding"),
             [this](Plan& p) { p.parallelism.sharding = enumValue<Sharding>(sharding_); });
    });
    shardingFactor_ = makeSpin(box, 0, 1 << 20, tr(" GPUs"));
    shardingFactor_->setSpecialValueText(tr("all data-parallel GPUs"));
    shardingFactor_->setToolTip(tr("Shard over this many GPUs (hybrid sharding when fewer than "
                                   "the data-parallel GPUs)"));
    form->addRow(tr("Sharding factor:"), shardingFactor_);
    connect(shardingFactor_, &QSpinBox::valueChanged, this, [this](int v) {
        edit(EditId::ShardingFactor, tr("Change sharding factor"),
             [v](Plan& p) { p.parallelism.sharding_factor = v; });
    });
    tp_ = makeSpin(box, 1, 4096);
    tp_->setToolTip(tr("Tensor parallel degree; must divide the attention heads"));
    form->addRow(tr("Tensor para&llel:"), tp_);
    connect(tp_, &QSpinBox::valueChanged, this, [this](int v) {
        edit(EditId::TensorParallel, tr("Change tensor parallel"),
             [v](Plan& p) { p.parallelism.tp = v; });
    });
    pp_ = makeSpin(box, 1, 4096);
    pp_->setToolTip(tr("Pipeline stages; at most the number of layers"));
    form->addRow(tr("Pipeline parallel:"), pp_);
    connect(pp_, &QSpinBox::valueChanged, this, [this](int v) {
        edit(EditId::PipelineParallel, tr("Change pipeline parallel"),
             [v](Plan& p) { p.parallelism.pp = v; });
    });
    ep_ = makeSpin(box, 1, 4096);
    ep_->setToolTip(tr("Expert parallel degree: each GPU holds experts / EP of every MoE layer; "
                       "must divide the experts and the data-parallel GPUs"));
    form->addRow(tr("Expert parallel:"), ep_);
    connect(ep_, &QSpinBox::valueChanged, this, [this](int v) {
        // A vLLM engine spreads its experts over a stage's GPUs or over none: a step up turns
        // expert parallelism on, a step down off (setExpertParallel).
        edit(EditId::ExpertParallel, tr("Change expert parallel"),
             [v](Plan& p) { setExpertParallel(p, v); });
    });
    all2all_ = enumCombo<All2AllBackend>(box);
    all2all_->setToolTip(tr("vLLM's --all2all-backend: how expert parallelism over several "
                            "data-parallel engines moves tokens; DeepEP allocates its own "
                            "buffers, which the KV cache gives up"));
    form->addRow(tr("All-to-all backend:"), all2all_);
    connect(all2all_, &QComboBox::currentIndexChanged, this, [this] {
        edit(EditId::ServingAll2AllBackend, tr("Change all-to-all backend"), [this](Plan& p) {
            p.training.serving.all2all_backend = enumValue<All2AllBackend>(all2all_);
        });
    });
    sequenceParallel_ = new QCheckBox(tr("Sequence parallel (with tensor parallel)"), box);
    form->addRow(sequenceParallel_);
    connect(sequenceParallel_, &QCheckBox::toggled, this, [this](bool on) {
        edit(EditId::SequenceParallel, tr("Change sequence parallel"),
             [on](Plan& p) { p.parallelism.sequence_parallel = on; });
    });
    offload_ = enumCombo<Offload>(box);
    form->addRow(tr("CPU offload:"), offload_);
    connect(offload_, &QComboBox::currentIndexChanged, this, [this] {
        edit(EditId::Offload, tr("Change offload"),
             [this](Plan& p) { p.parallelism.offload = enumValue<Offload>(offload_); });
    });
    return box;
}

QWidget* AdvancedControls::buildHardwareSection() {
    auto* box = new QGroupBox(tr("Hardware"), this);
    QFormLayout* form = makeForm(box);

    gpu_ = makeCombo(box);
    gpu_->addItem(tr("No GPU chosen"), QString());
    for (const auto& [id, gpu] : doc_->presets().gpus())
        gpu_->addItem(tr("%1 (%2)").arg(QString::fromStdString(gpu.name),
                                        formatSize(gpu.memory_bytes, UnitSystem::Binary, 1)),
                      QString::fromStdString(id));
    form->addRow(tr("GP&U model:"), gpu_);
    connect(gpu_, &QComboBox::currentIndexChanged, this, [this] {
        edit(EditId::Gpu, tr("Change GPU model"),
             [this](Plan& p) { p.hardware.gpu = gpu_->currentData().toString().toStdString(); });
    });

    memory_ = new QDoubleSpinBox(box);
    memory_->setRange(0.0, 65536.0);
    memory_->setDecimals(2);
    memory_->setSingleStep(1.0);
    memory_->setSuffix(tr(" GiB"));
    memory_->setKeyboardTracking(false);
    memory_->setToolTip(tr("Override the GPU's capacity (GiB = 2^30 bytes)"));
    form->addRow(tr("Capacit&y:"), memory_);
    connect(memory_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        edit(EditId::GpuMemory, tr("Change capacity"), [v](Plan& p) {
            if (v <= 0)
                p.hardware.memory_gib.reset();
            else
                p.hardware.memory_gib = v;
        });
    });

    overhead_ = new QDoubleSpinBox(box);
    overhead_->setRange(kOverrideUnset, 1000.0);
    overhead_->setDecimals(2);
    overhead_->setSingleStep(0.25);
    overhead_->setSuffix(tr(" GiB"));
    overhead_->setKeyboardTracking(false);
    overhead_->setToolTip(tr("CUDA context and libraries (GiB = 2^30 bytes); the caching "
                             "allocator's reserve comes on top"));
    form->addRow(tr("Runtime overhead:"), overhead_);
    connect(overhead_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        edit(EditId::RuntimeOverhead, tr("Change runtime overhead"), [v](Plan& p) {
            if (v < 0)
                p.hardware.runtime_overhead_gib.reset();
            else
                p.hardware.runtime_overhead_gib = v;
        });
    });
    return box;
}

void AdvancedControls::showEvent(QShowEvent* event) {
    if (stale_)
        syncFromPlan();
    QWidget::showEvent(event);
}

void AdvancedControls::syncFromPlan() {
    // Collapsed (the default), nothing is shown: catch up when the group opens.
    if (isHidden()) {
        stale_ = true;
        return;
    }
    stale_ = false;
    const Plan& p = doc_->plan();
    const ModelSpec& m = p.model;
    {
        const QSignalBlocker block(preset_);
        preset_->setCurrentIndex(std::max(0, preset_->findData(QString::fromStdString(m.preset))));
    }
    if (m.shape_derived)
        shapeRule_->setText(tr("Shape derived from %1 parameters by the rule: %2")
                                .arg(QString::fromStdString(formatCount(modelParamCount(m))),
                                     QString::fromStdString(describeShapeRule(m.scaled_from))));
    else if (!m.preset.empty())
        shapeRule_->setText(
            tr("Shape of the %1 preset (its published configuration)").arg(preset_->currentText()));
    else
        shapeRule_->setText(tr("Shape set by hand; the parameter count follows from it"));
    if (const ModelPreset* preset = doc_->presets().findModel(m.preset))
        shapeRule_->setToolTip(plainToolTip(QString::fromStdString(preset->source)));
    else
        shapeRule_->setToolTip({});
    setSpin(layers_, m.layers);
    setSpin(hidden_, m.hidden);
    setSpin(ffn_, m.ffn);
    setSpin(heads_, m.heads);
    setSpin(kvHeads_, m.kv_heads);
    setSpin(headDim_, m.head_dim);
    setSpin(vocab_, m.vocab);
    setEnum(mlp_, m.mlp);
    setSpin(experts_, m.experts);
    setSpin(expertsPerToken_, m.experts_per_token);
    setChecked(tied_, m.tied_embeddings);
    setChecked(lmHead_, m.lm_head);
    setSpin(images_, m.vision.images);
    setChecked(visionTrains_, m.vision.trainable);
    modelForm_->setRowVisible(images_, hasVision(m));
    modelForm_->setRowVisible(visionTrains_, hasVision(m));

    const TrainingSpec& t = p.training;
    setEnum(method_, t.method);
    setSpin(loraRank_, t.lora.rank);
    for (std::size_t i = 0; i < loraTargets_.size(); ++i)
        setChecked(loraTargets_[i], (t.lora.targets & kLoraTargetBits[i]) != 0);
    setDouble(loraDropout_, t.lora.dropout);
    setSpin(trainablePercent_, std::lround(t.trainable_fraction * 100));
    setSpin(galoreRank_, t.galore_rank);
    setSpin(newTokens_, t.new_tokens);
    const bool lora = t.method == Method::Lora || t.method == Method::Qlora;
    methodForm_->setRowVisible(loraRank_, lora);
    methodForm_->setRowVisible(loraTargetsBox_, lora);
    methodForm_->setRowVisible(loraDropout_, lora);
    methodForm_->setRowVisible(trainablePercent_, t.method == Method::Freeze);
    methodForm_->setRowVisible(galoreRank_, t.method == Method::Galore);
    methodForm_->setRowVisible(newTokens_, t.method == Method::Inference);
    // Each method shows only its own controls: a forward pass has no optimizer, gradients,
    // loss or recomputation, and a vLLM engine has none of a training framework's settings.
    const bool serving = t.method == Method::Serving;
    const bool forwardOnly = serving || t.method == Method::Inference;
    for (QWidget* w : {static_cast<QWidget*>(kvDtype_), static_cast<QWidget*>(batchedTokens_),
                       static_cast<QWidget*>(blockSize_), static_cast<QWidget*>(enforceEager_)})
        methodForm_->setRowVisible(w, serving);
    setEnum(kvDtype_, t.serving.kv_cache_dtype);
    setSpin(batchedTokens_, t.serving.max_num_batched_tokens);
    setSpin(blockSize_, t.serving.block_size);
    setChecked(enforceEager_, t.serving.enforce_eager);
    for (QWidget* w :
         {static_cast<QWidget*>(framework_), static_cast<QWidget*>(optimizer_),
          static_cast<QWidget*>(checkpointing_), static_cast<QWidget*>(loss_),
          static_cast<QWidget*>(gradAccum_), static_cast<QWidget*>(optimizerInBackward_),
          static_cast<QWidget*>(activationOffload_)})
        trainingForm_->setRowVisible(w, !forwardOnly);
    // vLLM chooses its own attention backend; textbook arithmetic has no serving rule.
    trainingForm_->setRowVisible(attention_, !serving);
    trainingForm_->setRowVisible(accounting_, !serving);
    trainingBox_->setVisible(!serving);
    const QString sectionTitle = t.method == Method::Inference ? tr("Inference") : tr("Training");
    if (trainingBox_->title() != sectionTitle)
        trainingBox_->setTitle(sectionTitle);
    // ZeRO sharding and CPU offload are training-state mechanisms.
    for (QWidget* w : {static_cast<QWidget*>(sharding_), static_cast<QWidget*>(shardingFactor_),
                       static_cast<QWidget*>(offload_)})
        parallelForm_->setRowVisible(w, !forwardOnly);

    setEnum(framework_, t.framework);
    setEnum(optimizer_, t.optimizer);
    setEnum(checkpointing_, t.checkpointing);
    setEnum(attention_, t.attention);
    setEnum(loss_, t.loss);
    setEnum(accounting_, t.accounting);
    setSpin(gradAccum_, t.grad_accum);
    setChecked(optimizerInBackward_, t.optimizer_in_backward);
    setChecked(activationOffload_, t.activation_offload);

    const ParallelSpec& par = p.parallelism;
    setEnum(sharding_, par.sharding);
    setSpin(shardingFactor_, par.sharding_factor);
    setSpin(tp_, par.tp);
    setSpin(pp_, par.pp);
    setSpin(ep_, par.ep);
    parallelForm_->setRowVisible(ep_, m.experts > 1);
    parallelForm_->setRowVisible(all2all_, serving && m.experts > 1);
    setEnum(all2all_, t.serving.all2all_backend);
    const QString epTip =
        serving ? tr("vLLM expert parallel (--enable-expert-parallel): 1 = off, or all %1 GPUs "
                     "(tensor x data parallel), each holding whole experts; a step up turns it on")
                      .arg(par.gpus / std::max<int64_t>(1, par.pp))
                : tr("Expert parallel degree: each GPU holds experts / EP of every MoE layer; "
                     "must divide the experts and the data-parallel GPUs");
    if (ep_->toolTip() != epTip)
        ep_->setToolTip(epTip);
    setChecked(sequenceParallel_, par.sequence_parallel);
    setEnum(offload_, par.offload);

    const HardwareSpec& h = p.hardware;
    {
        const QSignalBlocker block(gpu_);
        gpu_->setCurrentIndex(std::max(0, gpu_->findData(QString::fromStdString(h.gpu))));
    }
    const GpuPreset* gpu = doc_->gpu();
    setSpecialText(memory_,
                   gpu ? tr("GPU's %1").arg(formatSize(gpu->memory_bytes, UnitSystem::Binary))
                       : tr("unknown"));
    setDouble(memory_, h.memory_gib.value_or(0.0));
    setSpecialText(overhead_,
                   gpu ? tr("GPU default (%1)")
                             .arg(formatSize(gpu->runtime_overhead_gib * kGiB, UnitSystem::Binary))
                       : tr("default"));
    setDouble(overhead_, h.runtime_overhead_gib.value_or(kOverrideUnset));
}

bool AdvancedControls::isRowShown(QWidget* field) const {
    for (QWidget* w = field; w && w != this; w = w->parentWidget())
        if (w->isHidden())
            return false;
    return true;
}

} // namespace memplan::gui
