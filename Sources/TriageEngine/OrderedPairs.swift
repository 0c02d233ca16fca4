import TriageCore

extension Evaluator {
    /// Every fact taking part in a pair (a of `first`, b of `then`) where a precedes b: by timestamp when both
    /// carry different ones, else by line within one file; sharing `same`, within `withinMinutes` (which
    /// needs timestamps on both).
    ///
    /// Without enumerating the pairs: b is cited when the latest earlier timestamp among the a's is close
    /// enough, or when an a of its file (at its timestamp, or untimed) has a smaller line; a symmetrically.
    /// Observations (no file, no time) never precede or follow anything.
    func orderedPairs(_ first: FactPattern, _ then: FactPattern, same: String?, withinMinutes: Int?) -> [Int] {
        let cacheable = first.kind != FactKind.observation && then.kind != FactKind.observation
        let key = Condition.Node.before(first: first, then: then, same: same, withinMinutes: withinMinutes)
        if cacheable, let cached = store.cachedPairs(key) { return cached }
        let count = store.count
        let left = matches(first).filter { $0 < count }
        let right = matches(then).filter { $0 < count }
        guard !left.isEmpty, !right.isEmpty else { return [] }
        var cited = [UInt64](repeating: 0, count: count / 64 + 1)
        if let same {
            // Grouped by the folded value of `same`, read from the kinds' columns: each distinct value is
            // folded and looked up once, then the facts go to their group by its number.
            let leftColumn = store.symbols(kind: first.kind, attribute: same)
            let rightColumn = store.symbols(kind: then.kind, attribute: same)
            let positions = store.kindPositions
            let unknown: Int32 = -2
            var groupOfValue: [String: Int32] = [:]
            var lefts: [[Int]] = []
            var leftGroup = [Int32](repeating: unknown, count: leftColumn.values.count + 1)
            for index in left {
                let code = Int(leftColumn.codes[Int(positions[index])])
                guard code != 0 else { continue }
                if leftGroup[code] == unknown {
                    let folded = PatternMatcher.fold(leftColumn.values[code - 1])
                    if let group = groupOfValue[folded] {
                        leftGroup[code] = group
                    } else {
                        leftGroup[code] = Int32(lefts.count)
                        groupOfValue[folded] = Int32(lefts.count)
                        lefts.append([])
                    }
                }
                lefts[Int(leftGroup[code])].append(index)
            }
            var rights = [[Int]](repeating: [], count: lefts.count)
            var rightGroup = [Int32](repeating: unknown, count: rightColumn.values.count + 1)
            for index in right {
                let code = Int(rightColumn.codes[Int(positions[index])])
                guard code != 0 else { continue }
                if rightGroup[code] == unknown {
                    rightGroup[code] = groupOfValue[PatternMatcher.fold(rightColumn.values[code - 1])] ?? -1
                }
                if rightGroup[code] >= 0 { rights[Int(rightGroup[code])].append(index) }
            }
            for group in lefts.indices where !rights[group].isEmpty {
                citePairs(lefts[group], rights[group], withinMinutes: withinMinutes, into: &cited)
            }
        } else {
            citePairs(left, right, withinMinutes: withinMinutes, into: &cited)
        }
        var result: [Int] = []
        for (word, bits) in cited.enumerated() where bits != 0 {
            var rest = bits
            while rest != 0 {
                result.append(word << 6 | rest.trailingZeroBitCount)
                rest &= rest - 1
            }
        }
        if cacheable { store.cachePairs(key, result) }
        return result
    }

    /// Marks in `cited` each a of `left` that precedes some b of `right`, and each such b (store facts only).
    private func citePairs(_ left: [Int], _ right: [Int], withinMinutes: Int?, into cited: inout [UInt64]) {
        let seconds = store.seconds
        let files = store.fileOrdinals
        let lines = store.lines
        let noTime = FactStore.noTime
        let within = withinMinutes.map { $0 * 60 }
        func cite(_ i: Int) { cited[i >> 6] |= 1 << UInt64(i & 63) }
        func close(_ earlier: Int, _ later: Int) -> Bool { within.map { later - earlier <= $0 } ?? true }

        // By timestamp, both timed and different: the nearest earlier (later) timestamp on the other side.
        let leftTimes = left.map { seconds[$0] }.filter { $0 != noTime }.sorted()
        let rightTimes = right.map { seconds[$0] }.filter { $0 != noTime }.sorted()
        for b in right where seconds[b] != noTime {
            let t = seconds[b]
            let k = Self.lowerBound(leftTimes, t) - 1
            if k >= 0, close(leftTimes[k], t) { cite(b) }
        }
        for a in left where seconds[a] != noTime {
            let t = seconds[a]
            let k = Self.lowerBound(rightTimes, t + 1)
            if k < rightTimes.count, close(t, rightTimes[k]) { cite(a) }
        }

        // By line within one file: at equal timestamps (kept by `within` when it is not negative), or when
        // either is untimed (only without `within`, which needs timestamps).
        struct Moment: Hashable {
            let file: Int32
            let time: Int
        }
        let sameTime = within.map { $0 >= 0 } ?? true
        let untimed = within == nil
        var leftFirst: [Moment: Int] = [:]  // smallest line of an a, per (file, timestamp); untimed: time noTime
        var leftFirstInFile: [Int32: Int] = [:]  // smallest line of any a, per file
        for a in left {
            let moment = Moment(file: files[a], time: seconds[a])
            leftFirst[moment] = min(leftFirst[moment] ?? Int.max, lines[a])
            leftFirstInFile[files[a]] = min(leftFirstInFile[files[a]] ?? Int.max, lines[a])
        }
        var rightLast: [Moment: Int] = [:]
        var rightLastInFile: [Int32: Int] = [:]
        for b in right {
            let moment = Moment(file: files[b], time: seconds[b])
            rightLast[moment] = max(rightLast[moment] ?? Int.min, lines[b])
            rightLastInFile[files[b]] = max(rightLastInFile[files[b]] ?? Int.min, lines[b])
        }
        for b in right {
            let file = files[b]
            let line = lines[b]
            let earliest: Int?
            if seconds[b] == noTime {
                earliest = untimed ? leftFirstInFile[file] : nil
            } else {
                let atTime = sameTime ? leftFirst[Moment(file: file, time: seconds[b])] : nil
                let timeless = untimed ? leftFirst[Moment(file: file, time: noTime)] : nil
                earliest = [atTime, timeless].compactMap { $0 }.min()
            }
            if let earliest, earliest < line { cite(b) }
        }
        for a in left {
            let file = files[a]
            let line = lines[a]
            let latest: Int?
            if seconds[a] == noTime {
                latest = untimed ? rightLastInFile[file] : nil
            } else {
                let atTime = sameTime ? rightLast[Moment(file: file, time: seconds[a])] : nil
                let timeless = untimed ? rightLast[Moment(file: file, time: noTime)] : nil
                latest = [atTime, timeless].compactMap { $0 }.max()
            }
            if let latest, latest > line { cite(a) }
        }
    }

    /// First position in an ascending array whose value is ≥ `value`.
    static func lowerBound(_ sorted: [Int], _ value: Int) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
