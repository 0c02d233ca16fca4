import TriageCore

/// The header shared by CBS.log, DISM.log and Panther setupact/setuperr:
/// `YYYY-MM-DD HH:MM:SS, <Level padded> <Source padded> <text>`.
struct ServicingHeader: Sendable {
    var stamp: Stamp?
    /// End offset of the timestamp as written.
    var timeEnd: Int = 0
    var levelStart = 0, levelEnd = 0
    var sourceStart = 0, sourceEnd = 0
    /// Offset of the message text.
    var textStart = 0
    /// The line starts with a timestamp whose values are impossible (month 13, hour 25): read without a time.
    var impossibleTime = false

    /// The header of a line with message text, its time noted in `range` (or the impossible time counted in
    /// `context`); nil for a line too short to hold a header or with no text after it.
    static func read(_ line: LogLine, range: inout StampRange, context: inout ExtractionContext) -> ServicingHeader? {
        read(line, header: ServicingHeader(line.bytes), range: &range, context: &context)
    }

    /// ``read(_:range:context:)`` of a header already parsed (``PreparedLine``).
    static func read(
        _ line: LogLine, header: ServicingHeader, range: inout StampRange, context: inout ExtractionContext
    ) -> ServicingHeader? {
        guard line.bytes.count > 4 else { return nil }
        if let stamp = header.stamp {
            range.note(stamp)
        } else if header.impossibleTime {
            context.noteImpossibleTimestamp(line: line.number)
        }
        return header.textStart < line.bytes.count ? header : nil
    }

    /// The leading timestamp of a header line and the offset of the comma after it.
    @inline(__always)
    static func stamp(_ bytes: LineBytes) -> (Stamp, Int)? {
        guard let (st, e) = Timestamps.isoLike(bytes), e + 1 < bytes.count, bytes[e] == ASCII.comma else { return nil }
        return (st, e)
    }

    /// Parses the header; lines without a leading timestamp are continuation lines (`text` = 0).
    init(_ bytes: LineBytes) {
        let e: Int
        if let (st, end) = Self.stamp(bytes) {
            stamp = st
            e = end
        } else if Timestamps.hasIsoShape(bytes), bytes.count > 20, bytes[19] == ASCII.comma {
            impossibleTime = true
            e = 19
        } else {
            return
        }
        timeEnd = e
        var i = bytes.skipSpaces(from: e + 1)
        levelStart = i
        i = bytes.skipToken(from: i)
        // "Fatal Error" is two words.
        if i - levelStart == 5, bytes.starts(with: "Fatal Error", at: levelStart) { i = levelStart + 11 }
        levelEnd = i
        i = bytes.skipSpaces(from: i)
        // Source column: a short upper-case token (CBS, CSI, DISM, SP, MOUPG…); may be absent.
        let s = i
        var j = i
        while j < bytes.count, j - s < 12, ASCII.isUpper(bytes[j]) || ASCII.isDigit(bytes[j]) { j += 1 }
        if j > s, j < bytes.count, bytes[j] == ASCII.space || bytes[j] == ASCII.tab {
            sourceStart = s
            sourceEnd = j
            textStart = bytes.skipSpaces(from: j)
        } else {
            sourceStart = s
            sourceEnd = s
            textStart = s
        }
    }

    func level(_ bytes: LineBytes) -> String {
        guard levelEnd > levelStart else { return "Info" }
        switch bytes[levelStart] {
        case 0x45: return "Error"  // Error
        case 0x57: return "Warning"  // Warning
        case 0x46: return levelEnd - levelStart > 5 ? "Fatal" : "Fatal"
        default: return "Info"
        }
    }

    func source(_ bytes: LineBytes) -> String? {
        sourceEnd > sourceStart ? bytes.trimmedText(from: sourceStart, to: sourceEnd) : nil
    }
    func time(_ bytes: LineBytes) -> String? { stamp == nil ? nil : bytes.trimmedText(from: 0, to: timeEnd) }
}

