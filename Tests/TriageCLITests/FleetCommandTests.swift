import Foundation
import Testing

/// `triage fleet`: one row per bundle (in the order given), then the machines grouped by diagnosis.
@Suite(.enabled(if: TriageProcess.binary != nil, "build triage first (swift build)")) struct FleetCommandTests {
    static let fixtures = [
        "Tests/Cases/CAS-07397/bundles/2022-11-08-BR0101-PC023",
        "Tests/Cases/pending-reboot/bundles/2023-05-19-OPS-WS0077",
        "Tests/Cases/payload-corrupt-wsus/bundles/2023-04-20-FIN-WS0412",
        "Tests/Cases/does-not-exist"
    ]

    /// Every bundle of every regression case.
    static func allBundles() throws -> [String] {
        let cases = TriageProcess.repo.appendingPathComponent("Tests/Cases")
        var bundles: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: cases.path).sorted() {
            let folder = cases.appendingPathComponent(name).appendingPathComponent("bundles")
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            bundles += entries.sorted().map { "Tests/Cases/\(name)/bundles/\($0)" }
        }
        return bundles
    }

    @Test func textRowsThenGroups() throws {
        let run = try TriageProcess.run(["fleet"] + Self.fixtures, environment: ["COLUMNS": "80"])
        #expect(run.status == 0)
        #expect(run.err.isEmpty)
        #expect(
            run.out == """
                MACHINE        KB        FAILS  TOP CAUSE                CONF  FIRST STEP
                BR0101-PC023   KB5016623     7  payload-corrupt           70%  offline-install-…
                OPS-WS0077     KB5026361     1  pending-reboot            82%  complete-pending…
                FIN-WS0412     KB5025221     3  payload-corrupt           78%  clear-download-c…
                does-not-exist ! no such file or folder

                Groups by diagnosis:
                  1 machine: payload-corrupt via WSUS http://92.0.14.83:8530 →
                    offline-install-with-hash
                    BR0101-PC023
                  1 machine: payload-corrupt via WSUS http://wsus01.contoso.local:8530 →
                    clear-download-cache-retry
                    FIN-WS0412
                  1 machine: pending-reboot → complete-pending-reboot
                    OPS-WS0077
                  1 machine: unreadable → no step
                    does-not-exist

                4 machines, 3 with failed installs

                """)
    }

    @Test func jsonRowsAndGroups() throws {
        let run = try TriageProcess.run(["fleet", "--format", "json", "--jobs", "2"] + Self.fixtures)
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as! [String: Any]
        let machines = object["machines"] as! [[String: Any]]
        #expect(
            machines.map { $0["machine"] as! String } == ["BR0101-PC023", "OPS-WS0077", "FIN-WS0412", "does-not-exist"])
        #expect(machines.map { $0["failures"] as! Int } == [7, 1, 3, 0])
        #expect(machines[0]["kb"] as? String == "KB5016623")
        #expect(machines[0]["cause"] as? String == "payload-corrupt")
        #expect(machines[0]["confidence"] as? Double == 0.7012)
        #expect(machines[0]["step"] as? String == "offline-install-with-hash")
        #expect(machines[0]["wsus"] as? String == "http://92.0.14.83:8530")
        #expect(machines[3]["problem"] as? String == "no such file or folder")
        let groups = object["groups"] as! [[String: Any]]
        #expect(
            groups.map { $0["label"] as! String } == [
                "1 machine: payload-corrupt via WSUS http://92.0.14.83:8530 → offline-install-with-hash",
                "1 machine: payload-corrupt via WSUS http://wsus01.contoso.local:8530 → clear-download-cache-retry",
                "1 machine: pending-reboot → complete-pending-reboot",
                "1 machine: unreadable → no step"
            ])
        #expect((object["version"] as? [String: Any])?["tool"] as? String == "0.14.0")
        // Deterministic: one worker or several, the same bytes.
        let serial = try TriageProcess.run(["fleet", "--format", "json", "--jobs", "1"] + Self.fixtures)
        #expect(serial.out == run.out)
    }

    @Test func everyCaseBundleGetsOneRowInEveryFormat() throws {
        let bundles = try Self.allBundles()
        #expect(bundles.count >= 26)
        let text = try TriageProcess.run(["fleet"] + bundles, environment: ["COLUMNS": "80"])
        #expect(text.status == 0)
        let lines = text.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("MACHINE") == true)
        // The header, one row per bundle, a blank line, the groups.
        #expect(lines[bundles.count + 1] == "")
        #expect(lines[bundles.count + 2] == "Groups by diagnosis:")
        #expect(lines.allSatisfy { $0.count <= 80 })
        // 28: the six upgrade cases whose setupact shows a fatal failure count their feature update, and so
        // does upgrade-rollback-no-phase (0xC1900101 on an Error line of its rollback log).
        #expect(text.out.hasSuffix("\n\(bundles.count) machines, 28 with failed installs\n"))

        let json = try TriageProcess.run(["fleet", "--format", "json"] + bundles)
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [String: Any]
        let rows = object["machines"] as! [[String: Any]]
        #expect(rows.map { $0["bundle"] as! String } == bundles)
        let grouped = (object["groups"] as! [[String: Any]]).map { $0["count"] as! Int }.reduce(0, +)
        #expect(grouped == bundles.count)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "triage-fleet-\(UUID().uuidString).html"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let html = try TriageProcess.run(["fleet", "--format", "html", "-o", path] + bundles)
        #expect(html.status == 0)
        let page = try String(contentsOfFile: path, encoding: .utf8)
        #expect(page.components(separatedBy: "<tr><td>").count - 1 == bundles.count)
        #expect(page.contains("<ol id=\"groups\">"))
        #expect(page.firstMatch(of: #/(?i)(src|href)\s*=\s*["']?(https?:|file:|//)/#) == nil)
    }
}
