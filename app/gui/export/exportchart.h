// ChartExporter: paints any of our chart widgets (a ChartWidget: per-GPU, compare, sweep,
// timeline) onto an image, an SVG or a PDF (chosen by the file suffix), with a title above and a
// footer stating the plan's key assumptions below, so the figure stands alone in a report.
// Files are written whole or not at all: PNG and SVG through QSaveFile, PDF through a temporary
// file in the same directory that is renamed over the target.
#pragma once

#include <QCoreApplication>
#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

QT_BEGIN_NAMESPACE
class QPainter;
class QWidget;
QT_END_NAMESPACE

namespace memplan::gui {

class ChartWidget;

enum class ChartFormat { Png, Svg, Pdf };
// By suffix (case-insensitive); nothing for anything else.
std::optional<ChartFormat> chartFormatForPath(const QString& path);

struct ChartExportOptions {
    // The figure's size in pixels: the PNG's pixel size; the SVG's and PDF's size at `dpi`.
    QSize size{1600, 1000};
    // Dots per inch: a higher value draws text and lines larger in the same pixels (print);
    // the PDF page measures size / dpi inches.
    int dpi = 96;
    QString title;     // above the chart; empty = none
    QStringList notes; // paragraphs under the chart (e.g. why the compare columns differ)
    QString footer;    // the plan's key assumptions, in smaller type at the bottom

    static constexpr int kMinDpi = 24, kMaxDpi = 1200;
    static constexpr int kMinSide = 64, kMaxSide = 16384;
    // "" when valid, else what is wrong ("size 10x10: each side must be 64 to 16384 pixels").
    QString validate() const;
};

class ChartExporter {
    // ChartExporter::tr() also words the free functions of its .cpp (one lupdate context).
    Q_DECLARE_TR_FUNCTIONS(memplan::gui::ChartExporter)
public:
    // A ChartWidget, or a widget holding one (a view); invalid when there is none.
    explicit ChartExporter(const QWidget* chartWidget);

    bool isValid() const { return chart_ != nullptr; }

    // Writes the figure; the format follows the suffix. Returns "" on success, else a message
    // naming the file. On failure nothing is left at `path` (an existing file stays as it was).
    QString exportTo(const QString& path, const ChartExportOptions& options) const;

    QImage toImage(const ChartExportOptions& options) const;
    QByteArray toSvg(const ChartExportOptions& options) const;
    // PNG and SVG of the figure on the clipboard.
    void copyToClipboard(const ChartExportOptions& options) const;

    // Paints the whole figure (background, title, chart, notes, footer) into `logicalSize`
    // at 96 dpi logical; the painter's transform scales it to the device.
    void paint(QPainter* painter, QSizeF logicalSize, const ChartExportOptions& options) const;

private:
    QString writePng(const QString& path, const ChartExportOptions& options) const;
    QString writeSvg(const QString& path, const ChartExportOptions& options) const;
    QString writePdf(const QString& path, const ChartExportOptions& options) const;

    const ChartWidget* chart_ = nullptr; // also the palette and font source
};

} // namespace memplan::gui
