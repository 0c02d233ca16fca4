import Foundation
import TriageCore

/// A cabinet's bytes, shared read-only by the workers that read its members.
final class CabSource: Sendable {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// Cabinets (`CbsPersist_*.cab`, any `.cab` in a bundle or in a zip): listed when planned, under the same
/// limits as zips (member count, expansion ratio, total bytes); each member is then read in a worker like a
/// zip member, as the log kind its name and content give.
extension InputPlanner {
    static func hasCabMagic(_ file: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: file) else { return false }
        defer { try? handle.close() }
        return isCab(Array((try? handle.read(upToCount: 8)) ?? Data()))
    }

    /// `MSCF` then four reserved zero bytes.
    static func isCab(_ head: [UInt8]) -> Bool {
        head.count >= 8 && head[0] == 0x4D && head[1] == 0x53 && head[2] == 0x43 && head[3] == 0x46
            && head[4] == 0 && head[5] == 0 && head[6] == 0 && head[7] == 0
    }

    mutating func planCabFile(_ file: String, path: String) {
        let size = Self.fileSize(file)
        guard size <= UInt64(limits.maxMemberBytes) else {
            items.append(.done(Self.skipped(path, reason: "too large: \(size) bytes (limit \(limits.maxMemberBytes))")))
            return
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            items.append(.done(FileScanner.unreadable(path, errno)))
            return
        }
        planCab([UInt8](data), path: path)
    }

    mutating func planCab(_ bytes: [UInt8], path: String) {
        let cab: CabArchive
        do {
            cab = try CabArchive(bytes, maxMembers: limits.maxZipEntries)
        } catch {
            items.append(.done(Self.skipped(path, reason: error.reason)))
            return
        }
        let total = cab.members.reduce(UInt64(0)) { $0 + $1.size }
        let ratio = total / UInt64(max(bytes.count, 1))
        if total > UInt64(limits.ratioCheckAfterBytes), ratio > UInt64(limits.maxCompressionRatio) {
            items.append(
                .done(
                    Self.skipped(
                        path, reason: "cab bomb: compression ratio \(ratio):1 (limit \(limits.maxCompressionRatio):1)"))
            )
            return
        }
        let source = CabSource(bytes)
        for (index, member) in cab.members.enumerated() {
            let name = Self.memberName(member.name)
            let memberPath = path + "/" + name
            let fileName = name.split(separator: "/").last.map(String.init) ?? name
            if let reason = Self.nameRefusal(member.name) {
                items.append(.done(Self.skipped(memberPath, reason: reason)))
                continue
            }
            if member.size > UInt64(limits.maxMemberBytes) {
                items.append(
                    .done(
                        Self.skipped(
                            memberPath,
                            reason: "too large: declares \(member.size) bytes (limit \(limits.maxMemberBytes))")))
                continue
            }
            guard member.size <= budget else {
                items.append(
                    .done(
                        Self.skipped(
                            memberPath,
                            reason: "cab bomb: total uncompressed size over \(limits.maxTotalUncompressedBytes) bytes"))
                )
                continue
            }
            budget -= member.size
            let lower = fileName.lowercased()
            if lower.hasSuffix(".cab") || lower.hasSuffix(".zip") {
                items.append(.done(Self.skipped(memberPath, reason: "archive inside a cab: not opened")))
                continue
            }
            items.append(.cabMember(cab: source, index: index, path: memberPath, name: fileName, declared: member.size))
        }
    }
}

extension EvidenceReader {
    /// Streams one cab member through the same scanner as a zip member; the bytes produced are checked
    /// against the declared size and the member limit as they come.
    static func readCabMember(
        _ source: CabSource, _ index: Int, path: String, name: String, declared: UInt64,
        limits: InputLimits, signatures: [LineSignature],
        cabs: inout [ObjectIdentifier: CabArchive]
    ) -> SourceOutcome {
        let cab: CabArchive
        if let open = cabs[ObjectIdentifier(source)] {
            cab = open
        } else {
            do {
                cab = try CabArchive(source.bytes, maxMembers: limits.maxZipEntries)
            } catch {
                return InputPlanner.skipped(path, reason: error.reason)
            }
            cabs[ObjectIdentifier(source)] = cab
        }
        var scanner = StreamScanner(
            path: path, name: name, limits: limits, signatures: signatures, expectedBytes: Int(clamping: declared))
        var produced: UInt64 = 0
        do {
            try cab.extract(index) { chunk in
                produced += UInt64(chunk.count)
                if produced > declared { return "cab bomb: member decompresses past its declared \(declared) bytes" }
                if produced > UInt64(limits.maxMemberBytes) { return "too large: over \(limits.maxMemberBytes) bytes" }
                scanner.feed(chunk)
                return nil
            }
        } catch {
            var outcome = InputPlanner.skipped(path, reason: error.reason)
            outcome.record.bytes = Int(declared)
            return outcome
        }
        guard produced == declared else {
            return InputPlanner.skipped(
                path, reason: "corrupt member: \(produced) bytes decompressed, \(declared) declared")
        }
        return scanner.finish()
    }
}

/// Reading a cabinet given as bytes (the fuzzing entry): every member read, as a bundle holding only this
/// cab would give (sources sorted by path, facts in `Fact.stableOrder`).
public enum CabReader {
    public static func read(
        _ bytes: [UInt8], name: String = "input.cab", limits: InputLimits = .init(),
        signatures: [LineSignature] = []
    ) -> EvidenceSet {
        EvidenceReader(limits: limits, signatures: signatures).read(bytes: bytes, name: name)
    }
}