/// Min/max of the timestamps of a file (noted in any order), kept as packed integers; reported once at the end.
public struct StampRange: Sendable {
    var first: Stamp?
    var last: Stamp?
    @inline(__always) mutating func note(_ s: Stamp) {
        if first == nil || s < first! { first = s }
        if last == nil || s > last! { last = s }
    }
    /// Both ranges' stamps noted here.
    mutating func note(_ other: StampRange) {
        if let f = other.first { note(f) }
        if let l = other.last { note(l) }
    }
    func report(into context: inout ExtractionContext) {
        if let f = first { context.noteTimestamp(f.text) }
        if let l = last, l != first { context.noteTimestamp(l.text) }
    }
}

/// Notes the servicing-header timestamps of lines an extractor passes over into a ``StampRange``, reading
/// a timestamp only when the line does not start with the same bytes (through the comma) as the last line
/// read: the lines of one second share them, and then their stamp is the one already noted.
struct HeaderStampNoter {
    /// The first `keyLength` (≤ 32) bytes of the last line read, little-endian, zero-padded.
    private var key: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var keyLength = 0

    @inline(__always)
    mutating func note(_ bytes: LineBytes, into range: inout StampRange) {
        if keyLength == 20, bytes.count > 20 {
            // The common case (`2022-10-27 08:00:00,`), compared as three words instead of byte by byte.
            if bytes.word(at: 0) == key.0, bytes.word(at: 8) == key.1,
                UInt32(truncatingIfNeeded: bytes.word(at: 13) >> 24) == UInt32(truncatingIfNeeded: key.2)
            {
                return
            }
        } else if keyLength > 0, bytes.count > keyLength, Self.words(of: bytes, count: keyLength) == key {
            return
        }
        guard let (stamp, commaOffset) = ServicingHeader.stamp(bytes) else { return }
        range.note(stamp)
        keyLength = commaOffset + 1 <= 32 ? commaOffset + 1 : 0
        key = keyLength > 0 ? Self.words(of: bytes, count: keyLength) : (0, 0, 0, 0)
    }

    /// The first `count` (≤ 32) bytes as four little-endian words, zero-padded.
    private static func words(of bytes: LineBytes, count: Int) -> (UInt64, UInt64, UInt64, UInt64) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for i in 0..<min(count, 32, bytes.count) {
            let shifted = UInt64(bytes[i]) << (UInt64(i & 7) * 8)
            switch i >> 3 {
            case 0: words.0 |= shifted
            case 1: words.1 |= shifted
            case 2: words.2 |= shifted
            default: words.3 |= shifted
            }
        }
        return words
    }
}

/// Builds the facts every extractor emits, with the vocabulary of `KnowledgeBase/fact-kinds.xml`.
enum Facts {
    /// Attributes of an `error-code` fact; nil values are left out.
    static func errorCode(
        _ hit: CodeHit, log: LogKind, level: String, component: String?, context: String,
        kb: String?, package: String?, attempt: String?, text: String
    ) -> FactAttributes {
        errorCodeFields(
            hit, log: log, level: level, component: component, context: context, kb: kb, package: package,
            attempt: attempt, text: text
        ).attributes
    }

    /// ``errorCode(_:log:level:component:context:kb:package:attempt:text:)`` as fields, for
    /// ``ExtractionContext/emit(_:fields:line:endLine:stamp:)``.
    static func errorCodeFields(
        _ hit: CodeHit, log: LogKind, level: String, component: String?, context: String,
        kb: String?, package: String?, attempt: String?, text: String
    ) -> FactFields {
        var f = FactFields(capacity: 10)
        f.add("code", hit.code.hex)
        f.add("log", log.rawValue)
        f.add("level", level)
        f.add("context", context)
        f.add("text", text)
        f.add("symbol", hit.symbol)
        if let c = component, !c.isEmpty { f.add("component", c) }
        f.add("kb", kb)
        f.add("package", package)
        f.add("attempt", attempt)
        return f
    }

    /// Message text for the `text` attribute: the bytes from `from`, capped at 200 bytes.
    static func message(_ bytes: LineBytes, from: Int) -> String {
        bytes.trimmedText(from: from, to: min(bytes.count, from + 200))
    }

