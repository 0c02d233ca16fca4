import TriageCore

/// `collector-outdated`: the bundle was made by an older version of a known log collector than the current one.
package enum CollectorCheck {
    /// - Parameters:
    ///   - name: collector name as the bundle states it (`CMGELogCollector`, `CMGELogCollectorV2`).
    ///   - version: version as stated (`1.0`, `1.11`, `v2`); nil when the bundle does not say.
    ///   - text: the interface texts (`case.collector-outdated` in `ui-text.xml`).
    package static func outdated(name: String, version: String?, tools: [Tool], text: UIText) -> CaseFinding? {
        let lowered = name.lowercased()
        guard
            let tool = tools.first(where: { t in
                t.name.lowercased() == lowered || t.id.lowercased() == lowered
                    || t.versions.contains { $0.files.contains { file in Self.stem(file) == lowered } }
            }), let current = tool.currentVersion
        else { return nil }
        // A name that is itself a version's file (`CMGELogCollectorV2`) identifies that version.
        let stated =
            version.map(Self.normalise)
            ?? tool.versions.first { $0.files.contains { Self.stem($0) == lowered } }?.value
        guard let stated, compare(stated, current.value) < 0 else { return nil }
        return CaseFinding(
            id: CaseFinding.collectorOutdated,
            attributes: ["collector": tool.name, "version": stated, "current": current.value],
            message: text.localized("case.collector-outdated", [tool.name, stated, current.value]))
    }

    /// `v1.11` → `1.11`; `V2` → `2`.
    static func normalise(_ version: String) -> String {
        var v = Substring(version)
        while let c = v.first, c == "v" || c == "V" || c == " " { v = v.dropFirst() }
        return String(v)
    }

    /// Numeric, component-wise: `1.11` > `1.2`, `2` == `2.0`.
    static func compare(_ a: String, _ b: String) -> Int {
        let pa = a.split(separator: ".").map { Int($0) ?? 0 }
        let pb = b.split(separator: ".").map { Int($0) ?? 0 }
        for i in 0..<max(pa.count, pb.count) {
            let x = i < pa.count ? pa[i] : 0
            let y = i < pb.count ? pb[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }

    private static func stem(_ file: String) -> String {
        let lower = file.lowercased()
        return lower.hasSuffix(".exe") ? String(lower.dropLast(4)) : lower
    }
}
