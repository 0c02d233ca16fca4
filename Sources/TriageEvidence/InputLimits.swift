/// Limits that keep hostile or huge inputs from exhausting memory or time. Every limit that trips turns the
/// file (or zip member) into a skipped source with a reason; nothing is ever thrown for it.
public struct InputLimits: Sendable, Hashable {
    /// Largest plain file read (bytes). Larger files are skipped as "too large".
    public var maxFileBytes: Int
    /// Largest uncompressed zip member (bytes), checked against the declared size and while inflating.
    public var maxMemberBytes: Int
    /// Largest total of uncompressed bytes taken from all zips of one read (declared sizes, checked as planned).
    public var maxTotalUncompressedBytes: Int
    /// Largest uncompressed/compressed ratio of a member once it is past ``ratioCheckAfterBytes``.
    public var maxCompressionRatio: Int
    /// Members smaller than this are never refused for their ratio (tiny files compress absurdly well).
    public var ratioCheckAfterBytes: Int
    /// Most members taken from one archive (nested ones included).
    public var maxZipEntries: Int
    /// How deep zips inside zips are opened (1 = a zip's own members only, no zip inside it).
    public var maxZipDepth: Int
    /// Largest total of nested zips (zips inside zips) held in memory at once by one read: a nested zip is
    /// inflated whole to be opened, so this bounds what nesting can cost.
    public var maxNestedZipBytes: Int
    /// Facts of one kind kept per file (error-code and signature facts together) before identical ones are
    /// counted instead of stored (see ``ExtractionContext/lineFactCap``): what bounds memory on a dense log.
    public var maxLineFactsPerSource: Int
    /// Bytes of one line handed to extractors and signatures; the rest of a longer line is counted, not seen.
    public var maxLineBytes: Int
    /// Process Monitor results (NTSTATUS) a PML reader keeps as `procmon-failure` facts: the knowledge base's
    /// `procmon-results.xml` (``KnowledgeBase/procmonFailureCodes``). Empty: no failure facts, the rest as usual.
    /// Like ``maxLineFactsPerSource``, it decides what a capture of millions of events is reduced to.
    public var procmonFailureResults: Set<UInt32> = []
    /// Per fact kind, the attributes that name one occurrence (`instance="true"` in `fact-kinds.xml`:
    /// ``FactKindSpec/instanceAttributes``): past ``maxLineFactsPerSource`` facts of a kind, facts equal but for
    /// these are counted on one fact instead of stored. Empty: only fully identical facts are counted.
    public var instanceAttributes: [String: Set<String>] = [:]
    /// Estimated bytes of facts one file may keep (``ExtractionContext/factByteBudget``): past it, only facts
    /// counted on one already kept are taken, whatever the length of their values.
    public var maxFactBytesPerSource = 48 << 20

    public init(
        maxFileBytes: Int = 64 << 30, maxMemberBytes: Int = 2 << 30,
        maxTotalUncompressedBytes: Int = 8 << 30, maxCompressionRatio: Int = 200,
        ratioCheckAfterBytes: Int = 1 << 20, maxZipEntries: Int = 10_000, maxZipDepth: Int = 3,
        maxNestedZipBytes: Int = 512 << 20, maxLineFactsPerSource: Int = 20_000, maxLineBytes: Int = 64 << 10
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxMemberBytes = maxMemberBytes
        self.maxTotalUncompressedBytes = maxTotalUncompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioCheckAfterBytes = ratioCheckAfterBytes
        self.maxZipEntries = maxZipEntries
        self.maxZipDepth = maxZipDepth
        self.maxNestedZipBytes = maxNestedZipBytes
        self.maxLineFactsPerSource = max(1, maxLineFactsPerSource)
        self.maxLineBytes = max(256, maxLineBytes)
    }
}
