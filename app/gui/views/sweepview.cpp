#include "views/sweepview.h"

#include "charts/sweepchart.h"
#include "document/plandocument.h"
#include "export/exportdata.h"
#include "models/scenariomodel.h"
#include "widgets/groupedspinbox.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>
#include <QShowEvent>
#include <QToolButton>
#include <QVBoxLayout>

namespace memplan::gui {

SweepView::SweepView(PlanDocument* document, ScenarioModel* scenarios, QWidget* parent)
    : QWidget(parent)
    , doc_(document)
    , scenarios_(scenarios) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* bar = new QHBoxLayout;
    auto* variableLabel = new QLabel(tr("Sweep:"), this);
    variableBox_ = new QComboBox(this);
    variableLabel->setBuddy(variableBox_);
    bar->addWidget(variableLabel);
    bar->addWidget(variableBox_);
    measureLabel_ = new QLabel(tr("Show:"), this);
    measureBox_ = new QComboBox(this);
    measureBox_->setToolTip(tr("What the lines follow: the total per GPU, or what the serving "
                               "engine's KV cache holds"));
    measureLabel_->setBuddy(measureBox_);
    bar->addWidget(measureLabel_);
    bar->addWidget(measureBox_);
    auto* fromLabel = new QLabel(tr("from"), this);
    from_ = new GroupedDoubleSpinBox(this);
    auto* toLabel = new QLabel(tr("to"), this);
    to_ = new GroupedDoubleSpinBox(this);
    from_->setObjectName(QStringLiteral("sweepFrom"));
    to_->setObjectName(QStringLiteral("sweepTo"));
    for (QDoubleSpinBox* box : {from_, to_}) {
        box->setKeyboardTracking(false);
        box->setAccelerated(true);
    }
    fromLabel->setBuddy(from_);
    toLabel->setBuddy(to_);
    bar->addWidget(fromLabel);
    bar->addWidget(from_);
    bar->addWidget(toLabel);
    bar->addWidget(to_);
    auto* reset = new QToolButton(this);
    reset->setText(tr("Default range"));
    reset->setToolTip(tr("A range around the plan's own value"));
    bar->addWidget(reset);
    bar->addSpacing(12);
    columns_ = new QRadioButton(tr("Compare columns"), this);
    columns_->setToolTip(tr("One line per column of the Compare tab"));
    planOnly_ = new QRadioButton(tr("Current plan only"), this);
    auto* group = new QButtonGroup(this);
    group->addButton(columns_);
    group->addButton(planOnly_);
    columns_->setChecked(true);
    columns_->setEnabled(scenarios_ != nullptr);
    bar->addWidget(columns_);
    bar->addWidget(planOnly_);
    bar->addStretch(1);
    layout->addLayout(bar);

    chart_ = new SweepChart(this);
    layout->addWidget(chart_, 1);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary_);

    useColumns_ = scenarios_ != nullptr;
    const Plan& plan = doc_->plan();
    range_ = defaultSweepRange(sweepVariableApplies(SweepVariable::MicroBatch, plan)
                                   ? SweepVariable::MicroBatch
                                   : SweepVariable::MaxModelLen,
                               plan);
    fillChoices();
    syncControls();

    connect(variableBox_, &QComboBox::activated, this, [this](int index) {
        setVariable(static_cast<SweepVariable>(variableBox_->itemData(index).toInt()));
    });
    connect(measureBox_, &QComboBox::activated, this, [this](int index) {
        setMeasure(static_cast<SweepMeasure>(measureBox_->itemData(index).toInt()));
    });
    connect(from_, &QDoubleSpinBox::valueChanged, this, &SweepView::readRange);
    connect(to_, &QDoubleSpinBox::valueChanged, this, &SweepView::readRange);
    connect(reset, &QToolButton::clicked, this, [this] { setVariable(range_.variable); });
    connect(columns_, &QRadioButton::toggled, this, [this](bool on) { setUseCompareColumns(on); });
    connect(doc_, &PlanDocument::planChanged, this, &SweepView::followPlan);
    if (scenarios_)
        connect(scenarios_, &ScenarioModel::scenariosChanged, this, [this] {
            if (useColumns_)
                refresh();
        });
    refreshNow();
}

void SweepView::setVariable(SweepVariable v) {
    const SweepMeasure measure = range_.measure;
    range_ = defaultSweepRange(v, doc_->plan());
    if (sweepMeasureApplies(measure, doc_->plan()))
        range_.measure = measure;
    userRange_ = false;
    syncControls();
    refresh();
}

void SweepView::setMeasure(SweepMeasure m) {
    if (!sweepMeasureApplies(m, doc_->plan()) || m == range_.measure)
        return;
    range_.measure = m;
    syncControls();
    refresh();
}

