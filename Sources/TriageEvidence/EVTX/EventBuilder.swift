import TriageCore

/// Evaluates a record's Binary XML (template instances with their substitution values, nested Binary XML)
/// into an ``EVTXEvent``, keeping only the `System` fields and event values triage uses.
///
/// Bounded: nesting of templates and Binary XML values (``maxDepth``), open elements (``maxElements``),
/// ops run per record (``maxSteps``) and text kept per record (``maxText``).
struct EventBuilder {
    static let maxDepth = 8
    static let maxElements = 64
    static let maxSteps = 1 << 17
    static let maxText = 1 << 20
    /// Values kept per event.
    static let maxValues = 4096
    /// Templates compiled per chunk (a chunk holds far fewer honestly).
    static let maxTemplates = 1 << 12

    var compiler: BinXMLCompiler
    /// Compiled templates by definition offset, and inline streams by (start, end).
    private var templates: [Int: [BinXMLOp]] = [:]
    /// The template used last (records in a row often share one).
    private var lastDefinition = -1
    private var lastOps: [BinXMLOp] = []

    init(chunk: ByteWindow) { compiler = BinXMLCompiler(chunk: chunk) }
    var chunk: ByteWindow { compiler.chunk }

    /// Where an element sits, as far as the event's fields go.
    private enum Role: UInt8 {
        case other, event, system, provider, eventID, level, timeCreated, channel, computer
        case eventData, data, binary, userData, userDataWrapper, userDataField
    }

    /// An open element. Plain values only (pushing and popping costs no reference counting); its text, data
    /// name and array items live in ``texts``, ``dataNames`` and ``itemLists`` at its depth.
    private struct Open {
        var role: Role
        var name: Int32
        var hasChild = false
        /// Its content is an optional substitution whose value is null: the element is left out.
        var omitted = false
        var hasDataName = false
        var hasItems = false
    }

    private var texts: [String] = []
    private var dataNames: [String] = []
    /// An array value as the element's content: the element stands for one value per item.
    private var itemLists: [[String]] = []

    private enum Target { case none, content, providerName, sourceName, systemTime, dataName }

    private struct Value {
        var type: UInt8
        var start: Int
        var size: Int
    }

    // Per-record state.
    private var event = EVTXEvent(ordinal: 0, recordID: 0, written: 0)
    private var stack: [Open] = []
    /// The role of each open element (beside ``stack``: reading a role must not copy an ``Open``).
    private var roles: [Role] = []
    private var target = Target.none
    private var attribute = ""
    private var steps = 0
    private var textBytes = 0
    /// Substitution values per nesting depth (reused from record to record).
    private var levels: [[Value]] = []
    /// Strings rendered from short UTF-16 values, by a hash of their bytes (computer, channel, provider and
    /// many values repeat from record to record): a hit is checked byte for byte and costs no allocation.
    private var recent = [(start: Int, size: Int, text: String)](repeating: (0, 0, ""), count: 256)

    /// The event of the record whose Binary XML is `[start, end)` (chunk offsets).
    mutating func event(
        _ start: Int, _ end: Int, ordinal: Int, recordID: UInt64,
        written: UInt64
    ) throws(EVTXDamage) -> EVTXEvent {
        event = EVTXEvent(ordinal: ordinal, recordID: recordID, written: written)
        stack.removeAll(keepingCapacity: true)
        roles.removeAll(keepingCapacity: true)
        event.data.reserveCapacity(16)
        target = .none
        steps = 0
        textBytes = 0
        // The usual record: fragment header, template instance, end of file.
        if start + 14 <= end, chunk.byte(start) == 0x0F, chunk.byte(start + 4) == 0x0C {
            let definition = try compiler.u32(start + 10)
            var q = start + 14
            if definition == q {
                q += 24 + (try compiler.u32(q + 20))
                guard q <= end else { throw EVTXDamage("template definition past the record") }
            }
            if definition < chunk.count {
                try instance(definition: definition, values: q, end: end, depth: 0)
                return event
            }
        }
        try stream(start, end, depth: 0, nested: false)
        return event
    }

