import Foundation
import Testing

/// `--format html -o FILE`: the file is self-contained, its timeline is in time order, and it renders in a
/// real browser (headless Chromium, when installed: `.ci/run` installs it) without a console message.
@Suite struct HTMLReportTests {
    static var binary: String? { TriageProcess.binary }
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The seed case's report (`triage next Tests/Cases/CAS-07397`), written to a fresh file.
    static func seedReport() throws -> (path: String, html: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "triage-seed-\(UUID().uuidString).html"
        ).path
        let run = try TriageProcess.run(["next", "Tests/Cases/CAS-07397", "--format", "html", "-o", path])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.isEmpty)
        return (path, try String(contentsOfFile: path, encoding: .utf8))
    }

    /// The timeline rows of `html` as (KB, UTC text), in document order.
    static func timelineRows(_ html: String) -> [(kb: String, utc: String)] {
        let pattern = #/<tr data-utc="\d+" data-kb="([^"]*)"><td class="time">([^<]*)</td>/#
        return html.matches(of: pattern).map { (String($0.output.1), String($0.output.2)) }
    }

    static let seedAttempts = [
        "2022-10-27 02:41:12 UTC", "2022-11-01 01:09:47 UTC", "2022-11-02 02:18:02 UTC", "2022-11-03 09:30:02 UTC",
        "2022-11-04 01:44:29 UTC", "2022-11-06 06:05:55 UTC", "2022-11-07 08:35:20 UTC"
    ]

    @Test(.enabled(if: binary != nil, "build triage first (swift build)"))
    func seedTimelineListsTheSevenAttemptsInTimeOrderOnTheUTCAxis() throws {
        let (path, html) = try Self.seedReport()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = Self.timelineRows(html).filter { $0.kb == "KB5016623" }
        #expect(rows.map(\.utc) == Self.seedAttempts)
        // CBS.log is local: its time is converted with the offset the event log and WindowsUpdate.log show.
        #expect(html.contains("<td class=\"time\">2022-10-27 10:41:12 local</td>"))
        #expect(html.contains("UTC+8"))
        // An event-log attempt also in WindowsUpdate.log shows its local time too.
        #expect(
            html.contains(
                "<td class=\"time\">2022-11-01 01:09:47 UTC</td><td class=\"time\">2022-11-01 09:09:47 local</td>"))
        #expect(html.contains("triage 0.14.0, knowledge kb-"))
        // Every citation opens a log view with the lines around it, read from the bundle's folder.
        #expect(html.contains("<div class=\"log\" id=\"log-1\">"))
        #expect(html.contains("<span class=\"hit\"><span class=\"ln\">5</span>"))
    }

    @Test(.enabled(if: binary != nil, "build triage first (swift build)"))
    func reportsReferenceNothingOutsideTheFile() throws {
        let (path, seed) = try Self.seedReport()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let zipPath = path + ".zip.html"
        defer { try? FileManager.default.removeItem(atPath: zipPath) }
        let run = try TriageProcess.run([
            "analyze", "Tests/Cases/CAS-07397/bundles/2022-10-28-BR0101-PC023.zip",
            "--format", "html", "-o", zipPath, "--lang", "zh-CN"
        ])
        #expect(run.status == 0)
        let zip = try String(contentsOfFile: zipPath, encoding: .utf8)
        for html in [seed, zip] {
            // The script loads nothing either; the markup around it references only its own anchors.
            let parts = html.split(separator: "<script>", maxSplits: 1)
            #expect(parts.count == 2)
            let script = String(parts.last!.split(separator: "</script>", maxSplits: 1).first!)
            let markup = String(parts.first!) + String(parts.last!.split(separator: "</script>", maxSplits: 1).last!)
            #expect(script.firstMatch(of: #/(?i)fetch|xmlhttprequest|import|websocket|https?:|file:|\.src\b/#) == nil)
            let references = markup.matches(of: #/(?i)(?:src|href|action|srcset|poster|data)\s*=\s*["']?([^"'\s>]*)/#)
                .map { String($0.output.1) }
            #expect(!references.isEmpty)
            #expect(references.allSatisfy { $0.hasPrefix("#") }, "\(references.filter { !$0.hasPrefix("#") })")
            #expect(markup.firstMatch(of: #/(?i)<link|<iframe|<img|<object|<embed|<base|@import|url\(/#) == nil)
            #expect(html.contains("<style>") && html.contains("<script>"))
        }
        // Inside a zip the log cannot be read again: the view shows the lines the readers kept, escaped.
        #expect(zip.contains("仅显示读取器保留的行"))
    }

    /// A UTF-16LE CBS.log whose install attempt is on line 603: the log view shows lines 583 to 623 read from
    /// the file itself (the filler lines yield no fact), decoded.
    @Test(.enabled(if: binary != nil, "build triage first (swift build)"))
    func logViewReadsTheLinesAroundTheCitationFromTheLog() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("triage-html-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cbs = folder.appendingPathComponent("Logs/CBS")
        try FileManager.default.createDirectory(at: cbs, withIntermediateDirectories: true)
        var lines = (1...600).map { "2022-10-27 10:41:10, Info                  CBS    Filler line \($0) of the test" }
        lines += [
            "2022-10-27 10:41:12, Info                  CBS    Session: 30997811_3301947210 initialized by client WindowsUpdateAgent, external staging directory: (null), external registry directory: (null)",
            "2022-10-27 10:41:12, Info                  CBS    Exec: Clients specified using Windows Update.",
            "2022-10-27 10:41:12, Info                  CBS    Exec: Processing started.  Client: WindowsUpdateAgent, Session: 30997811_3301947210, Package: Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.1889",
            "2022-10-27 10:59:47, Error                 CBS    Expand: Failed to extract files from container C:\\Windows\\SoftwareDistribution\\Download\\7c1a\\Windows10.0-KB5016623-x64.cab",
            "2022-10-27 10:59:47, Error                 CBS    Exec: Processing complete, session(Corruption Repairing): 30997811_3301947210 [HRESULT = 0x800f0821 - CBS_E_ABORT]"
        ]
        lines += (1...40).map { "2022-10-27 11:00:00, Info                  CBS    Trailer line \($0) <b>&amp;" }
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in (lines.joined(separator: "\r\n") + "\r\n").utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try Data(bytes).write(to: cbs.appendingPathComponent("CBS.log"))
        let out = folder.appendingPathComponent("report.html").path
        let run = try TriageProcess.run(["analyze", folder.path, "--format", "html", "-o", out])
        #expect(run.status == 0, "\(run.err)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("<a href=\"#log-"))
        #expect(
            html.contains(
                "<span class=\"hit\"><span class=\"ln\">603</span>  2022-10-27 10:41:12, Info                  CBS    Exec: Processing started."
            ))
        // The view of line 603: its <pre> runs from line 583 to line 623, escaped.
        let hit = try #require(html.range(of: "<span class=\"hit\"><span class=\"ln\">603</span>"))
        let open = try #require(html.range(of: "<pre>", options: .backwards, range: html.startIndex..<hit.lowerBound))
        let close = try #require(html.range(of: "</pre>", range: hit.upperBound..<html.endIndex))
        let view = String(html[open.upperBound..<close.lowerBound])
        #expect(
            view.hasPrefix(
                "<span class=\"ln\">583</span>  2022-10-27 10:41:10, Info                  CBS    Filler line 583 of the test\n"
            ))
        #expect(
            view.hasSuffix(
                "<span class=\"ln\">623</span>  2022-10-27 11:00:00, Info                  CBS    Trailer line 18 &lt;b&gt;&amp;amp;\n"
            ))
        #expect(view.components(separatedBy: "<span class=\"ln\">").count - 1 == 41)
    }

    @Test(.enabled(if: binary != nil, "build triage first (swift build)"))
    func htmlNeedsAnOutputFile() throws {
        let run = try TriageProcess.run(["analyze", "Tests/Cases/pending-reboot/bundles", "--format", "html"])
        #expect(run.status == 64)
        #expect(run.err.contains("--format html writes one file: give it with -o FILE"))
    }

    @Test(
        .enabled(if: binary != nil && chromium != nil, "needs the triage build and chromium (apt-get install chromium)")
    )
    func seedReportRendersInHeadlessChromium() throws {
        let (path, _) = try Self.seedReport()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "triage-chromium-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)",
            "--enable-logging=stderr", "--v=0"
        ]
        let dom = try Self.browser(common + ["--dump-dom", "file://" + path])
        #expect(dom.status == 0)
        // The page's own check ran: timeline in order, every link has its target.
        #expect(dom.out.contains("<p id=\"selfcheck\">selfcheck: ok, 7 attempts</p>"), "\(dom.out.suffix(400))")
        #expect(Self.timelineRows(dom.out).filter { $0.kb == "KB5016623" }.map(\.utc) == Self.seedAttempts)
        // No console message of any level (errors, uncaught exceptions).
        let console = dom.err.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        #expect(console.isEmpty, "\(console)")

        let artifacts = TriageProcess.repo.appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let shot = artifacts.appendingPathComponent("seed-report.png").path
        try? FileManager.default.removeItem(atPath: shot)
        let screenshot = try Self.browser(
            common + [
                "--hide-scrollbars", "--window-size=1200,2400",
                "--screenshot=\(shot)", "file://" + path
            ])
        #expect(screenshot.status == 0)
        let png = FileManager.default.contents(atPath: shot) ?? Data()
        #expect(png.count > 10_000)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    /// Runs Chromium, killed after 120 s.
    static func browser(_ args: [String]) throws -> (out: String, err: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = args
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = DispatchTime.now() + .seconds(120)
        DispatchQueue.global().asyncAfter(deadline: deadline) { if process.isRunning { process.terminate() } }
        nonisolated(unsafe) var outData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (
            String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self),
            process.terminationStatus
        )
    }
}