void SweepView::fillChoices() {
    const Plan& plan = doc_->plan();
    syncing_ = true;
    variableBox_->clear();
    for (const SweepVariableInfo& v : sweepVariables())
        if (sweepVariableApplies(v.variable, plan))
            variableBox_->addItem(sweepAxisTitle(v.variable), static_cast<int>(v.variable));
    measureBox_->clear();
    for (const memplan::SweepMeasureInfo& m : memplan::sweepMeasures())
        if (sweepMeasureApplies(m.measure, plan))
            measureBox_->addItem(sweepMeasureTitle(m.measure, units_), static_cast<int>(m.measure));
    // A training plan has one measure: no choice to show.
    const bool choice = measureBox_->count() > 1;
    measureLabel_->setVisible(choice);
    measureBox_->setVisible(choice);
    syncing_ = false;
}

void SweepView::setRange(const SweepRange& range) {
    range_ = range;
    userRange_ = true;
    syncControls();
    refresh();
}

void SweepView::setUseCompareColumns(bool use) {
    use = use && scenarios_ != nullptr;
    if (use == useColumns_)
        return;
    useColumns_ = use;
    (use ? columns_ : planOnly_)->setChecked(true);
    refresh();
}

void SweepView::setUnits(UnitSystem units) {
    if (units == units_)
        return;
    units_ = units;
    chart_->setUnits(units);
    fillChoices(); // the total's title names the unit
    syncControls();
    refresh();
}

void SweepView::syncControls() {
    syncing_ = true;
    variableBox_->setCurrentIndex(variableBox_->findData(static_cast<int>(range_.variable)));
    measureBox_->setCurrentIndex(measureBox_->findData(static_cast<int>(range_.measure)));
    const bool params = range_.variable == SweepVariable::Params;
    const bool share = range_.variable == SweepVariable::GpuMemoryUtilization;
    const double scale = params ? 1e9 : 1.0;
    for (QDoubleSpinBox* box : {from_, to_}) {
        box->setDecimals(params || share ? 2 : 0);
        box->setSingleStep(params ? 0.5 : share ? 0.05 : 1);
        box->setRange(params || share ? 0.01 : 1, params ? 1e4 : share ? 1.0 : 1 << 20);
        box->setSuffix(params ? tr(" B") : QString());
    }
    from_->setValue(range_.from / scale);
    to_->setValue(range_.to / scale);
    syncing_ = false;
}

void SweepView::readRange() {
    if (syncing_)
        return;
    const double scale = range_.variable == SweepVariable::Params ? 1e9 : 1.0;
    const double from = from_->value() * scale, to = to_->value() * scale;
    if (!(to > from))
        return; // wait until the range makes sense
    range_.from = from;
    range_.to = to;
    userRange_ = true;
    refresh();
}

std::vector<Scenario> SweepView::lineScenarios() const {
    if (useColumns_ && scenarios_ && scenarios_->count() > 0)
        return scenarios_->scenarios();
    return {planScenario(doc_->plan(), doc_->evaluation(), tr("Current plan"))};
}

void SweepView::refresh() {
    dirty_ = true;
    if (isVisible())
        refreshNow();
}

void SweepView::refreshNow() {
    dirty_ = false;
    result_ = sweepScenarios(lineScenarios(), range_, doc_->presets());
    result_.planValue = currentSweepValue(range_.variable, doc_->plan(), doc_->evaluation());
    chart_->setUnits(units_);
    chart_->setResult(result_);
    QStringList parts;
    const SweepVariable v = range_.variable;
    for (const SweepLine& l : result_.lines) {
        if (!l.hasCapacity)
            continue;
        if (l.firstNoFit < 0)
            parts << tr("%1: every value fits").arg(QString::fromStdString(l.name).toHtmlEscaped());
        else
            parts << tr("%1: <b>%2</b>")
                         .arg(QString::fromStdString(l.name).toHtmlEscaped(),
                              sweepValueText(
                                  v, l.points[static_cast<std::size_t>(l.firstNoFit)].value));
    }
    summary_->setText(
        parts.isEmpty()
            ? tr("Choose a GPU to see where the plan stops fitting.")
            : tr("First value that does not fit \u2014 %1.").arg(parts.join(QLatin1String("; "))));
}

void SweepView::followPlan() {
    // A hidden tab does nothing per slider step; it catches up when shown.
    if (!isVisible()) {
        planStale_ = true;
        return;
    }
    planStale_ = false;
    const Plan& plan = doc_->plan();
    fillChoices(); // a serving plan sweeps other variables than a training one
    if (!sweepVariableApplies(range_.variable, plan)) {
        range_ =
            defaultSweepRange(static_cast<SweepVariable>(variableBox_->itemData(0).toInt()), plan);
        userRange_ = false;
    } else if (!userRange_) {
        const SweepMeasure measure = range_.measure;
        range_ = defaultSweepRange(range_.variable, plan);
        if (sweepMeasureApplies(measure, plan))
            range_.measure = measure; // the user's choice of what to show stays
    }
    if (!sweepMeasureApplies(range_.measure, plan))
        range_.measure = defaultSweepMeasure(plan);
    syncControls();
    refresh();
}

void SweepView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (planStale_)
        followPlan();
    if (dirty_)
        refreshNow();
}

} // namespace memplan::gui
