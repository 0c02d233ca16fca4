import Foundation

@testable import TriageEvidence

/// The EVTX fixtures of `Tests/Fixtures/evtx/`, as writer input. `EVTXReaderTests.fixturesAreCurrent`
/// checks the files equal what the writer makes of these (set `TRIAGE_WRITE_FIXTURES=1` to rewrite them).
enum EVTXFixtures {
    static let folder = ReaderFixtures.repoRoot.appendingPathComponent("Tests/Fixtures/evtx").path
    typealias E = EVTXWriter.Event

    static func t(_ d: Int, _ h: Int, _ m: Int, _ s: Int, ticks: UInt64 = 0) -> UInt64 {
        EVTXWriter.fileTime(2022, 11, d, h, m, s, ticks: ticks)
    }

    /// Setup.evtx: KB5020683 fails with Servicing event 3 (0x800F0984), then a repair changes it; a later
    /// cumulative update succeeds. UserData values, as Windows writes the Servicing events.
    static var setup: EVTXWriter {
        var w = EVTXWriter()
        let servicing = "Microsoft-Windows-Servicing"
        w.events = [
            E(
                provider: servicing, id: 1, level: 0, time: t(14, 16, 17, 33, ticks: 8_474_951),
                data: [
                    ("PackageIdentifier", .string("KB5020683")), ("InitialPackageState", .string("5000")),
                    ("InitialPackageStateTextized", .string("Absent")), ("IntendedPackageState", .string("5112")),
                    ("IntendedPackageStateTextized", .string("Installed")), ("Client", .string("WindowsUpdateAgent"))
                ],
                userData: "CbsPackageInitiateChanges"),
            E(
                provider: servicing, id: 3, level: 0, time: t(14, 16, 17, 52, ticks: 1_404_547),
                data: [
                    ("PackageIdentifier", .string("KB5020683")), ("IntendedPackageState", .string("5112")),
                    ("IntendedPackageStateTextized", .string("Installed")), ("ErrorCode", .string("0x800f0984")),
                    ("Client", .string("WindowsUpdateAgent"))
                ],
                userData: "CbsPackageChangeState"),
            E(
                provider: servicing, id: 1, level: 0, time: t(15, 9, 0, 19),
                data: [
                    ("PackageIdentifier", .string("KB5046613")), ("InitialPackageState", .string("5000")),
                    ("InitialPackageStateTextized", .string("Absent")), ("IntendedPackageState", .string("5112")),
                    ("IntendedPackageStateTextized", .string("Installed")), ("Client", .string("UpdateAgentLCU"))
                ],
                userData: "CbsPackageInitiateChanges"),
            E(
                provider: servicing, id: 2, level: 0, time: t(15, 14, 28, 43),
                data: [
                    ("PackageIdentifier", .string("KB5046613")), ("IntendedPackageState", .string("5112")),
                    ("IntendedPackageStateTextized", .string("Installed")), ("ErrorCode", .string("0x0")),
                    ("Client", .string("UpdateAgentLCU"))
                ],
                userData: "CbsPackageChangeState")
        ]
        return w
    }

    /// System.evtx: Windows Update event 20 (0x80070570), the service stopping, a WHEA fatal error, a bad
    /// block, an unexpected shutdown, and one event holding every value type; two events per chunk.
    static var system: EVTXWriter {
        var w = EVTXWriter()
        w.eventsPerChunk = 2
        w.events = [
            E(
                provider: "Microsoft-Windows-WindowsUpdateClient", id: 20, level: 2, time: t(1, 1, 9, 47),
                channel: "System",
                data: [
                    ("errorCode", .hex32(0x8007_0570)),
                    (
                        "updateTitle",
                        .string(
                            "2022-10 Cumulative Update for Windows 10 Version 21H2 for x64-based Systems (KB5016623)")
                    ),
                    (
                        "updateGuid",
                        .guid(0x5A0C_1E27, 0x3B52, 0x4C59, [0x9F, 0x21, 0x0A, 0x7B, 0x2D, 0x44, 0x61, 0x90])
                    ),
                    ("updateRevisionNumber", .uint32(1)),
                    ("serviceGuid", .string("{3DA21691-E39D-4DA6-8A4B-B43877BCB1B7}"))
                ]),
            E(
                provider: "Service Control Manager", id: 7036, level: 4, time: t(1, 1, 9, 48), channel: "System",
                data: [
                    ("param1", .string("Windows Update")), ("param2", .string("stopped")),
                    ("Binary", .binary([0x77, 0x00, 0x75, 0x00]))
                ]),
            E(
                provider: "Microsoft-Windows-WHEA-Logger", id: 18, level: 1, time: t(1, 1, 20, 5), channel: "System",
                data: [("ErrorSource", .uint32(3)), ("ApicId", .uint32(0)), ("MCABank", .uint32(5))]),
            E(
                provider: "disk", id: 7, level: 2, time: t(1, 1, 21, 0), channel: "System",
                data: [("", .string("\\Device\\Harddisk0\\DR0"))]),
            E(
                provider: "EventLog", id: 6008, level: 2, time: t(1, 1, 30, 2), channel: "System",
                data: [("", .string("1:29:40 AM")), ("", .string("11/1/2022"))]),
            E(
                provider: "Triage-Test-Types", id: 4242, level: 3, time: t(2, 3, 4, 5, ticks: 1), channel: "System",
                data: [
                    ("string", .string("text ünïcödé")), ("ansi", .ansi("codepage")), ("uint8", .uint8(200)),
                    ("uint16", .uint16(65000)), ("int32", .int32(-540)),
                    ("uint64", .uint64(18_000_000_000_000_000_000)),
                    ("hex32", .hex32(0x800F_0984)), ("hex64", .hex64(0x8000_0000_0000_0000)), ("bool", .bool(true)),
                    ("binary", .binary([0xDE, 0xAD, 0xBE, 0xEF])),
                    ("guid", .guid(0xBD12_F3B8, 0xFC40, 0x4A61, [0xA3, 0x07, 0xB7, 0xA0, 0x13, 0xA0, 0x69, 0xC1])),
                    ("sid", .sid(1, 5, [21, 1_004_336_348, 1_177_238_915, 682_003_330, 512])),
                    ("filetime", .fileTime(t(2, 3, 4, 5, ticks: 1_234_567))),
                    ("systemtime", .systemTime(year: 2022, month: 11, day: 2, hour: 3, minute: 4, second: 5, ms: 60)),
                    ("strings", .stringArray(["first", "second"])), ("uint32s", .uint32Array([1, 2, 3])),
                    ("null", .null)
                ])
        ]
        return w
    }

    static var files: [(name: String, writer: () -> EVTXWriter)] {
        [("Setup.evtx", { setup }), ("System.evtx", { system })]
    }
}
