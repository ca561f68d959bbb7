#include "export/exportchart.h"

#include "charts/chartwidget.h"
#include "document/atomicwrite.h"

#include <QBuffer>
#include <QClipboard>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMimeData>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QTextLayout>
#include <QWidget>

#include <algorithm>
#include <array>
#include <cmath>
#include <system_error>

namespace memplan::gui {

namespace {

constexpr double kLogicalDpi = 96.0;

// Height of `text` word-wrapped to `width` in `font`.
double wrappedHeight(const QString& text, const QFont& font, double width,
                     const QPaintDevice* device) {
    if (text.isEmpty())
        return 0;
    const QFontMetricsF fm(font, const_cast<QPaintDevice*>(device));
    return fm.boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap | Qt::AlignLeft, text)
        .height();
}

// PNG writing. Qt's PNG writer spends most of an export in libpng's adaptive row filters
// (about 60 ms at 1600x1000 on this machine); a chart compresses as well without them. This
// writes the same file format (RGB, 8 bits, no filter, zlib level 3, pHYs with the resolution)
// in a fifth of the time.
quint32 crc32(const QByteArray& type, const QByteArray& data) {
    static const auto table = [] {
        std::array<quint32, 256> t{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 c = 0xFFFFFFFFu;
    for (const QByteArray* part : {&type, &data})
        for (const char ch : *part)
            c = table[(c ^ static_cast<quint8>(ch)) & 0xFFu] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

void appendU32(QByteArray& out, quint32 v) {
    out.append(static_cast<char>((v >> 24) & 0xFF));
    out.append(static_cast<char>((v >> 16) & 0xFF));
    out.append(static_cast<char>((v >> 8) & 0xFF));
    out.append(static_cast<char>(v & 0xFF));
}

void appendChunk(QByteArray& out, const char* type, const QByteArray& data) {
    const QByteArray t(type, 4);
    appendU32(out, static_cast<quint32>(data.size()));
    out.append(t);
    out.append(data);
    appendU32(out, crc32(t, data));
}

QByteArray encodePng(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    const int w = rgb.width(), h = rgb.height();
    QByteArray raw;
    raw.reserve(static_cast<qsizetype>(h) * (3 * w + 1));
    for (int y = 0; y < h; ++y) {
        raw.append('\0'); // filter type: none
        raw.append(reinterpret_cast<const char*>(rgb.constScanLine(y)),
                   static_cast<qsizetype>(3) * w);
    }
    QByteArray ihdr;
    appendU32(ihdr, static_cast<quint32>(w));
    appendU32(ihdr, static_cast<quint32>(h));
    ihdr.append(char(8)).append(char(2)).append(char(0)).append(char(0)).append(
        char(0)); // 8-bit RGB
    QByteArray phys;
    appendU32(phys, static_cast<quint32>(image.dotsPerMeterX()));
    appendU32(phys, static_cast<quint32>(image.dotsPerMeterY()));
    phys.append(char(1)); // unit: metre
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    appendChunk(png, "IHDR", ihdr);
    appendChunk(png, "pHYs", phys);
    appendChunk(png, "IDAT", qCompress(raw, 3).mid(4)); // qCompress prefixes the length
    appendChunk(png, "IEND", QByteArray());
    return png;
}

} // namespace

std::optional<ChartFormat> chartFormatForPath(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return ChartFormat::Png;
    if (suffix == QLatin1String("svg"))
        return ChartFormat::Svg;
    if (suffix == QLatin1String("pdf"))
        return ChartFormat::Pdf;
    return std::nullopt;
}

QString ChartExportOptions::validate() const {
    if (size.width() < kMinSide || size.height() < kMinSide || size.width() > kMaxSide ||
        size.height() > kMaxSide)
        return ChartExporter::tr("size %1x%2: each side must be %3 to %4 pixels")
            .arg(size.width())
            .arg(size.height())
            .arg(kMinSide)
            .arg(kMaxSide);
    if (dpi < kMinDpi || dpi > kMaxDpi)
        return ChartExporter::tr("resolution %1 dpi: must be %2 to %3 dpi")
            .arg(dpi)
            .arg(kMinDpi)
            .arg(kMaxDpi);
    return {};
}

ChartExporter::ChartExporter(const QWidget* chartWidget) {
    if (!chartWidget)
        return;
    chart_ = qobject_cast<const ChartWidget*>(chartWidget);
    if (!chart_)
        chart_ = chartWidget->findChild<ChartWidget*>();
}

void ChartExporter::paint(QPainter* painter, QSizeF logical,
                          const ChartExportOptions& options) const {
    if (!chart_)
        return;
    const QPalette pal = chart_->palette();
    const QColor background = chart_->background();
    const QColor text = pal.color(QPalette::Text);
    QColor muted = text;
    muted.setAlphaF(0.72f);

    const QFont base = chart_->font();
    QFont titleFont = base;
    titleFont.setBold(true);
    titleFont.setPointSizeF(base.pointSizeF() * 1.45);
    QFont footerFont = base;
    footerFont.setPointSizeF(base.pointSizeF() * 0.9);

    painter->save();
    painter->fillRect(QRectF(QPointF(0, 0), logical), background);

    const double margin = std::clamp(logical.width() * 0.015, 8.0, 24.0);
    const double width = logical.width() - 2 * margin;
    const double gap = margin * 0.6;
    const QPaintDevice* device = painter->device();
    const double titleH = wrappedHeight(options.title, titleFont, width, device);
    const double footerH = wrappedHeight(options.footer, footerFont, width, device);
    const double available = logical.height() - 2 * margin - (titleH > 0 ? titleH + gap : 0) -
                             (footerH > 0 ? footerH + gap : 0);

    // The notes get what the chart leaves: at most 40% of the space and never so much that the
    // chart drops below 320 px; smaller type first, then fewer paragraphs (the overview first).
    QStringList notes = options.notes;
    QFont noteFont = base;
    auto notesHeight = [&](const QStringList& paragraphs, const QFont& f) {
        double h = 0;
        for (const QString& p : paragraphs)
            h += wrappedHeight(p, f, width, device) + QFontMetricsF(f).height() * 0.35;
        return h;
    };
    const double notesRoom = std::max(0.0, std::min(available * 0.4, available - 320.0));
    double notesH = notesHeight(notes, noteFont);
    for (double scale : {0.92, 0.85}) {
        if (notesH <= notesRoom)
            break;
        noteFont.setPointSizeF(base.pointSizeF() * scale);
        notesH = notesHeight(notes, noteFont);
    }
    bool dropped = false;
    while (notesH > notesRoom && !notes.isEmpty()) {
        notes.removeLast();
        dropped = true;
        notesH = notesHeight(notes, noteFont);
    }
    if (dropped && !notes.isEmpty()) {
        notes.last() += QStringLiteral(" \u2026");
        notesH = notesHeight(notes, noteFont);
    }

    double y = margin;
    painter->setPen(text);
    if (titleH > 0) {
        painter->setFont(titleFont);
        painter->drawText(QRectF(margin, y, width, titleH),
                          Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, options.title);
        y += titleH + gap;
    }
    const double chartH = std::max(1.0, available - (notesH > 0 ? notesH + gap : 0));
    const QRectF chartRect(margin * 0.5, y, logical.width() - margin, chartH);
    chart_->paintChart(painter, chartRect);
    y += chartH + gap;
    if (notesH > 0) {
        painter->setPen(text);
        painter->setFont(noteFont);
        for (const QString& p : notes) {
            const double h = wrappedHeight(p, noteFont, width, device);
            painter->drawText(QRectF(margin, y, width, h),
                              Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, p);
            y += h + QFontMetricsF(noteFont).height() * 0.35;
        }
        y += gap - QFontMetricsF(noteFont).height() * 0.35;
    }
    if (footerH > 0) {
        // A hairline above the footer separates the assumptions from the figure.
        painter->setPen(QPen(muted, 0));
        painter->drawLine(QPointF(margin, y - gap * 0.5), QPointF(margin + width, y - gap * 0.5));
        painter->setPen(muted);
        painter->setFont(footerFont);
        painter->drawText(QRectF(margin, y, width, footerH),
                          Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, options.footer);
    }
    painter->restore();
}

QImage ChartExporter::toImage(const ChartExportOptions& options) const {
    QImage image(options.size, QImage::Format_ARGB32_Premultiplied);
    const double ratio = options.dpi / kLogicalDpi;
    image.setDevicePixelRatio(ratio);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                               QPainter::SmoothPixmapTransform);
        paint(&painter, QSizeF(options.size) / ratio, options);
    }
    // Record the resolution in the file (pHYs) only after painting: fonts resolve at 96 dpi
    // logical, the device pixel ratio does the scaling.
    const int dpm = static_cast<int>(std::lround(options.dpi / 0.0254));
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    image.setDevicePixelRatio(1.0);
    return image;
}

QByteArray ChartExporter::toSvg(const ChartExportOptions& options) const {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QSizeF logical = QSizeF(options.size) * (kLogicalDpi / options.dpi);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(logical.toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), logical));
    generator.setResolution(static_cast<int>(kLogicalDpi));
    generator.setTitle(options.title);
    generator.setDescription(options.footer);
    {
        QPainter painter(&generator);
        painter.setRenderHint(QPainter::Antialiasing);
        paint(&painter, logical, options);
    }
    return buffer.data();
}