    /// Channel from a servicing client id (CBS `initialized by client …`, WER/`client id:`).
    /// An ASCII id (every real one) is matched on its bytes, letters folded (called once per install attempt:
    /// lowercasing the string and searching it as text cost more than the rest of the attempt); any other is
    /// lower-cased and searched as text, character by character (a combining mark after a name stops it).
    static func channel(client: String) -> String {
        guard client.utf8.allSatisfy({ $0 < 0x80 }) else { return channel(lowercased: client.lowercased()) }
        let c = client.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        func has(_ needle: String) -> Bool {
            let n = needle.utf8
            guard let first = n.first, n.count <= c.count else { return false }
            for start in 0...(c.count - n.count) where c[start] == first {
                if c[start..<(start + n.count)].elementsEqual(n) { return true }
            }
            return false
        }
        if has("wusa") { return "offline-msu" }
        if has("dism") { return "dism" }
        if has("windowsupdateagent") || has("updateorchestrator") || has("automaticupdates") || has("windowsupdate")
            || has("usoclient") || c.starts(with: "update;".utf8)
        {
            return "windows-update"
        }
        return "unknown"
    }

    private static func channel(lowercased c: String) -> String {
        if c.contains("wusa") { return "offline-msu" }
        if c.contains("dism") { return "dism" }
        if c.contains("windowsupdateagent") || c.contains("updateorchestrator") || c.contains("automaticupdates")
            || c.contains("windowsupdate") || c.contains("usoclient") || c.hasPrefix("update;")
        {
            return "windows-update"
        }
        return "unknown"
    }

    /// Stage from a CBS `failure source:` value.
    static func stage(failureSource s: String) -> String {
        let l = s.lowercased()
        if l.contains("download") { return "download" }
        if l.contains("extract") || l.contains("stage") || l.contains("resolve") { return "staging" }
        if l.contains("doq") || l.contains("startup") || l.contains("shutdown") || l.contains("boot")
            || l.contains("aoq")
        {
            return "boot"
        }
        if l.contains("commit") { return "commit" }
        if l.contains("execute") || l.contains("install") || l.contains("plan") { return "install" }
        return "unknown"
    }

    /// Value after `key` up to the next `,` (or end), trimmed: `failure source: Execute,` → `Execute`.
    static func field(_ bytes: LineBytes, _ key: Literal, from: Int = 0, stops: [UInt8] = [ASCII.comma]) -> String? {
        guard let k = bytes.firstIndex(of: key, from: from) else { return nil }
        let (v, _) = bytes.text(from: k + key.count, until: stops)
        return v.isEmpty ? nil : v
    }
}

/// An install attempt being assembled while a file is read; emitted at the end.
struct Attempt {
    var id: String
    var line: Int
    var endLine: Int?
    var time: String?
    var citation: String
    var kb: String?
    var package: String?
    var title: String?
    var client: String?
    var channel: String = "unknown"
    var result: AttemptResult = .unknown
    var hresult: HRESULT?
    var stage: String?
    var started: Stamp?
    var ended: Stamp?
    var rebootPending: Bool?
    var open = true

    init(id: String, line: LogLine, time: String?, started: Stamp?) {
        self.id = id
        self.line = line.number
        self.time = time
        self.citation = line.citationText
        self.started = started
    }

    /// An attempt of nothing, holding no reference: swapped into an array's slot to move the attempt there out
    /// without retaining its strings (``CBSExtractor/handOverAttempts(into:)``).
    static let vacant = Attempt(vacant: ())

    private init(vacant: Void) {
        id = ""
        line = 0
        citation = ""
    }

    /// An app install (Store app, provisioned app package), not a Windows update: ``AppTarget``.
    var isApp: Bool { AppTarget.isApp(package: package, title: title) }

    /// The attributes of the attempt's fact but `log` (the file's), in this order (``values(blanking:)``).
    static let attributeNames = [
        "id", "channel", "result", "kb", "package", "title", "client", "hresult", "stage", "started", "ended",
        "reboot-pending", "target"
    ]

    /// The values of ``attributeNames``, nil where the attempt has none; where `blanked` is true (an instance
    /// attribute), a value present is "" and not formatted.
    func values(blanking blanked: [Bool]? = nil) -> [String?] {
        let blank = blanked ?? []
        func formatted<T>(_ i: Int, _ value: T?, _ format: (T) -> String) -> String? {
            guard let value else { return nil }
            return i < blank.count && blank[i] ? "" : format(value)
        }
        var values: [String?] = [
            id, channel, result.rawValue, kb, package, title, client,
            formatted(7, hresult) { $0.hex }, stage,
            formatted(9, started) { $0.text }, formatted(10, ended) { $0.text },
            formatted(11, rebootPending) { $0 ? "true" : "false" }, isApp ? "app" : nil
        ]
        for i in blank.indices where blank[i] && values[i] != nil { values[i] = "" }
        return values
    }