    /// An inline token stream (a record without the usual shape, or a Binary XML value).
    private mutating func stream(_ start: Int, _ end: Int, depth: Int, nested: Bool) throws(EVTXDamage) {
        guard depth < Self.maxDepth else { throw EVTXDamage("Binary XML nested deeper than \(Self.maxDepth)") }
        let key = (1 << 40) + start << 17 + end
        let ops: [BinXMLOp]
        if let cached = templates[key] {
            ops = cached
        } else {
            ops = try compiler.compile(start, end, nested: nested).ops
            if templates.count < Self.maxTemplates { templates[key] = ops }
        }
        try run(ops, end: end, depth: depth)
    }

    private mutating func instance(definition: Int, values start: Int, end: Int, depth: Int) throws(EVTXDamage) {
        guard depth + 1 < Self.maxDepth else { throw EVTXDamage("templates nested deeper than \(Self.maxDepth)") }
        let ops = try template(at: definition)
        _ = try BinXMLCompiler.valuesEnd(chunk, start, end)
        let count = try compiler.u32(start)
        while levels.count <= depth + 1 { levels.append([]) }
        levels[depth + 1].removeAll(keepingCapacity: true)
        var data = start + 4 + 4 * count
        for i in 0..<count {
            let size = try compiler.u16(start + 4 + 4 * i)
            levels[depth + 1].append(Value(type: try compiler.u8(start + 6 + 4 * i), start: data, size: size))
            data += size
        }
        try run(ops, end: end, depth: depth + 1)
    }

    private mutating func template(at definition: Int) throws(EVTXDamage) -> [BinXMLOp] {
        if definition == lastDefinition { return lastOps }
        if let ops = templates[definition] {
            (lastDefinition, lastOps) = (definition, ops)
            return ops
        }
        let size = try compiler.u32(definition + 20)
        let start = definition + 24
        guard definition >= 0, start + size <= chunk.count else {
            throw EVTXDamage("template definition past the chunk")
        }
        let ops = try compiler.compile(start, start + size, nested: false).ops
        if templates.count < Self.maxTemplates { templates[definition] = ops }
        (lastDefinition, lastOps) = (definition, ops)
        return ops
    }

    /// Runs ops; substitutions take the values of `depth` (none at depth 0).
    private mutating func run(_ ops: [BinXMLOp], end: Int, depth: Int) throws(EVTXDamage) {
        steps += ops.count
        guard steps <= Self.maxSteps else { throw EVTXDamage("record needs more than \(Self.maxSteps) steps") }
        for k in ops.indices {
            let op = ops[k]
            switch op.kind {
            case .open:
                try openElement(op)
            case .attribute:
                finishAttribute()
                guard let role = roles.last else {
                    target = .none
                    continue
                }
                switch (role, op.name) {
                case (.provider, .name): target = .providerName
                case (.provider, .eventSourceName): target = .sourceName
                case (.timeCreated, .systemTime): target = .systemTime
                case (.data, .name): target = .dataName
                default: target = .none
                }
            case .closeStart:
                finishAttribute()
                target = .content
            case .closeEmpty, .end:
                finishAttribute()
                closeElement()
                target = stack.isEmpty ? .none : .content
            case .text:
                if capturing { append(compiler.texts[Int(op.a)]) }
            case .substitution:
                try substitute(op, depth: depth)
            case .instance:
                try instance(definition: Int(op.a), values: Int(op.b), end: end, depth: depth)
            }
        }
    }

