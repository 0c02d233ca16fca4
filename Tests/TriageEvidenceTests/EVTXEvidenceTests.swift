import Foundation
import Testing
import TriageCore
import TriageKnowledge

@testable import TriageEvidence

/// `.evtx` files give the facts a text export of the same events gives: install attempts, error codes,
/// machine, signatures, cited by the record's ordinal, with UTC times.
@Suite struct EVTXEvidenceTests {
    static func summary(_ f: Fact) -> String {
        let attributes = f.attributes.filter { $0.key != "text" }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(f.provenance.file):\(f.provenance.line) \(f.provenance.timestamp ?? "-") \(f.kind) \(attributes)"
    }

    @Test func fixturesGiveTheExportFacts() throws {
        let root = ReaderFixtures.repoRoot.path
        let knowledge = KnowledgeLoader.load(
            rulesDirectory: root + "/Rules", knowledgeDirectory: root + "/KnowledgeBase")
        let set = try EvidenceReader(signatures: knowledge.knowledgeBase.signatures).read(paths: [EVTXFixtures.folder])
        #expect(
            set.sources.map {
                "\($0.path) \($0.kind.rawValue) \($0.status.rawValue) \($0.encoding) \($0.lines) \($0.first ?? "-") \($0.last ?? "-") \($0.notes)"
            } == [
                "Setup.evtx evtx parsed binary 4 2022-11-14T16:17:33 2022-11-15T14:28:43 []",
                "System.evtx evtx parsed binary 6 2022-11-01T01:09:47 2022-11-02T03:04:05 []"
            ])
        #expect(
            set.facts.filter { $0.kind != FactKind.sourceCollected }.map(Self.summary) == [
                "Setup.evtx:1 2022-11-14T16:17:33 machine log=evtx name=BRANCH-PC-017",
                "Setup.evtx:1 2022-11-14T16:17:33 signature client=WindowsUpdateAgent id=ev.servicing-initiating kb=KB5020683 log=evtx target=Installed",
                "Setup.evtx:2 2022-11-14T16:17:52 error-code attempt=evtx:2 attempt-result=failed code=0x800f0984 component=Microsoft-Windows-Servicing context=install kb=KB5020683 level=Info log=evtx",
                "Setup.evtx:2 2022-11-14T16:17:52 install-attempt channel=windows-update client=WindowsUpdateAgent ended=2022-11-14T16:17:52 hresult=0x800f0984 id=evtx:2 kb=KB5020683 log=evtx result=failed stage=install started=2022-11-14T16:17:52",
                "Setup.evtx:2 2022-11-14T16:17:52 signature hresult=0x800f0984 id=ev.servicing-failed kb=KB5020683 log=evtx state=Installed",
                "Setup.evtx:3 2022-11-15T09:00:19 signature client=UpdateAgentLCU id=ev.servicing-initiating kb=KB5046613 log=evtx target=Installed",
                "Setup.evtx:4 2022-11-15T14:28:43 install-attempt channel=unknown client=UpdateAgentLCU ended=2022-11-15T14:28:43 id=evtx:4 kb=KB5046613 log=evtx result=succeeded stage=install started=2022-11-15T14:28:43",
                "Setup.evtx:4 2022-11-15T14:28:43 signature id=ev.servicing-succeeded kb=KB5046613 log=evtx state=Installed",
                "System.evtx:1 2022-11-01T01:09:47 error-code attempt=evtx:1 attempt-result=failed code=0x80070570 component=Microsoft-Windows-WindowsUpdateClient context=install kb=KB5016623 level=Error log=evtx",
                "System.evtx:1 2022-11-01T01:09:47 install-attempt channel=windows-update client=WindowsUpdateClient ended=2022-11-01T01:09:47 hresult=0x80070570 id=evtx:1 kb=KB5016623 log=evtx result=failed stage=install started=2022-11-01T01:09:47 title=2022-10 Cumulative Update for Windows 10 Version 21H2 for x64-based Systems (KB5016623)",
                "System.evtx:1 2022-11-01T01:09:47 machine log=evtx name=BRANCH-PC-017",
                "System.evtx:1 2022-11-01T01:09:47 signature hresult=0x80070570 id=ev.wu-install-failure log=evtx title=0x80070570: 2022-10 Cumulative Update for Windows 10 Version 21H2 for x64-based Systems (KB5016623).",
                "System.evtx:2 2022-11-01T01:09:48 signature id=ev.wu-service-stopped log=evtx",
                "System.evtx:3 2022-11-01T01:20:05 signature id=ev.whea-fatal log=evtx",
                "System.evtx:4 2022-11-01T01:21:00 signature device=\\Device\\Harddisk0\\DR0 id=ev.disk-bad-block log=evtx",
                "System.evtx:5 2022-11-01T01:30:02 signature id=ev.unexpected-shutdown log=evtx",
                "System.evtx:6 2022-11-02T03:04:05 error-code code=0x800f0984 component=Triage-Test-Types context=unknown level=Warning log=evtx"
            ])
        let failure = set.facts.first { $0.kind == FactKind.installAttempt && $0["result"] == "failed" }!
        #expect(failure.provenance.time == "2022-11-14T16:17:52.140454700Z")
        #expect(
            failure.provenance.text
                == "Microsoft-Windows-Servicing 3: Package KB5020683 failed to be changed to the Installed state. Status: 0x800f0984."
        )
    }

    @Test func damagedFileIsNamedOrSkipped() throws {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        var bytes = EVTXFixtures.system.bytes()
        bytes[4096 + 65536 + 60] ^= 0xFF
        try ReaderFixtures.write(bytes, to: folder + "/System.evtx")
        try ReaderFixtures.write(Array("ElfFile\0".utf8) + [1, 2, 3], to: folder + "/Short.evtx")
        try ReaderFixtures.write([UInt8](repeating: 7, count: 300), to: folder + "/Garbage.evtx")
        let set = try EvidenceReader().read(paths: [folder])
        #expect(
            set.sources.map {
                "\($0.path) \($0.kind.rawValue) \($0.status.rawValue) \($0.lines) \($0.reason ?? "-") \($0.notes)"
            } == [
                "Garbage.evtx evtx skipped 0 not an EVTX file: no ElfFile header []",
                "Short.evtx evtx skipped 0 not an EVTX file: no ElfFile header []",
                "System.evtx evtx parsed 4 - [\"chunk 1 (offset 0x11000): header checksum mismatch; skipped\"]"
            ])
    }

    /// In a zip, an event log is read whole from the member (and recognised by its header, whatever its name).
    @Test func zipMembersAreRead() throws {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        let zip = ZipReaderTests.StoredZip(members: [
            .init(name: "EventLogs/Setup.evtx", data: EVTXFixtures.setup.bytes()),
            .init(name: "x/renamed.bin", data: EVTXFixtures.system.bytes())
        ])
        try ReaderFixtures.write(zip.bytes, to: folder + "/bundle.zip")
        let set = try EvidenceReader().read(paths: [folder + "/bundle.zip"])
        #expect(
            set.sources.map { "\($0.path) \($0.kind.rawValue) \($0.status.rawValue) \($0.lines)" } == [
                "bundle.zip/EventLogs/Setup.evtx evtx parsed 4",
                "bundle.zip/x/renamed.bin evtx parsed 6"
            ])
        let failed = set.facts.filter { $0.kind == FactKind.installAttempt && $0["result"] == "failed" }
            .map { "\($0.provenance.file):\($0.provenance.line) \($0["hresult"] ?? "-")" }
        #expect(failed == ["bundle.zip/EventLogs/Setup.evtx:2 0x800f0984", "bundle.zip/x/renamed.bin:1 0x80070570"])
    }
}