    func fact(file: String, log: LogKind) -> Fact {
        var pairs = [(String, String)]()
        pairs.reserveCapacity(12)
        pairs.append(("log", log.rawValue))
        for (name, value) in zip(Self.attributeNames, values()) { if let value { pairs.append((name, value)) } }
        let a = FactAttributes(pairs: pairs)
        return Fact(
            kind: FactKind.installAttempt, attributes: a,
            provenance: Provenance(
                file: file, line: line, endLine: endLine.flatMap { $0 > line ? $0 : nil },
                time: time, timestamp: started?.text, text: citation))
    }
}

extension ExtractionContext {
    /// Most install attempts an extractor that correlates them at the end of the file holds: as many as could
    /// be kept as facts of one kind (``lineFactCap`` plus ``maxDistinctPastCap``).
    var maxHeldAttempts: Int { lineFactCap + Self.maxDistinctPastCap }

    /// Whether an extractor holding `held` attempts may follow one more; past ``maxHeldAttempts`` the attempt
    /// is counted in a note instead (its codes are kept, without an attempt).
    mutating func admitsAttempt(holding held: Int) -> Bool {
        guard held >= maxHeldAttempts else { return true }
        noteDropped("install attempts not followed past \(maxHeldAttempts) held (their codes kept without an attempt)")
        return false
    }

    /// Adds the attempts' facts, and fills `kb`/`package` of error codes correlated to an attempt that
    /// learnt them later than the code was seen.
    mutating func finishAttempts(_ attempts: [Attempt]) {
        guard !attempts.isEmpty else { return }
        var byID = [String: Int](minimumCapacity: attempts.count)
        for i in attempts.indices { byID[attempts[i].id] = i }
        let file = file
        let kind = kind
        updateAttemptCodes(byID) { fact, index in
            if fact.attributes["kb"] == nil, let kb = attempts[index].kb { fact.attributes["kb"] = kb }
            if fact.attributes["package"] == nil, let p = attempts[index].package { fact.attributes["package"] = p }
            // The outcome of the attempt the code occurred in: a code inside an install that then succeeded
            // is noise the install recovered from, not the install's failure.
            fact.attributes["attempt-result"] = attempts[index].result.rawValue
            // A code inside an app's install is the app's failure, not an update's: its context is `app`.
            if attempts[index].isApp {
                fact.attributes["context"] = "app"
                fact.attributes["target"] = "app"
            }
        }
        // Through the cap: past it, attempts equal but for their ids and times are counted on one.
        for i in attempts.indices { emit(attempts[i], file: file, log: kind) }  // read in place, not copied
    }

    /// Emits an attempt's fact; past the cap, an attempt of a shape seen past it before is counted where
    /// that one went without its fact being built (what its ``Attempt/values(blanking:)`` are, instance
    /// attributes blank, decides: equal shapes are equal facts to the fold). Once no slot can be made, an
    /// attempt of a shape not seen is dropped without being built, when every slot of the kind was made here.
    private mutating func emit(_ attempt: Attempt, file: String, log: LogKind) {
        let kind = FactKind.installAttempt
        guard pastCap(kind) else {
            emit(attempt.fact(file: file, log: log))
            return
        }
        if attemptInstanceMask == nil {
            let instance = instanceAttributes[kind] ?? []
            attemptInstanceMask = Attempt.attributeNames.map { instance.contains($0) }
        }
        let shape = ValuesKey(attempt.values(blanking: attemptInstanceMask))
        if let slot = attemptSlots[shape] {
            repeatPastCap(kind, .slot(slot), line: attempt.line)
        } else if !canKeepAnother(kind) && attemptSlotsMade == slotsMade(kind) {
            repeatPastCap(kind, .dropped, line: attempt.line)
        } else {
            let made = foldSlotCount
            if case .slot(let slot) = emit(attempt.fact(file: file, log: log), key: nil) {
                attemptSlots[shape] = slot
                if slot >= made { attemptSlotsMade += 1 }
            }
        }
    }
}