    /// An element opens: its role (from its name and its parent's), a fresh text slot at its depth.
    private mutating func openElement(_ op: BinXMLOp) throws(EVTXDamage) {
        finishAttribute()
        guard stack.count < Self.maxElements else {
            throw EVTXDamage("elements nested deeper than \(Self.maxElements)")
        }
        let parent = roles.last
        if !stack.isEmpty { stack[stack.count - 1].hasChild = true }
        let role = Self.role(of: op.name, under: parent)
        let depth = stack.count
        stack.append(Open(role: role, name: op.a))
        roles.append(role)
        if depth == texts.count {
            texts.append("")
            dataNames.append("")
            itemLists.append([])
        } else if !texts[depth].isEmpty {
            texts[depth] = ""
        }
        target = .none
    }

    /// A substitution: the value of `depth` it names becomes the event's time, id or level, nested Binary
    /// XML, a data item list, or text of the current target.
    private mutating func substitute(_ op: BinXMLOp, depth: Int) throws(EVTXDamage) {
        guard depth > 0, depth < levels.count, Int(op.a) < levels[depth].count else { return }
        let value = levels[depth][Int(op.a)]
        if value.type == EVTXValues.null || value.size == 0 {
            if op.optional, value.type == EVTXValues.null, target == .content, !stack.isEmpty {
                stack[stack.count - 1].omitted = true
            }
            return
        }
        if value.type == EVTXValues.binXML {
            try stream(value.start, value.start + value.size, depth: depth + 1, nested: true)
            return
        }
        if target == .systemTime, value.type == EVTXValues.fileTime, value.size == 8 {
            event.created = chunk.u64(value.start) ?? 0
            return
        }
        guard capturing else { return }
        if target == .content, let role = roles.last, role == .eventID || role == .level,
            value.type == 0x04 || value.type == 0x06, texts[stack.count - 1].isEmpty
        {
            let number =
                value.size == 1
                ? Int(chunk.byte(value.start))
                : Int(chunk.u16(value.start) ?? 0)
            if role == .eventID { event.eventID = number } else { event.level = number }
            return
        }
        if value.type == EVTXValues.string, value.size <= 128 {
            append(cachedString(value.start, value.size))
            return
        }
        if value.type & EVTXValues.array != 0, target == .content, let role = roles.last,
            role == .data || role == .userDataField, texts[stack.count - 1].isEmpty,
            !stack[stack.count - 1].hasItems
        {
            let items = EVTXValues.items(chunk, value.start, value.size, type: value.type)
            textBytes += items.reduce(0) { $0 + $1.utf8.count }
            stack[stack.count - 1].hasItems = true
            itemLists[stack.count - 1] = items
            return
        }
        append(EVTXValues.render(chunk, value.start, value.size, type: value.type))
    }

    /// The string value `[start, start+size)`, from the cache when the same bytes were rendered before.
    private mutating func cachedString(_ start: Int, _ size: Int) -> String {
        // The slot from the size and the first and last 8 bytes (a hit is compared in full anyway).
        var h = UInt64(size) &* 0x9E37_79B9_7F4A_7C15
        if size >= 8 {
            h ^= chunk.u64(start) ?? 0
            h = (h ^ (chunk.u64(start + size - 8) ?? 0) &* 0xFF51_AFD7_ED55_8CCD)
        } else {
            for i in start..<(start + size) { h = (h ^ UInt64(chunk.byte(i))) &* 0x100_0000_01B3 }
        }
        let slot = Int(truncatingIfNeeded: (h &* 0xC4CE_B9FE_1A85_EC53) >> 56)
        let entry = recent[slot]
        if entry.size == size, entry.size > 0, chunk.bytesEqual(at: entry.start, start, count: size) {
            return entry.text
        }
        let text = EVTXValues.utf16(chunk, start, size)
        recent[slot] = (start, size, text)
        return text
    }

    /// Whether text arriving now is kept (an attribute or element triage reads).
    private var capturing: Bool {
        switch target {
        case .none: false
        case .providerName, .sourceName, .systemTime, .dataName: true
        case .content:
            switch roles.last ?? .other {
            case .provider, .eventID, .level, .channel, .computer, .data, .binary, .userDataField: true
            default: false
            }
        }
    }

