extension Chart {
    /// Alert periods as full-height bands behind the data, clipped to the time axis.
    static func drawBands(_ svg: inout SVGWriter, _ bands: [ChartBand], layout: ChartLayout) {
        let time = layout.time
        for band in bands {
            let start = max(min(band.start, band.end), time.start)
            let end = min(max(band.start, band.end), time.end)
            guard start <= end else { continue }
            let x0 = time.x(start)
            let x1 = max(time.x(end), x0 + 1)
            svg.open("rect", [
                ("class", "band band-\(band.severity.rawValue)"), ("x", SVGWriter.number(x0, decimals: 1)),
                ("y", SVGWriter.number(layout.plotTop)), ("width", SVGWriter.number(x1 - x0, decimals: 1)),
                ("height", SVGWriter.number(layout.plotHeight)), ("data-t", "\(band.start)"),
                ("data-t-end", "\(band.end)"),
            ])
            svg.element("title", text: band.label)
            svg.close("rect")
        }
    }

    /// Thresholds inside the value axis as dashed lines labelled at the right end.
    static func drawThresholds(
        _ svg: inout SVGWriter, _ thresholds: [ThresholdLine], layout: ChartLayout, scale: ValueScale
    ) {
        for threshold in thresholds where threshold.value.isFinite {
            let y = scale.y(threshold.value)
            guard y >= layout.plotTop - 0.5, y <= layout.plotBottom + 0.5 else { continue }
            let severity = "threshold-" + threshold.severity.rawValue
            var path = SVGPath()
            path.move(layout.plotLeft, y)
            path.horizontal(to: layout.plotRight)
            svg.empty("path", [("class", "threshold " + severity), ("d", path.data),
                ("data-v", SVGWriter.number(threshold.value))])
            svg.element("text", [
                ("class", "threshold-label " + severity), ("x", SVGWriter.number(layout.plotRight - 2)),
                ("y", SVGWriter.number(y - 3, decimals: 1)), ("text-anchor", "end"),
            ], text: threshold.label)
        }
    }

    /// Failed runs in the lane under the time axis, a shape per kind; at most one per kind every 3 pixels (the rest counted in its tooltip).
    static func drawMarkers(_ svg: inout SVGWriter, _ markers: [ChartMarker], layout: ChartLayout) {
        let shown = markers.filter { layout.time.contains($0.time) }.sorted { $0.time < $1.time }
        var slots: [MarkerSlot: (marker: ChartMarker, more: Int)] = [:]
        var order: [MarkerSlot] = []
        for marker in shown {
            let slot = MarkerSlot(kind: marker.kind, group: layout.column(layout.time.x(marker.time)) / 3)
            if let taken = slots[slot] {
                slots[slot] = (taken.marker, taken.more + 1)
            } else {
                slots[slot] = (marker, 0)
                order.append(slot)
            }
        }
        guard !order.isEmpty else { return }
        svg.open("g", [("class", "markers")])
        for slot in order {
            guard let (marker, more) = slots[slot] else { continue }
            let x = layout.time.x(marker.time)
            let href = marker.href.flatMap(safeHref)
            if let href { svg.open("a", [("href", href)]) }
            var attributes = [
                ("class", "marker marker-" + marker.kind.rawValue), ("d", marker.kind.shape(x: x, y: layout.markerLane)),
                ("data-t", "\(marker.time)"),
            ]
            if let href { attributes.append(("data-href", href)) }
            svg.open("path", attributes)
            svg.element("title", text: more == 0 ? marker.title : marker.title + " (and \(more) more)")
            svg.close("path")
            if href != nil { svg.close("a") }
        }
        svg.close("g")
    }

    /// A link target that cannot run script: a relative reference, or http(s); anything else is dropped.
    static func safeHref(_ href: String) -> String? {
        let lower = href.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return href }
        let beforePath = lower.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return beforePath.contains(":") || href.isEmpty ? nil : href
    }
}

/// One kind of marker in one 3-pixel group of the time axis.
struct MarkerSlot: Hashable {
    var kind: MarkerKind
    var group: Int
}
