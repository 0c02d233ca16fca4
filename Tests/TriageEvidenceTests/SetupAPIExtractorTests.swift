import Testing
import TriageCore

@testable import TriageEvidence

/// Writes setupapi.dev.log sections in SetupAPI's documented text-log format (section header, body entries
/// with `!!!` for errors, section footer with the exit status), CRLF-terminated.
struct SetupAPILogWriter {
    var lines: [String] = [
        "[Device Install Log]", "     OS Version = 10.0.22621", "     Architecture = amd64", "",
        "[BeginLog]", "", "[Boot Session: 2023/05/23 00:40:12.500]", ""
    ]

    mutating func section(
        _ title: String, _ instance: String?, start: String, end: String, body: [String], status: String
    ) {
        lines.append(">>>  [" + title + (instance.map { " - " + $0 } ?? "") + "]")
        lines.append(">>>  Section start " + start)
        lines.append(contentsOf: body)
        lines.append("<<<  Section end " + end)
        lines.append("<<<  [Exit status: " + status + "]")
        lines.append("")
    }

    var bytes: [UInt8] { Array((lines.joined(separator: "\r\n") + "\r\n").utf8) }
}

@Suite struct SetupAPIExtractorTests {
    static func log() -> [UInt8] {
        var w = SetupAPILogWriter()
        w.section(
            "Device Install (Hardware initiated)", "PCI\\VEN_8086&DEV_15BE&SUBSYS_08B11028&REV_00\\3&11583659&0&FE",
            start: "2023/05/23 00:41:02.123", end: "2023/05/23 00:41:05.456",
            body: [
                "     ump: Creating Install Process: DrvInst.exe 00:41:02.125",
                "     dvi:      Selected Driver:",
                "     dvi:           Description - [Contoso Gigabit Network Connection]",
                "     dvi:           Driver Package - C:\\Windows\\System32\\DriverStore\\FileRepository\\oem12.inf_amd64_5c1d0d0a4f3b2e11\\oem12.inf",
                "!!!  dvi: Device not started: Device has problem: 0x0a (CM_PROB_FAILED_START), problem status: 0xc0000001.",
                "!!!  dvi: Failed to install device. Error = 0xe0000219"
            ], status: "FAILURE(0xe0000219)")
        w.section(
            "Device Install (Hardware initiated)", "USB\\VID_046D&PID_C52B\\5&2b4c0c0f&0&2",
            start: "2023/05/23 00:41:06.010", end: "2023/05/23 00:41:07.200",
            body: ["     dvi:           Driver Package - C:\\Windows\\INF\\input.inf"], status: "SUCCESS")
        w.section(
            "Setup Import Driver Package", "C:\\Windows\\Temp\\contoso\\cstraid.inf",
            start: "2023/05/23 00:41:08.000", end: "2023/05/23 00:41:08.900",
            body: ["!!!  sto: Failed to import driver package into Driver Store. Error = 0x800B0109"],
            status: "FAILURE(0x800b0109)")
        return w.bytes
    }

    @Test func failedSectionsBecomeFacts() {
        let ctx = Harness.run(.setupAPI, bytes: Self.log())
        #expect(
            ctx.facts.filter { $0.kind == FactKind.deviceInstallFailure }.map(\.summary) == [
                "18 device-install-failure code=0xe0000219 device=PCI\\VEN_8086&DEV_15BE&SUBSYS_08B11028&REV_00\\3&11583659&0&FE error=dvi: Device not started: Device has problem: 0x0a (CM_PROB_FAILED_START), problem status: 0xc0000001. inf=oem12.inf log=setupapi title=Device Install (Hardware initiated)",
                "30 device-install-failure code=0x800b0109 error=sto: Failed to import driver package into Driver Store. Error = 0x800B0109 inf=cstraid.inf log=setupapi title=Setup Import Driver Package"
            ])
    }

    @Test func recognisedByNameAndByContent() {
        let set = EvidenceReader().read(files: [
            ("Windows/INF/setupapi.dev.log", Self.log()), ("notes/drivers.txt", Self.log())
        ])
        #expect(
            set.sources.map { "\($0.path) \($0.kind.rawValue)" }
                == ["Windows/INF/setupapi.dev.log setupapi", "notes/drivers.txt setupapi"].sorted())
        #expect(set.facts.filter { $0.kind == FactKind.deviceInstallFailure }.count == 4)
    }

    @Test func theDocumentedOlderFooterAndCutSections() {
        let old = [
            ">>>  [Device Install - PCI\\VEN_104C&DEV_8019&SUBSYS_8010104C&REV_00\\3&61aaa01&0&38]",
            ">>>  2005/02/13 22:06:20.000: Section start",
            "!!!  ndv: Driver install failed.",
            "<<<  [2005/02/13 22:06:28.109: Section end]",
            "<<<  [Exit Status(0x00000000)]",
            ">>>  [Device Install - ROOT\\LEGACY_X\\0000]",
            "!!!  ndv: Failed.",
            "<<<  [Exit Status(0xE000020B)]",
            // a footer with no section open, a header cut short
            "<<<  [Exit status: FAILURE(0x00000005)]",
            ">>>  [Device Install - "
        ]
        let ctx = Harness.run(.setupAPI, bytes: Array(old.joined(separator: "\n").utf8))
        #expect(
            ctx.facts.filter { $0.kind == FactKind.deviceInstallFailure }.map(\.summary) == [
                "8 device-install-failure code=0xe000020b device=ROOT\\LEGACY_X\\0000 error=ndv: Failed. log=setupapi title=Device Install"
            ])
    }
}