namespace {
QString writeChartFile(const QString& path, const QByteArray& bytes) {
    if (const QString problem = writeAtomically(path, bytes); !problem.isEmpty())
        return ChartExporter::tr("%1: could not write: %2")
            .arg(QDir::toNativeSeparators(path), problem);
    return {};
}
} // namespace

QString ChartExporter::writePng(const QString& path, const ChartExportOptions& options) const {
    return writeChartFile(path, encodePng(toImage(options)));
}

QString ChartExporter::writeSvg(const QString& path, const ChartExportOptions& options) const {
    return writeChartFile(path, toSvg(options));
}

QString ChartExporter::writePdf(const QString& path, const ChartExportOptions& options) const {
    // Rendered to memory, then written by the one atomic writer like every other output.
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QSizeF logical = QSizeF(options.size) * (kLogicalDpi / options.dpi);
    bool ok = false;
    {
        QPdfWriter writer(&buffer);
        writer.setResolution(static_cast<int>(kLogicalDpi));
        writer.setPageSize(QPageSize(logical * (72.0 / kLogicalDpi), QPageSize::Point, QString(),
                                     QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setTitle(options.title);
        writer.setCreator(QStringLiteral("memplan"));
        QPainter painter;
        if (painter.begin(&writer)) {
            painter.setRenderHint(QPainter::Antialiasing);
            paint(&painter, logical, options);
            ok = painter.end();
        }
    }
    if (!ok)
        return ChartExporter::tr("%1: could not write: %2")
            .arg(QDir::toNativeSeparators(path), QStringLiteral("PDF rendering failed"));
    return writeChartFile(path, buffer.data());
}

QString ChartExporter::exportTo(const QString& path, const ChartExportOptions& options) const {
    if (!chart_)
        return ChartExporter::tr("%1: there is no chart to export")
            .arg(QDir::toNativeSeparators(path));
    const auto format = chartFormatForPath(path);
    if (!format)
        return ChartExporter::tr("%1: unknown chart format \"%2\" (use .png, .svg or .pdf)")
            .arg(QDir::toNativeSeparators(path), QFileInfo(path).suffix());
    if (const QString problem = options.validate(); !problem.isEmpty())
        return QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), problem);
    switch (*format) {
    case ChartFormat::Png:
        return writePng(path, options);
    case ChartFormat::Svg:
        return writeSvg(path, options);
    case ChartFormat::Pdf:
        return writePdf(path, options);
    }
    return {};
}

void ChartExporter::copyToClipboard(const ChartExportOptions& options) const {
    if (!chart_)
        return;
    auto* mime = new QMimeData;
    mime->setImageData(toImage(options));
    mime->setData(QStringLiteral("image/svg+xml"), toSvg(options));
    QGuiApplication::clipboard()->setMimeData(mime);
}

} // namespace memplan::gui