    private mutating func append(_ text: String) {
        guard capturing, !text.isEmpty, textBytes < Self.maxText else { return }
        textBytes += text.utf8.count
        switch target {
        case .content: texts[stack.count - 1] += text
        case .none: break
        default: attribute += text
        }
    }

    private mutating func finishAttribute() {
        defer {
            attribute = ""
            if target != .content { target = .none }
        }
        guard !stack.isEmpty else { return }
        switch target {
        case .providerName: event.provider = attribute
        case .sourceName: event.source = attribute
        case .systemTime:
            // A SystemTime given as text (rare): `YYYY-MM-DDTHH:MM:SS…`.
            if event.created == nil, let ft = Self.fileTime(attribute) { event.created = ft }
        case .dataName:
            stack[stack.count - 1].hasDataName = true
            dataNames[stack.count - 1] = attribute
        default: break
        }
    }

    private mutating func closeElement() {
        _ = roles.popLast()
        guard let top = stack.popLast(), !top.omitted else { return }
        let depth = stack.count
        switch top.role {
        case .eventID where !texts[depth].isEmpty: event.eventID = Int(texts[depth].trimmingSpaces) ?? 0
        case .level where !texts[depth].isEmpty: event.level = Int(texts[depth].trimmingSpaces) ?? 0
        case .channel: event.channel = texts[depth]
        case .computer: event.computer = texts[depth]
        case .data, .userDataField:
            if top.role == .userDataField, top.hasChild { break }
            let name = top.role == .data ? (top.hasDataName ? dataNames[depth] : "") : compiler.texts[Int(top.name)]
            if top.hasItems {
                for item in itemLists[depth] where event.data.count < Self.maxValues {
                    event.data.append(EVTXField(name: name, value: item))
                }
            } else if event.data.count < Self.maxValues {
                event.data.append(EVTXField(name: name, value: texts[depth]))
            }
        case .binary where event.data.count < Self.maxValues:
            event.data.append(EVTXField(name: "Binary", value: texts[depth]))
        default: break
        }
    }

    private static func role(of id: BinXMLName, under parent: Role?) -> Role {
        guard let parent else { return id == .event ? .event : .other }
        switch parent {
        case .event:
            switch id {
            case .system: return .system
            case .eventData: return .eventData
            case .userData: return .userData
            default: return .other
            }
        case .system:
            switch id {
            case .provider: return .provider
            case .eventID: return .eventID
            case .level: return .level
            case .timeCreated: return .timeCreated
            case .channel: return .channel
            case .computer: return .computer
            default: return .other
            }
        case .eventData: return id == .data ? .data : id == .binary ? .binary : .other
        case .userData: return .userDataWrapper
        case .userDataWrapper, .userDataField: return .userDataField
        default: return .other
        }
    }

    /// FILETIME of a `YYYY-MM-DDTHH:MM:SS[.fffffff]Z` text.
    static func fileTime(_ text: String) -> UInt64? {
        let b = Array(text.utf8)
        guard b.count >= 19 else { return nil }
        func n(_ i: Int, _ w: Int) -> Int? {
            var v = 0
            for k in i..<(i + w) {
                guard b[k] >= 0x30, b[k] <= 0x39 else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            return v
        }
        guard let y = n(0, 4), let mo = n(5, 2), let d = n(8, 2), let h = n(11, 2), let mi = n(14, 2), let s = n(17, 2),
            (1601...9999).contains(y), (1...12).contains(mo), (1...31).contains(d)
        else { return nil }
        let days = CivilCalendar.days(year: y, month: mo, day: d) - CivilCalendar.days(year: 1601, month: 1, day: 1)
        return UInt64(days * 86400 + h * 3600 + mi * 60 + s) * 10_000_000
    }
}

extension String {
    var trimmingSpaces: Substring {
        var s = self[...]
        while let f = s.first, f == " " || f == "\n" || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\t" || l == "\r" { s = s.dropLast() }
        return s
    }
}
