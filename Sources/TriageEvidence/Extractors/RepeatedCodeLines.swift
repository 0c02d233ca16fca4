/// Past the fact cap, where the error codes of a line went (their fold slots, or dropped), by the line's
/// bytes after its timestamp and the state its codes were read in (their context and install attempt). A
/// later line equal to it in both gives the same facts, so they are counted where those went without being
/// built: a long or dense CBS log repeats a few hundred failure lines thousands of times, with other lines
/// (session and package records) between the repeats.
///
/// Sound because past the cap nothing moves: a fold slot keeps its key to the end of the file, and a fact
/// once dropped would be dropped again (the distinct facts kept and their bytes only grow). Bounded: the
/// table starts over when full; and where lines seldom repeat (a log of distinct records, each with its own
/// sequence number), remembering costs more than it saves: a table that filled with fewer repeats found
/// than lines remembered is given up for the rest of the file.
struct RepeatedCodeLines {
    /// A line's key: the hash of its bytes from `start` and of its state, and the state itself.
    struct Key {
        let hash: UInt64
        let start: Int
        let context: String
        let attempt: String?

        /// `start`: where the line's level starts after its timestamp, or 0 for a line without one (the seed
        /// tells the two apart: such a line reads its level and text differently from the same bytes).
        init(_ bytes: LineBytes, from start: Int, context: String, attempt: String?) {
            var hash = StringHash.hash(context, seed: start == 0 ? 1 : 2)
            if let attempt { hash = StringHash.hash(attempt, seed: hash) }
            self.hash = bytes.hash(from: start, seed: hash)
            self.start = start
            self.context = context
            self.attempt = attempt
        }
    }

    private struct Entry {
        let body: [UInt8]
        let context: String
        let attempt: String?
        let outcomes: [ExtractionContext.PastCap]
    }

    /// Lines remembered at most, before the table starts over.
    static let capacity = 4096
    /// Bytes after the timestamp of the longest line remembered: a failure line is a few hundred; a longer one
    /// is read as usual, so the table holds 4 MiB at most whatever the line limit.
    static let longestBody = 1024
    private var entryOfHash: [UInt64: Int] = [:]
    private var entries: [Entry] = []
    /// Lines found remembered since the table last started over.
    private var repeats = 0
    /// Whether lines are still looked up and remembered (``RepeatedCodeLines``: given up where few repeat).
    private(set) var isUsed = true

    /// Where the codes of a line equal to `bytes` under `key` went, if one was remembered.
    mutating func outcomes(_ key: Key, _ bytes: LineBytes) -> [ExtractionContext.PastCap]? {
        guard let i = entryOfHash[key.hash] else { return nil }
        let entry = entries[i]
        guard entry.context == key.context, entry.attempt == key.attempt,
            bytes.ends(equalTo: entry.body, from: key.start)
        else { return nil }
        repeats += 1
        return entry.outcomes
    }

    /// Remembers where the codes of `bytes` under `key` went (in the order they were emitted).
    mutating func remember(_ key: Key, _ bytes: LineBytes, outcomes: [ExtractionContext.PastCap]) {
        guard bytes.count - key.start <= Self.longestBody else { return }
        if entries.count >= Self.capacity {
            isUsed = repeats >= entries.count
            repeats = 0
            entries.removeAll(keepingCapacity: !isUsed)
            entryOfHash.removeAll(keepingCapacity: !isUsed)
            guard isUsed else { return }
        }
        var body: [UInt8] = []
        bytes.append(from: key.start, to: &body)
        entryOfHash[key.hash] = entries.count
        entries.append(Entry(body: body, context: key.context, attempt: key.attempt, outcomes: outcomes))
    }
}
